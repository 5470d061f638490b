import { useId, useState, type ChangeEvent } from 'react';
import { readFileAs, type SecretTextKind } from '../lib/secret-text';

/**
 * "Or read it from a file": a native file chooser whose content (text for PEM, base64 of the bytes for PKCS#12) is
 * handed to `onRead`. The chooser is emptied right after, so the file stays selected nowhere.
 */
export function FilePick(props: { label: string; accept: string; kind: SecretTextKind; onRead: (value: string, fileName: string) => void }) {
  const id = useId();
  const [error, setError] = useState<string | null>(null);
  const read = async (e: ChangeEvent<HTMLInputElement>) => {
    const input = e.currentTarget;
    const file = input.files?.[0];
    if (!file) return;
    try {
      props.onRead(await readFileAs(file, props.kind), file.name);
      setError(null);
    } catch {
      setError(`Could not read ${file.name}.`);
    } finally {
      input.value = '';
    }
  };
  return (
    <div className="file-pick">
      <label htmlFor={id}>{props.label}</label>
      <input id={id} type="file" accept={props.accept} onChange={(e) => void read(e)} />
      {error && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
