import { useId, useState, type RefObject } from 'react';

const MAX_BYTES = 20 * 1024 * 1024;

/**
 * A document to import: pasted, or read from a file the person chooses (FileReader, in the window). The text stays in
 * the DOM textarea (uncontrolled), never in React state: a Postman collection may hold secrets. `accept` lists the
 * file types the chooser offers (JSON by default).
 */
export function DocumentSource(props: {
  label: string;
  hint: string;
  areaRef: RefObject<HTMLTextAreaElement | null>;
  onText: (text: string) => void;
  accept?: string;
}) {
  const id = useId();
  const [problem, setProblem] = useState<string | null>(null);
  const read = (file: File) => {
    setProblem(null);
    if (file.size > MAX_BYTES) {
      setProblem(`${file.name} is larger than 20 MB; this does not look like an API description.`);
      return;
    }
    const reader = new FileReader();
    reader.onload = () => {
      const area = props.areaRef.current;
      if (!area) return;
      area.value = String(reader.result);
      props.onText(area.value);
    };
    reader.onerror = () => setProblem(`${file.name} could not be read.`);
    reader.readAsText(file);
  };
  return (
    <div className="document-source">
      <div className="field">
        <label htmlFor={id}>{props.label}</label>
        <textarea id={id} ref={props.areaRef} rows={8} spellCheck={false} onInput={(e) => props.onText(e.currentTarget.value)} aria-describedby={`${id}-hint`} />
        <p id={`${id}-hint`} className="field-hint">
          {props.hint}
        </p>
      </div>
      <div className="field inline">
        <label htmlFor={`${id}-file`}>Or choose a file</label>
        <input
          id={`${id}-file`}
          type="file"
          accept={props.accept ?? '.json,application/json'}
          onChange={(e) => {
            const file = e.currentTarget.files?.[0];
            if (file) read(file);
            e.currentTarget.value = '';
          }}
        />
      </div>
      {problem && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}
