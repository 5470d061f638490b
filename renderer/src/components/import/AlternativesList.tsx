/**
 * How an OpenAPI document lets a client authenticate: each line is one Security Requirement Object, and any one line
 * is enough (OR); the schemes on one line must all be sent together (AND).
 */
export function AlternativesList({ alternatives }: { alternatives: string[][] }) {
  if (alternatives.length === 0) return null;
  return (
    <section className="alternatives" aria-labelledby="alternatives-title">
      <h3 id="alternatives-title">How this API accepts credentials</h3>
      <p className="field-hint">
        {alternatives.length > 1 ? 'Any one of these lines is enough (OR). ' : ''}Schemes joined by “and” must be sent together on the same request (AND).
      </p>
      <ul>
        {alternatives.map((names, i) => (
          <li key={i}>
            {i > 0 && <span className="alt-or">or </span>}
            {names.length === 0
              ? 'no credentials at all (some operations allow anonymous calls)'
              : names.map((n, j) => (
                  <span key={n}>
                    {j > 0 && <span className="alt-and"> and </span>}
                    <code>{n}</code>
                  </span>
                ))}
          </li>
        ))}
      </ul>
    </section>
  );
}
