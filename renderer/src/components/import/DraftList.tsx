import { useState } from 'react';
import type { ProfileView } from '../../../../shared/contract';
import { uniqueName } from '../../../../shared/import/unique-name';
import type { DraftView } from '../../lib/import-preview';
import { DraftCard } from './DraftCard';

/**
 * The profiles an import drafted, each created on its own. `onAllCreated` runs once every draft is a profile (the
 * Postman tab then empties its source, which may hold secrets). Each draft is proposed under a name that neither a
 * profile in `profileNames` nor an earlier draft has.
 */
export function DraftList(props: {
  drafts: DraftView[];
  source: string;
  profileNames: string[];
  sourceSecrets: (index: number) => Record<string, string>;
  onAdded: (p: ProfileView) => void;
  onOpen: (p: ProfileView) => void;
  onAllCreated?: () => void;
}) {
  const [created, setCreated] = useState<Record<number, ProfileView>>({});
  const [names] = useState(() => props.drafts.reduce<string[]>((out, d) => [...out, uniqueName(d.name, [...props.profileNames, ...out])], []));
  if (props.drafts.length === 0) return <p className="hint">No profile could be drafted from this document: see the warnings.</p>;
  const onCreated = (i: number, p: ProfileView) => {
    const next = { ...created, [i]: p };
    setCreated(next);
    props.onAdded(p);
    if (Object.keys(next).length === props.drafts.length) props.onAllCreated?.();
  };
  return (
    <section aria-labelledby="drafts-title">
      <h3 id="drafts-title">
        {props.drafts.length === 1 ? 'One profile' : `${props.drafts.length} profiles`} to create
      </h3>
      <ul className="draft-list">
        {props.drafts.map((d, i) => (
          <DraftCard
            key={i}
            draft={d}
            name={names[i] ?? d.name}
            source={props.source}
            sourceSecrets={() => props.sourceSecrets(i)}
            created={created[i] ?? null}
            onCreated={(p) => onCreated(i, p)}
            onOpen={props.onOpen}
          />
        ))}
      </ul>
    </section>
  );
}
