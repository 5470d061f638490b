import { useFocusReturn } from '../hooks/useFocusReturn';
import { ErrorAlert } from './ErrorAlert';

/**
 * The end of a form: its error (role="alert"), the submit button (disabled and relabelled while busy) and an
 * optional Cancel. `errorId` is the error's id, for the field it is about to point at (aria-describedby).
 */
export function FormActions(props: { error: string | null; errorId?: string; busy: boolean; label: string; busyLabel: string; onCancel?: () => void }) {
  const submitButton = useFocusReturn<HTMLButtonElement>(props.busy);
  return (
    <>
      <ErrorAlert message={props.error} id={props.errorId} />
      <div className="button-row">
        <button ref={submitButton} type="submit" className="btn btn-primary" disabled={props.busy}>
          {props.busy ? props.busyLabel : props.label}
        </button>
        {props.onCancel && (
          <button type="button" className="btn" onClick={props.onCancel}>
            Cancel
          </button>
        )}
      </div>
    </>
  );
}
