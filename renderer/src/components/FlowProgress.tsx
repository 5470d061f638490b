import type { KeyboardEvent } from 'react';
import type { FlowState } from '../hooks/useFlowProgress';
import { CopyField } from './CopyField';
import { DeviceCodeView } from './DeviceCodeView';

/**
 * A sign-in in progress, step by step, with a Cancel button while it waits for the person; Escape inside it cancels
 * too (as it closes the app's other inline forms).
 */
export function FlowProgress(props: { state: FlowState; onCancel: () => void }) {
  const s = props.state;
  if (s.step === 'done') return null;
  const waiting = s.step !== 'exchanging_code';
  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    if (e.key !== 'Escape' || !waiting) return;
    e.preventDefault();
    props.onCancel();
  };
  return (
    <section className="flow-progress" aria-label="Sign-in progress" onKeyDown={onKeyDown}>
      {s.againBecause && <p className="flow-again">Sign in again: {s.againBecause}.</p>}
      {s.step === 'waiting_for_browser' && (
        <>
          <p className="flow-status" role="status">
            Waiting for you to sign in in your browser…
          </p>
          {s.authorizationUrl && <CopyField label="If no browser tab opened, open this link yourself" value={s.authorizationUrl} />}
        </>
      )}
      {s.step === 'exchanging_code' && (
        <p className="flow-status" role="status">
          Exchanging the code…
        </p>
      )}
      {s.device && <DeviceCodeView device={s.device} />}
      {s.step === 'polling' && (
        <p className="flow-status" role="status">
          Waiting for approval (polling every {s.intervalS} s)…
        </p>
      )}
      {waiting && (
        <button type="button" className="btn btn-small" onClick={props.onCancel}>
          Cancel sign-in
        </button>
      )}
    </section>
  );
}
