import { useState } from 'react';
import { formatDuration } from '../../../shared/metrics';
import type { FlowState } from '../hooks/useFlowProgress';
import { useSecondsLeft } from '../hooks/useSecondsLeft';
import { formatTime } from '../lib/format';
import { CopyField } from './CopyField';

/**
 * The device flow's instructions (RFC 8628 §3.3): the user code, big and readable, with a Copy button, where to type
 * it, and how long it stays valid (counting down; §3.2 `expires_in`).
 */
export function DeviceCodeView({ device }: { device: NonNullable<FlowState['device']> }) {
  const [copied, setCopied] = useState(false);
  const secondsLeft = useSecondsLeft(device.expiresAt);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(device.userCode);
      setCopied(true);
    } catch {
      setCopied(false); // the code stays selectable on screen
    }
  };
  return (
    <div className="device-code">
      <p>On any device, open the verification page and enter this code:</p>
      <div className="user-code-row">
        <p className="user-code">
          <span className="visually-hidden">User code: </span>
          <span>{device.userCode}</span>
        </p>
        <button type="button" className="btn btn-small" onClick={() => void copy()}>
          {copied ? 'Copied' : 'Copy code'}
        </button>
        <span className="visually-hidden" role="status">
          {copied ? 'Code copied to the clipboard.' : ''}
        </span>
      </div>
      <CopyField label="Verification page" value={device.verificationUri} />
      {device.verificationUriComplete && <CopyField label="Or open this link (code included)" value={device.verificationUriComplete} />}
      <p className="hint">
        {secondsLeft > 0
          ? `The code expires in ${formatDuration(secondsLeft * 1000)} (at ${formatTime(new Date(device.expiresAt).toISOString())}).`
          : 'The code has expired: cancel and start the sign-in again.'}{' '}
        Only enter it on a page you opened yourself: never because someone sent you this code (RFC 8628 §5.4).
      </p>
    </div>
  );
}
