import type { FlowStep, OAuthConfig } from '../../../shared/oauth';
import { AuthdeskError } from '../errors';
import { OAUTH_TIMEOUT_MS } from './http';
import { startLoopback } from './loopback';
import { codeChallengeS256, createCodeVerifier, createState } from './pkce';
import { requestToken, type ClientAuth, type TokenResult } from './token-endpoint';

export interface InteractiveDeps {
  /** Opens the system browser (RFC 8252 §5, §8.12: never an embedded web view). Injected so tests drive it. */
  openBrowser(url: string): Promise<void>;
  onProgress(step: FlowStep): void;
  /** Learns one-off secrets (the code, the code_verifier) so redaction masks them. */
  learn(values: string[]): void;
  now(): number;
  signal?: AbortSignal;
  /** ms the user may take in the browser (or on the device): the whole wait for a sign-in or approval. */
  timeoutMs: number;
  /**
   * ms each token request of the flow may take (the code exchange): the caller's bound (`token --timeout`, a send's
   * timeout); 30 s (OAUTH_TIMEOUT_MS) when unset.
   */
  requestTimeoutMs?: number;
}

/** Adds scope, audience, resource and extra parameters shared by every grant. */
export function addCommonParams(config: OAuthConfig, params: URLSearchParams): void {
  if (config.scope?.trim()) params.set('scope', config.scope.trim().split(/\s+/).join(' ')); // RFC 6749 §3.3: space-delimited (T17)
  if (config.audience) params.set('audience', config.audience);
  if (config.resource) params.set('resource', config.resource);
  for (const [k, v] of Object.entries(config.extraParams ?? {})) if (!params.has(k)) params.set(k, v);
}

/**
 * The authorization code grant with PKCE S256 for a native app (RFC 6749 §4.1, RFC 7636, RFC 8252): a loopback
 * redirect, the system browser, one-time `state`, `iss` checked (RFC 9207 §2.4; see checkIss), then the code
 * exchanged at the token endpoint with the code_verifier (RFC 7636 §4.5) within `deps.requestTimeoutMs`.
 * `code_challenge_method=S256` is always sent (RFC 7636 §4.3). An `iss` accepted that the profile does not name as its
 * issuer comes back as a warning (an auth-step note).
 * @throws AuthdeskError `invalid_request` without an authorization endpoint or client_id, or with a redirect URI that
 *   is not loopback; `auth_failed` on refusal (an `iss` from the wrong server ends the flow at once), no answer from
 *   the token endpoint within the bound, the sign-in timeout (`deps.timeoutMs`) or cancel
 */
export async function runAuthorizationCode(config: OAuthConfig, auth: ClientAuth, deps: InteractiveDeps): Promise<TokenResult> {
  if (!config.authorizationEndpoint) throw new AuthdeskError('invalid_request', 'This profile has no authorization endpoint. Add it, or use Discover with the issuer URL.');
  if (!config.clientId) throw new AuthdeskError('invalid_request', 'This profile has no client_id (RFC 6749 §2.2). Add it.');
  const state = createState();
  const verifier = createCodeVerifier();
  deps.learn([state, verifier]);
  const loopback = await startLoopback({
    redirectUri: config.redirectUri,
    expectedState: state,
    expectedIssuer: config.issuer ?? null,
    requireIss: config.requireIss,
    authorizationEndpoint: config.authorizationEndpoint,
    timeoutMs: deps.timeoutMs,
    signal: deps.signal,
  });
  try {
    const url = new URL(config.authorizationEndpoint);
    const q = url.searchParams;
    q.set('response_type', 'code');
    q.set('client_id', config.clientId);
    q.set('redirect_uri', loopback.redirectUri);
    q.set('state', state);
    q.set('code_challenge', codeChallengeS256(verifier));
    q.set('code_challenge_method', 'S256');
    addCommonParams(config, q);
    // OpenID Connect Core §11: offline_access is ignored unless the user is asked for consent.
    if (/(^|\s)offline_access(\s|$)/.test(config.scope ?? '') && !q.has('prompt')) q.set('prompt', 'consent');
    const authorizationUrl = url.toString();
    deps.onProgress({ step: 'waiting_for_browser', authorizationUrl });
    await deps.openBrowser(authorizationUrl);
    const { code, issNote } = await loopback.result;
    deps.learn([code]);
    deps.onProgress({ step: 'exchanging_code' });
    const params = new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: loopback.redirectUri, code_verifier: verifier });
    const result = await requestToken(config.tokenEndpoint, auth, params, { timeoutMs: deps.requestTimeoutMs ?? OAUTH_TIMEOUT_MS, now: deps.now, signal: deps.signal });
    deps.onProgress({ step: 'done' });
    return issNote ? { ...result, warnings: [issNote, ...result.warnings] } : result;
  } finally {
    await loopback.close();
  }
}
