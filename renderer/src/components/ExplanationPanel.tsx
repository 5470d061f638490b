import { Fragment, useId, type ReactNode } from 'react';
import type { Explanation } from '../../../shared/explain';

/** "serverDate" → "server date", "clockDifferenceS" → "clock difference (s)": a fact's key as a label. */
const factLabel = (key: string) =>
  key
    .replace(/([a-z])S$/, '$1 (s)')
    .replace(/_/g, ' ')
    .replace(/([a-z])([A-Z])/g, (_, a: string, b: string) => `${a} ${b.toLowerCase()}`);

/**
 * Why a request failed, in plain words: what happened, what to try, the rule behind it and the facts it rests on;
 * `children` (buttons for the next step) come last.
 */
export function ExplanationPanel({ explanation: e, children }: { explanation: Explanation; children?: ReactNode }) {
  const id = useId();
  const facts = Object.entries(e.facts);
  return (
    <section className="explanation" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>
        <span className="explanation-icon" aria-hidden="true">
          ?
        </span>
        {e.title}
      </h3>
      <p className="explanation-detail">{e.detail}</p>
      {e.tryThis.length > 0 && (
        <>
          <h4 id={`${id}-try`}>Try this</h4>
          <ol className="explanation-try" aria-labelledby={`${id}-try`}>
            {e.tryThis.map((t) => (
              <li key={t}>{t}</li>
            ))}
          </ol>
        </>
      )}
      {facts.length > 0 && (
        <dl className="kv explanation-facts" aria-label="What the answer said">
          {facts.map(([k, v]) => (
            <Fragment key={k}>
              <dt>{factLabel(k)}</dt>
              <dd>
                <code>{v}</code>
              </dd>
            </Fragment>
          ))}
        </dl>
      )}
      {e.rule && (
        <p className="explanation-rule">
          Rule: <cite>{e.rule}</cite>
        </p>
      )}
      {children}
    </section>
  );
}
