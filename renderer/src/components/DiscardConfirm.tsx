import { closeOnEscape } from '../hooks/useFocusReturn';

/**
 * The New profile editor's "discard what you typed?" step, shown when Escape is pressed in a form someone has typed in:
 * focus lands on Discard; Keep editing (or Escape again) closes it and the form stays as it was.
 */
export function DiscardConfirm(props: { onDiscard: () => void; onKeep: () => void }) {
  return (
    <div className="confirm" role="group" aria-label="Confirm discarding the new profile" onKeyDown={closeOnEscape(props.onKeep)}>
      <p>Discard this new profile? What you typed here, secrets included, is not saved.</p>
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
