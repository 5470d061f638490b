import type { AuthStep } from '../../../shared/request';
import { formatMs } from '../lib/format';

const kindLabels: Record<AuthStep['kind'], string> = {
  applied: 'applied',
  'stripped-on-redirect': 'stripped on redirect',
  refused: 'refused',
  note: 'note',
};

/** The timeline of what the auth layer did for a request; `empty` says why there is none (default: no authentication). */
export function AuthStepsList({ steps, empty }: { steps: AuthStep[]; empty?: string }) {
  return (
    <section className="auth-steps" aria-label="Auth steps">
      <h3>Auth steps</h3>
      {steps.length === 0 ? (
        <p className="hint">{empty ?? 'No authentication was applied.'}</p>
      ) : (
        <ol className="timeline">
          {steps.map((s, i) => (
            <li key={i} className={`step step-${s.kind}`}>
              <span className="step-kind">{kindLabels[s.kind]}</span>
              <span className="step-detail">{s.detail}</span>
              {s.durationMs !== undefined && <span className="step-time">{formatMs(s.durationMs)}</span>}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
