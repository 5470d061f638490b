import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { loopbackRedirectPort, loopbackRedirectProblem } from '../../../shared/oauth';
import { AuthdeskError, signInCancelled } from '../errors';
import { checkIss } from './issuer-check';

/**
 * The message of an error response to the authorization request (RFC 6749 §4.1.2.1): `access_denied` (the user, or
 * the server on their behalf, refused) says what to do; any other code is quoted with its description.
 */
function authorizationErrorMessage(error: string, description: string | null): string {
  const said = `${error}${description ? `: ${description}` : ''}`;
  if (error === 'access_denied') {
    return `The sign-in was refused at the authorization server (${said}). Sign in again and approve the request; if you did, your account may not be allowed to use this client or the scopes it asks for.`;
  }
  return `The authorization server answered ${said}.`;
}

/** What the browser brought back to the redirect URI. */
export interface CallbackResult {
  code: string;
  /** An auth-step note about the response's `iss` (an issuer accepted that the profile does not name), if any. */
  issNote?: string;
}

export interface LoopbackOptions {
  /** A user-configured redirect URI (host, port and path honoured, TRAPS T18), else 127.0.0.1 ephemeral /callback. */
  redirectUri?: string;
  expectedState: string;
  /** The issuer the request went to; a present `iss` must equal it (RFC 9207 §2.4). */
  expectedIssuer: string | null;
  /** Reject a response without `iss` (the AS advertises `authorization_response_iss_parameter_supported`). */
  requireIss: boolean;
  /** Where the authorization request goes: with no expected issuer, an `iss` on its origin is accepted (see checkIss). */
  authorizationEndpoint?: string;
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface Loopback {
  redirectUri: string;
  /** Resolves with the code of the one valid callback; rejects on error, timeout or cancel. */
  result: Promise<CallbackResult>;
  close(): Promise<void>;
}

const PAGE_HEADERS = {
  'Content-Type': 'text/html; charset=utf-8',
  'Referrer-Policy': 'no-referrer', // RFC 9700 §4.2.4
  'Cache-Control': 'no-store',
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
  'X-Content-Type-Options': 'nosniff',
};

function page(res: http.ServerResponse, status: number, title: string, text: string): void {
  const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  res.writeHead(status, PAGE_HEADERS);
  res.end(
    `<!doctype html><html><head><meta charset="utf-8"><title>${esc(title)}</title></head>` +
      `<body style="font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;line-height:1.5">` +
      `<h1 style="font-size:1.3rem">${esc(title)}</h1><p>${esc(text)}</p></body></html>`,
  );
}

/** Authorization response parameters that must appear at most once (RFC 6749 §3.1, §4.1.2, §4.1.2.1; RFC 9207 §2). */
const SINGLE_PARAMS = ['state', 'code', 'iss', 'error', 'error_description'] as const;

/**
 * The parameters of {@link SINGLE_PARAMS} that a callback query repeats (RFC 6749 §3.1: request and response
 * parameters MUST NOT be included more than once). Such a response is malformed: which value counts is anyone's
 * guess, so an injected second `state`, `iss` or `code` could otherwise slip past the checks. Pure.
 * @param q the callback's query
 * @returns the repeated names, in {@link SINGLE_PARAMS} order; empty when none is repeated
 */
export function repeatedParams(q: URLSearchParams): string[] {
  return SINGLE_PARAMS.filter((name) => q.getAll(name).length > 1);
}

/** The `auth_failed` message for a response with our `state` that repeats `names`: what came, what it means, the fix. */
function repeatedMessage(names: string[]): string {
  return (
    `The authorization response repeats the parameter${names.length > 1 ? 's' : ''} ${names.join(', ')} (RFC 6749 §3.1: a response parameter must not be ` +
    'included more than once), so it cannot be trusted: a second value may have been injected. The authorization code was not redeemed. ' +
    'Sign in again; if this repeats, check that the authorization endpoint is the right one and that nothing (a proxy or browser extension) rewrites the redirect.'
  );
}

/**
 * The RFC 8252 loopback redirect listener. Listens on 127.0.0.1 (§7.3, §8.3) only while the flow is open, on an
 * ephemeral port unless the user fixed one, and accepts exactly one callback on the exact path whose `state`
 * matches (compared exactly, then invalidated: RFC 9700 §4.2.4, §4.7.1) and whose `iss` passes {@link checkIss}
 * (RFC 9207 §2.4). A response without our `state` is refused with a plain page and changes nothing (it may be an
 * injection: the flow keeps waiting). A response with our `state` whose `iss` is refused is the answer to our request
 * from the wrong server: the flow ends at once with an `auth_failed` error that says what came, what was expected
 * and the fix. A response that repeats `state`, `code`, `iss`, `error` or `error_description` is malformed (RFC 6749
 * §3.1, {@link repeatedParams}) and refused: without our `state` among its values it changes nothing, like any forged
 * one; with it, the flow ends at once with an `auth_failed` error and no code is redeemed. Without a fixed redirect
 * URI the port is chosen when the flow starts (RFC 8252 §7.3). The callback page has no third-party content and sends
 * `Referrer-Policy: no-referrer`.
 * @throws AuthdeskError `invalid_request` when the fixed redirect URI is not a loopback http URI (RFC 8252 §7.3), or
 *   its port is taken
 */
export async function startLoopback(opts: LoopbackOptions): Promise<Loopback> {
  const problem = opts.redirectUri ? loopbackRedirectProblem(opts.redirectUri) : null;
  if (problem) throw new AuthdeskError('invalid_request', problem);
  const fixed = opts.redirectUri ? new URL(opts.redirectUri) : null;
  // RFC 8252 §7.3: a fixed URI names its port (checked above: 1–65535, as typed, 80 included); without one the port
  // is chosen now (0: the system picks a free one) and the redirect URI is built with it.
  const fixedPort = opts.redirectUri ? loopbackRedirectPort(opts.redirectUri) : null;
  const path = fixed?.pathname ?? '/callback';
  const host = fixed?.hostname === '[::1]' ? '::1' : '127.0.0.1';
  let settle: { resolve: (r: CallbackResult) => void; reject: (e: Error) => void } | null = null;
  const result = new Promise<CallbackResult>((resolve, reject) => (settle = { resolve, reject }));
  result.catch(() => undefined);
  let done = false;
  const finish = (outcome: CallbackResult | Error) => {
    if (done) return;
    done = true;
    if (outcome instanceof Error) settle!.reject(outcome);
    else settle!.resolve(outcome);
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method !== 'GET' || url.pathname !== path) return page(res, 404, 'Not found', 'This is Authdesk’s sign-in listener.');
    if (done) return page(res, 400, 'Sign-in already finished', 'This sign-in response was already used or the flow ended. Nothing was changed.');
    const q = url.searchParams;
    if (!q.getAll('state').includes(opts.expectedState)) {
      return page(res, 400, 'Sign-in response refused', 'The state parameter does not match the sign-in Authdesk started. Nothing was changed.');
    }
    const repeated = repeatedParams(q);
    if (repeated.length > 0) {
      page(res, 400, 'Sign-in response refused', 'This sign-in response repeats a parameter that may appear only once (RFC 6749 §3.1). Nothing was changed; Authdesk says what to do.');
      return finish(new AuthdeskError('auth_failed', repeatedMessage(repeated)));
    }
    const verdict = checkIss(q.get('iss'), { issuer: opts.expectedIssuer, requireIss: opts.requireIss, authorizationEndpoint: opts.authorizationEndpoint });
    if (!verdict.ok) {
      page(res, 400, 'Sign-in response refused', verdict.page);
      return finish(new AuthdeskError('auth_failed', verdict.message));
    }
    const error = q.get('error');
    if (error) {
      const description = q.get('error_description');
      page(res, 200, 'Sign-in was not completed', 'You can close this tab and return to Authdesk.');
      return finish(new AuthdeskError('auth_failed', authorizationErrorMessage(error, description)));
    }
    const code = q.get('code');
    if (!code) return page(res, 400, 'Sign-in response refused', 'The response has no authorization code.');
    page(res, 200, 'Signed in', 'Authdesk received the authorization. You can close this tab and return to Authdesk.');
    finish(verdict.note ? { code, issNote: verdict.note } : { code });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) =>
      reject(new AuthdeskError('invalid_request', `The redirect URI's port ${fixedPort ?? ''} cannot be used (${e.code}). Choose another port or leave the redirect URI empty.`)),
    );
    server.listen(fixedPort ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const redirectUri = fixed ? opts.redirectUri! : `http://127.0.0.1:${port}${path}`;

  const timer = setTimeout(() => finish(new AuthdeskError('auth_failed', `No sign-in response arrived within ${Math.round(opts.timeoutMs / 1000)} s.`)), opts.timeoutMs);
  const onAbort = () => finish(signInCancelled());
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  const close = () =>
    new Promise<void>((resolve) => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      finish(new AuthdeskError('auth_failed', 'The sign-in listener was closed.'));
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return { redirectUri, result, close };
}
