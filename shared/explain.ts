import { bearerError, oauthError, schemeMismatch, basicRejected, unauthorized, forbidden, preflight, generic } from './explain-auth';
import { contextOf, baseFacts, type Explanation, type ExplainInput, type Context, type Explainer } from './explain-context';
import { transport, strippedOnRedirect, rateLimited, clockTrouble } from './explain-network';

export type { Explanation, ExplainInput } from './explain-context';

const explainers: Explainer[] = [
  transport,
  strippedOnRedirect,
  rateLimited,
  clockTrouble,
  bearerError,
  oauthError,
  schemeMismatch,
  basicRejected,
  unauthorized,
  forbidden,
  preflight,
];

/** The first explainer's answer, else the generic one. */
function firstOf(ctx: Context): Explanation {
  for (const explain of explainers) {
    const found = explain(ctx);
    if (found) return found;
  }
  return generic(ctx);
}

/**
 * Explains why a request failed, for a person: the most specific of, in order, transport failures (network, TLS,
 * timeout), credentials withheld on a cross-origin redirect (RFC 9110 §15.4), rate limits (RFC 6585 §4, RFC 9110
 * §10.2.3), JWT time trouble against the server's `Date` (RFC 7519 §4.1.4–§4.1.6), Bearer errors (RFC 6750 §3.1),
 * OAuth error bodies (RFC 6749 §5.2), challenges for another scheme (RFC 9110 §11.6.1), rejected Basic credentials
 * (RFC 7617), other 401 / 403 (RFC 9110 §15.5.2, §15.5.4), and the rest by status.
 *
 * Returns null when there is nothing to explain: a 1xx–3xx with no failure, or a cancelled request. The output holds
 * no token and no claim other than token times; server-sent text (descriptions, realms) is quoted, so pass it
 * through the redactor like the body preview.
 */
export function explainFailure(input: ExplainInput): Explanation | null {
  if (input.failure === 'cancelled') return null;
  if (input.failure === null && (input.status === null || input.status < 400)) return null;
  const ctx = contextOf(input);
  const found = firstOf(ctx);
  return { ...found, facts: { ...baseFacts(ctx), ...found.facts } };
}
