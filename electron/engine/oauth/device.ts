import type { OAuthConfig } from '../../../shared/oauth';
import { AuthdeskError, signInCancelled } from '../errors';
import { addCommonParams, type InteractiveDeps } from './authorization-code';
import { OAUTH_TIMEOUT_MS, postForm } from './http';
import { applyClientAuth, MAX_EXPIRES_IN_S, OAuthError, requestToken, type ClientAuth, type TokenResult } from './token-endpoint';

export const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

/** Polling interval in seconds when the server gives none or an unusable one (RFC 8628 §3.2). */
const DEFAULT_INTERVAL_S = 5;
/** Bounds of the polling interval (s): a server's 0.001 must not flood its token endpoint, nor 1e30 overflow a timer. */
const MIN_INTERVAL_S = 1;
const MAX_INTERVAL_S = 300;

/**
 * The polling interval in seconds to use for a device authorization answer's `interval` (RFC 8628 §3.2: seconds,
 * default 5): a positive finite number is clamped to [1, 300] s; anything else (missing, not a number, ≤ 0,
 * infinite) gives 5 s.
 */
function pollIntervalS(interval: unknown): number {
  const n = typeof interval === 'number' || typeof interval === 'string' ? Number(interval) : NaN;
  if (!Number.isFinite(n) || n <= 0) return DEFAULT_INTERVAL_S;
  return Math.min(MAX_INTERVAL_S, Math.max(MIN_INTERVAL_S, n));
}

/**
 * Why a server-chosen verification URI must not be shown to the user to open, or null when it may: RFC 8628 §3.2
 * makes `verification_uri` (and `verification_uri_complete`) a page on the authorization server, so it must be an
 * absolute http: or https: URI; a `javascript:`, `file:` or custom scheme, or characters no URI may hold (RFC 3986
 * §2: controls such as ESC, which could also rewrite the terminal showing it, bidirectional overrides, spaces), is
 * refused. The reason names the scheme but never quotes the value.
 */
export function verificationUriProblem(value: string): string | null {
  if (/[\u0000-\u0020\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/.test(value)) return 'it holds control characters or spaces, which no URI may (RFC 3986 §2)';
  let scheme: string;
  try {
    scheme = new URL(value).protocol; // only letters, digits, "+", "-", "." and the colon: safe to quote
  } catch {
    return 'it is not an absolute URI';
  }
  return scheme === 'http:' || scheme === 'https:' ? null : `its scheme is "${scheme}", not http: or https:`;
}

/**
 * Waits `ms`, or rejects when `signal` aborts. The abort listener is removed when the wait ends, so a flow's one
 * signal carries at most one of them however many times it polls.
 */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signInCancelled());
    const onAbort = () => {
      clearTimeout(t);
      reject(signInCancelled());
    };
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * The device authorization grant (RFC 8628): POST to the device endpoint (§3.1), show `user_code` and
 * `verification_uri` (§3.3), poll the token endpoint at `interval` (default 5 s, §3.2; bounded to 1–300 s by
 * {@link pollIntervalS}), add 5 s on `slow_down` for this and every later poll (still at most 300 s), keep
 * waiting on `authorization_pending`, stop on `access_denied` or `expired_token` (§3.5), and give up when the
 * device code expires. A `verification_uri` that is not an absolute http(s) URI is refused and a
 * `verification_uri_complete` that is not one is dropped with a warning (see {@link verificationUriProblem}).
 * @param deps.sleep injectable wait (tests); defaults to real time
 * @param deps.requestTimeoutMs ms each request (the device authorization request, each poll) may take in all
 *   (default 30 s; `authdesk token --timeout`); the flow as a whole ends when the device code expires (`expires_in`)
 * @throws AuthdeskError `auth_failed` (denied, expired, cancelled, an unsafe verification_uri, a request without an
 *   answer within `requestTimeoutMs`) or `invalid_request` (no device endpoint)
 */
