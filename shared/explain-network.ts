/** Explanations of transport failures, credentials dropped on a redirect, rate limits and clock skew. */
import { SKEW_TOLERANCE_S, said, duration, iso, originOf, isAuthStatus, newTokenAdvice, type Explanation, type Context, type Explainer } from './explain-context';
import { peekJwtTimes } from './jwt-peek';
import { type RateLimitInfo } from './rate-limit';
import type { FailureReason } from './request';

const transportTexts: Partial<Record<FailureReason, { title: string; tryThis: string[]; rule: string | null }>> = {
  network: {
    title: 'Could not reach the server',
    tryThis: ['Check the URL (scheme, host name, port) for typos.', 'Check that the server is up and reachable from this machine (VPN, proxy, firewall).'],
    rule: null,
  },
  tls: {
    title: 'The secure connection (TLS) failed',
    tryThis: [
      "Check that the URL's host name is one the server's certificate is issued for.",
      'If the server uses a private or self-signed certificate, add its CA to the system trust store.',
    ],
    rule: 'RFC 9110 §4.3.4',
  },
  timeout: {
    title: 'The server did not answer in time',
    tryThis: ['Check that the host is up and reachable.', 'Raise the timeout if this endpoint is known to be slow.'],
    rule: null,
  },
};

/** Network, TLS and timeout failures: the sender's message already names the host and the cause. */
export const transport: Explainer = (ctx) => {
  const texts = ctx.input.failure ? transportTexts[ctx.input.failure] : undefined;
  if (!texts) return null;
  return { ...texts, detail: ctx.input.error ?? 'The connection failed.', facts: {} };
};

// ---- redirects -------------------------------------------------------------------------------------------------

/** A 401/403 after a cross-origin redirect on which Authdesk withheld the credentials (RFC 9110 §15.4). */
export const strippedOnRedirect: Explainer = (ctx) => {
  const hop = ctx.input.redirects.find((r) => r.credentials === 'stripped');
  if (!hop || !isAuthStatus(ctx)) return null;
  const to = originOf(hop.to);
  return {
    title: 'Credentials were not sent after a redirect to another origin',
    detail:
      `The server redirected (${hop.status}) to ${to}, another origin than the one the request started at. Authdesk ` +
      `dropped the credentials on purpose so they cannot leak to another host, so ${to} got none and answered ${ctx.status}.`,
    tryThis: [
      `Call ${to} directly, with a profile bound to that host.`,
      'Trusting redirects to another origin will be a per-profile opt-in; until then, send the request to the final host.',
    ],
    rule: 'RFC 9110 §15.4',
    facts: { redirectStatus: String(hop.status), redirectedTo: to },
  };
};

// ---- rate limits -----------------------------------------------------------------------------------------------

function waitSeconds(ctx: Context): number | null {
  if (ctx.rate.retryAfterS !== null) return ctx.rate.retryAfterS;
  if (ctx.rate.resetAt === null) return null;
  return Math.max(0, Math.ceil((Date.parse(ctx.rate.resetAt) - (ctx.serverDate ?? new Date()).getTime()) / 1000));
}

function rateFacts(rate: RateLimitInfo): Record<string, string> {
  const entries = Object.entries(rate).filter(([, v]) => v !== null);
  return Object.fromEntries(entries.map(([k, v]) => [k, String(v)]));
}

function rateDetail(ctx: Context, wait: number | null): string {
  const { limit, remaining, windowS } = ctx.rate;
  const parts = [`The server answered ${ctx.status}: too many requests.`];
  if (limit !== null) parts.push(`It allows ${limit} requests${windowS !== null ? ` per ${duration(windowS)}` : ''}${remaining !== null ? `, ${remaining} left` : ''}.`);
  if (ctx.rate.resetAt) parts.push(`The window resets at ${ctx.rate.resetAt}.`);
  if (wait === null) parts.push('It did not say how long to wait.');
  return parts.join(' ') + said(ctx.serverMessage);
}

