import { useId } from 'react';
import { timeoutBoundsS } from '../lib/request-check';

/**
 * The Request form's Timeout, in seconds: how long a send waits for the server before it fails as timed out. Compact
 * (one short number input with its unit); its accessible name says the unit, "Timeout in seconds".
 */
export function TimeoutField(props: { value: string; onChange: (value: string) => void }) {
  const id = useId();
  return (
    <div className="field inline timeout-field">
      <label htmlFor={id}>
        Timeout<span className="visually-hidden"> in seconds</span>
      </label>
      <input
        id={id}
        data-field="timeout"
        type="number"
        inputMode="decimal"
        min={timeoutBoundsS.min}
        max={timeoutBoundsS.max}
        step="any"
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
      />
      <span aria-hidden="true">s</span>
    </div>
  );
}
