import { useId, useState } from 'react';
import type { PresetParam } from '../../../../shared/presets';
import { paramProblem } from '../../lib/preset-form';

/**
 * One per-account value of a preset: a select for fixed choices (region, environment), else a text input checked
 * against the preset's pattern once the person leaves it (or tries to create the profile: `showProblem`).
 */
export function PresetParamField(props: { param: PresetParam; value: string; onChange: (value: string) => void; showProblem: boolean }) {
  const id = useId();
  const [touched, setTouched] = useState(false);
  const p = props.param;
  const problem = touched || props.showProblem ? paramProblem(p, props.value) : null;
  const hint = problem ?? (p.example ? `For example ${p.example}.` : p.pattern ? null : 'Letters, digits, dots, dashes and underscores.');
  if (p.choices) {
    return (
      <div className="field">
        <label htmlFor={id}>{p.label}</label>
        <select id={id} data-param={p.id} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
          {p.choices.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </select>
      </div>
    );
  }
  return (
    <div className="field">
      <label htmlFor={id}>{p.label}</label>
      <input
        id={id}
        data-param={p.id}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value.trim())}
        onBlur={() => setTouched(true)}
        placeholder={p.example}
        autoComplete="off"
        spellCheck={false}
        aria-invalid={problem ? true : undefined}
        aria-describedby={hint ? `${id}-hint` : undefined}
      />
      {hint && (
        <p id={`${id}-hint`} className={problem ? 'field-error' : 'field-hint'}>
          {hint}
        </p>
      )}
    </div>
  );
}
