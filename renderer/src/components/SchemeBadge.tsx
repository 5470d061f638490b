import type { Scheme } from '../../../shared/profile';
import { schemeLabels } from '../lib/format';
import '../styles/schemes.css';

/** A small coloured label naming an auth scheme. */
export function SchemeBadge({ scheme }: { scheme: Scheme }) {
  return <span className={`badge badge-${scheme}`}>{schemeLabels[scheme]}</span>;
}
