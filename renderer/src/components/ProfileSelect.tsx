import type { ProfileView } from '../../../shared/contract';

/** A labelled select of the workspace's profiles, with a first option for "none" (no auth, all profiles…). */
export function ProfileSelect(props: { id: string; label: string; noneLabel: string; value: string; profiles: ProfileView[]; onChange: (id: string) => void }) {
  return (
    <>
      <label htmlFor={props.id}>{props.label}</label>
      <select id={props.id} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
        <option value="">{props.noneLabel}</option>
        {props.profiles.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </select>
    </>
  );
}
