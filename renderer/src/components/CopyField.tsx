import { useId, useState } from 'react';

/** A read-only value (a long URL) that can be selected or copied with one click. */
export function CopyField(props: { label: string; value: string }) {
  const id = useId();
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.value);
      setCopied(true);
    } catch {
      document.getElementById(id)?.focus();
    }
  };
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <div className="input-with-button">
        <input id={id} type="url" value={props.value} readOnly onFocus={(e) => e.currentTarget.select()} spellCheck={false} />
        <button type="button" className="btn btn-small" onClick={() => void copy()}>
          {copied ? 'Copied' : 'Copy'}
        </button>
      </div>
      <span className="visually-hidden" role="status">
        {copied ? 'Copied to the clipboard.' : ''}
      </span>
    </div>
  );
}
