import type { FlowState } from '../hooks/useFlowProgress';
import { formatTime } from '../lib/format';
import { CopyField } from './CopyField';

/** The device flow's instructions (RFC 8628 §3.3): the user code, big and readable, and where to type it. */
export function DeviceCodeView({ device }: { device: NonNullable<FlowState['device']> }) {
  return (
    <div className="device-code">
      <p>On any device, open the verification page and enter this code:</p>
      <p className="user-code">
        <span className="visually-hidden">User code: </span>
        <span>{device.userCode}</span>
      </p>
      <CopyField label="Verification page" value={device.verificationUri} />
      {device.verificationUriComplete && <CopyField label="Or open this link (code included)" value={device.verificationUriComplete} />}
      <p className="hint">
        The code expires at {formatTime(new Date(device.expiresAt).toISOString())}. Only enter it on a page you opened
        yourself: never because someone sent you this code (RFC 8628 §5.4).
      </p>
    </div>
  );
}