export async function runDeviceFlow(
  config: OAuthConfig,
  auth: ClientAuth,
  deps: InteractiveDeps & { sleep?: (ms: number, signal?: AbortSignal) => Promise<void>; requestTimeoutMs?: number },
): Promise<TokenResult> {
  if (!config.deviceAuthorizationEndpoint) throw new AuthdeskError('invalid_request', 'This profile has no device authorization endpoint. Add it, or use Discover with the issuer URL.');
  const wait = deps.sleep ?? sleep;
  const timeoutMs = deps.requestTimeoutMs ?? OAUTH_TIMEOUT_MS;
  const params = new URLSearchParams();
  addCommonParams(config, params);
  const { headers, tls } = await applyClientAuth(auth, params);
  const reply = await postForm(config.deviceAuthorizationEndpoint, params, headers, timeoutMs, deps.signal, tls);
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(reply.text) as Record<string, unknown>;
  } catch {
    // handled below
  }
  if (reply.status !== 200 || typeof body.device_code !== 'string' || typeof body.user_code !== 'string' || typeof body.verification_uri !== 'string') {
    const err = typeof body.error === 'string' ? `${body.error}${typeof body.error_description === 'string' ? `: ${body.error_description}` : ''}` : `HTTP ${reply.status}`;
    throw new AuthdeskError('auth_failed', { before: 'The device authorization endpoint refused the request (', text: err, after: ').' });
  }
  const unsafe = verificationUriProblem(body.verification_uri);
  if (unsafe) {
    throw new AuthdeskError('auth_failed', `The device authorization endpoint sent a verification_uri that is not an http: or https: URI (${unsafe}). Refused: it is shown to you to open, and RFC 8628 §3.2 makes it a page on the authorization server.`);
  }
  const complete = typeof body.verification_uri_complete === 'string' ? body.verification_uri_complete : null;
  const completeProblem = complete === null ? null : verificationUriProblem(complete);
  const warnings = completeProblem ? [`The device authorization endpoint's verification_uri_complete was not shown (${completeProblem}); use the verification_uri and the user code.`] : [];
  const deviceCode = body.device_code;
  deps.learn([deviceCode]);
  // expires_in is the device code's lifetime in seconds (RFC 8628 §3.2); an absurd one is capped so the deadline is a date
  const expiresAt = deps.now() + Math.min(Number(body.expires_in) > 0 ? Number(body.expires_in) : 600, MAX_EXPIRES_IN_S) * 1000;
  let intervalS = pollIntervalS(body.interval);
  deps.onProgress({
    step: 'device_code',
    userCode: body.user_code,
    verificationUri: body.verification_uri,
    verificationUriComplete: completeProblem ? null : complete,
    expiresAt,
  });
  for (let poll = 0; poll < 10_000; poll++) {
    deps.onProgress({ step: 'polling', intervalS });
    await wait(intervalS * 1000, deps.signal);
    if (deps.now() >= expiresAt) throw new AuthdeskError('auth_failed', 'The device code expired before the sign-in was approved. Start again.');
    try {
      const result = await requestToken(config.tokenEndpoint, auth, new URLSearchParams({ grant_type: DEVICE_GRANT, device_code: deviceCode }), {
        timeoutMs,
        now: deps.now,
        signal: deps.signal,
      });
      deps.onProgress({ step: 'done' });
      return warnings.length ? { ...result, warnings: [...warnings, ...result.warnings] } : result;
    } catch (e) {
      if (!(e instanceof OAuthError)) throw e;
      if (e.oauthError === 'authorization_pending') continue;
      if (e.oauthError === 'slow_down') {
        intervalS = Math.min(MAX_INTERVAL_S, intervalS + 5); // RFC 8628 §3.5, within the same bound
        continue;
      }
      if (e.oauthError === 'access_denied') throw new AuthdeskError('auth_failed', 'The sign-in was denied on the verification page. Start again if that was a mistake.');
      if (e.oauthError === 'expired_token') throw new AuthdeskError('auth_failed', 'The device code expired before the sign-in was approved. Start again.');
      throw e;
    }
  }
  throw new AuthdeskError('auth_failed', 'Gave up polling the token endpoint.');
}
