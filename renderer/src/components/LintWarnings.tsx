import { useId } from 'react';
import type { LintWarning } from '../../../shared/lint';

/** A profile's configuration warnings (shared/lint.ts), each with what is wrong, the fix and the rule behind it. */
export function LintWarnings({ warnings }: { warnings: LintWarning[] }) {
  const id = useId();
  if (warnings.length === 0) return null;
  return (
    <section className="lint" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>
        <span className="lint-icon" aria-hidden="true">
          !
        </span>
        {warnings.length === 1 ? 'One setting needs attention' : `${warnings.length} settings need attention`}
      </h3>
      <ul>
        {warnings.map((w) => (
          <li key={`${w.code}:${w.message}`}>
            <p className="lint-message">{w.message}</p>
            <p>
              <strong>Fix:</strong> {w.fix}
            </p>
            <p className="lint-rule">
              Rule: <cite>{w.rule}</cite>
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}
