import { closeOnEscape } from '../hooks/useFocusReturn';

/**
 * An editor's "discard what you typed?" step (useEditorLeave), shown when Escape or sidebar navigation would drop what
 * someone typed: focus lands on Discard; Keep editing (or Escape again) closes it and the form stays as it was.
 * `question` and `label` (the group's accessible name) default to the New profile editor's wording.
 */
export function DiscardConfirm(props: { onDiscard: () => void; onKeep: () => void; question?: string; label?: string }) {
  return (
    <div className="confirm" role="group" aria-label={props.label ?? 'Confirm discarding the new profile'} onKeyDown={closeOnEscape(props.onKeep)}>
      <p>{props.question ?? 'Discard this new profile? What you typed here, secrets included, is not saved.'}</p>
      <div className="button-row">
        <button type="button" className="btn btn-danger" onClick={props.onDiscard} autoFocus>
          Discard
        </button>
        <button type="button" className="btn" onClick={props.onKeep}>
          Keep editing
        </button>
      </div>
    </div>
  );
}
