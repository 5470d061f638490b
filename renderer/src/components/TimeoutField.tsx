import { useId, type KeyboardEvent } from 'react';
import { steppedTimeout } from '../lib/request-check';

/**
 * The Request form's Timeout, in seconds: how long a send waits for the server before it fails as timed out. Compact
 * (one short input with its unit); its accessible name says the unit, "Timeout in seconds". A text input with a
 * decimal keypad rather than type="number": Chromium's number input silently drops a decimal comma ("1,5" became
 * 15 s), while this one keeps what was typed for timeoutMsOf, which reads a comma as the decimal mark. The arrow keys
 * still step it by one second, as a number input did.
 */
export function TimeoutField(props: { value: string; onChange: (value: string) => void }) {
  const id = useId();
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key !== 'ArrowUp' && e.key !== 'ArrowDown') return;
    const next = steppedTimeout(props.value, e.key === 'ArrowUp' ? 1 : -1);
    if (next === null) return;
    e.preventDefault();
    props.onChange(next);
  };
  return (
    <div className="field inline timeout-field">
      <label htmlFor={id}>
        Timeout<span className="visually-hidden"> in seconds</span>
      </label>
      <input
        id={id}
        data-field="timeout"
        type="text"
        inputMode="decimal"
        autoComplete="off"
        spellCheck={false}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        onKeyDown={onKeyDown}
      />
      <span aria-hidden="true">s</span>
    </div>
  );
}