/** 429 (RFC 6585 §4), or a 403 with no requests remaining (GitHub), with the wait from `Retry-After` or the reset. */
export const rateLimited: Explainer = (ctx) => {
  if (ctx.status !== 429 && !(ctx.status === 403 && ctx.rate.remaining === 0)) return null;
  const wait = waitSeconds(ctx);
  return {
    title: wait !== null ? `Rate limited: wait ${duration(wait)}` : 'Rate limited',
    detail: rateDetail(ctx, wait),
    tryThis: [
      wait !== null ? `Wait ${duration(wait)} before sending again.` : 'Wait a little before sending again.',
      'Space requests out, and back off exponentially on repeated 429s.',
      'If the limit is per token, user or plan, check the limits of your account.',
    ],
    rule: ctx.status === 429 ? 'RFC 6585 §4' : null,
    facts: rateFacts(ctx.rate),
  };
};

// ---- clocks ----------------------------------------------------------------------------------------------------

/** This computer's clock minus the server's, in seconds, when both are known. */
function localSkewS(ctx: Context): number | null {
  const sent = ctx.input.sentAt ? Date.parse(ctx.input.sentAt) : NaN;
  return ctx.serverDate && !Number.isNaN(sent) ? Math.round((sent - ctx.serverDate.getTime()) / 1000) : null;
}

function notYetValid(claim: 'nbf' | 'iat', at: number, refS: number): Explanation {
  const skew = Math.round(at - refS);
  const what = claim === 'nbf' ? 'is not valid before' : 'was issued at';
  return {
    title: `The clocks disagree by ${skew} s`,
    detail:
      `The token says it ${what} ${iso(at)}, but the server's clock read ${iso(refS)} when it answered: the ` +
      `token's issuer is ${duration(skew)} ahead of the API server, which treats the token as not yet valid.`,
    tryThis: [
      'Sync the clock of the machine that issued the token (NTP); for tokens minted on this computer, sync this one.',
      `Or wait ${duration(skew)} and send again.`,
      'Ask the API provider whether it allows some clock-skew leeway.',
    ],
    rule: claim === 'nbf' ? 'RFC 7519 §4.1.5' : 'RFC 7519 §4.1.6',
    facts: { [claim === 'nbf' ? 'tokenNotBefore' : 'tokenIssuedAt']: iso(at), clockDifferenceS: String(skew) },
  };
}

function expired(ctx: Context, exp: number, refS: number): Explanation {
  const local = localSkewS(ctx);
  const localNote =
    local !== null && local < -SKEW_TOLERANCE_S
      ? ` This computer's clock is ${duration(-local)} behind the server's, so the token still looked valid here.`
      : '';
  return {
    title: `The token expired at ${iso(exp)}`,
    detail: `The access token expired ${duration(refS - exp)} before the server answered (server clock ${iso(refS)}).${localNote}`,
    tryThis: [newTokenAdvice(ctx), ...(localNote ? ["Sync this computer's clock (NTP): Authdesk decides when to refresh by it."] : [])],
    rule: 'RFC 7519 §4.1.4',
    facts: { tokenExpiredAt: iso(exp), ...(local !== null ? { localClockDifferenceS: String(local) } : {}) },
  };
}

/** A JWT access token that is not yet valid or already expired by the server's `Date` (RFC 9110 §6.6.1). */
export const clockTrouble: Explainer = (ctx) => {
  const times = isAuthStatus(ctx) && ctx.input.accessToken ? peekJwtTimes(ctx.input.accessToken) : null;
  const ref = ctx.serverDate ?? (ctx.input.sentAt ? new Date(ctx.input.sentAt) : null);
  if (!times || !ref || Number.isNaN(ref.getTime())) return null;
  const refS = ref.getTime() / 1000;
  for (const claim of ['nbf', 'iat'] as const) {
    const at = times[claim];
    if (at !== null && at - refS > SKEW_TOLERANCE_S) return notYetValid(claim, at, refS);
  }
  return times.exp !== null && times.exp <= refS ? expired(ctx, times.exp, refS) : null;
};

// ---- RFC 6750 bearer errors ------------------------------------------------------------------------------------
