import { formatDate, formatWhen } from '../lib/format';

/** "Verified · 14:03": when the profile's verify request last answered 2xx (the full date in the tooltip). */
export function VerifiedBadge({ at }: { at: string }) {
  return (
    <span className="badge badge-verified" title={`Credentials verified ${formatDate(at)}`}>
      <span aria-hidden="true">✓ </span>Verified · {formatWhen(at)}
    </span>
  );
}
