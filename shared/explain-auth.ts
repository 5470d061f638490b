/** Explanations from what the server said about authentication: Bearer errors, OAuth errors, scheme mismatch. */
import { quote, said, lower, isTokenProfile, newTokenAdvice, type Explanation, type ServerError, type Context, type Explainer } from './explain-context';
import type { FailureReason } from './request';

function bearerTexts(ctx: Context, e: ServerError): Omit<Explanation, 'rule' | 'facts'> | null {
  switch (e.code) {
    case 'invalid_token':
      return {
        title: 'The access token is expired, revoked or not valid for this API',
        detail: `The server rejected the token (error="invalid_token").`,
        tryThis: [
          ctx.input.scheme === 'oauth2' ? 'Send again: Authdesk dropped the refused token, and the next send gets a new one (by refresh when the profile has a refresh token, else by its grant or a new sign-in).' : newTokenAdvice(ctx),
          'If a fresh token fails too, check that it was issued for this API (audience or resource) and this environment.',
        ],
      };
    case 'insufficient_scope':
      return {
        title: e.scope ? `The token needs scope ${e.scope}` : 'The token lacks the scope this request needs',
        detail: `The token is valid but does not carry the permission this request needs (error="insufficient_scope").`,
        tryThis: [
          e.scope
            ? `Add "${e.scope}" to the profile's scope and get a new token (sign in again so the consent covers it).`
            : "Look up the scope this endpoint needs in the API docs, add it to the profile's scope and get a new token.",
          'Check that the account or app may be granted that scope.',
        ],
      };
    case 'invalid_request':
      return {
        title: 'The server found the request malformed',
        detail: 'A required parameter is missing or repeated, or the token was sent in more than one way (exactly one is allowed).',
        tryThis: ['Send the token only in the Authorization header: remove any access_token query parameter or body field.', 'Check the required headers and parameters in the API docs.'],
      };
    default:
      return null;
  }
}

/** `error` in a Bearer challenge, or a Bearer error code in the body (RFC 6750 §3.1). */
export const bearerError: Explainer = (ctx) => {
  const e = ctx.serverError;
  if (!e || (e.from === 'body' && e.code !== 'invalid_token' && e.code !== 'insufficient_scope')) return null;
  const texts = bearerTexts(ctx, e);
  if (!texts) return null;
  const facts: Record<string, string> = { error: e.code, ...(e.scope ? { requiredScope: e.scope } : {}) };
  return { ...texts, detail: texts.detail + said(e.description && quote(e.description)), rule: 'RFC 6750 §3.1', facts };
};

// ---- RFC 6749 token endpoint errors ----------------------------------------------------------------------------

const oauthTexts: Record<string, Omit<Explanation, 'rule' | 'facts'>> = {
  invalid_client: {
    title: 'The client credentials were not accepted',
    detail: 'Client authentication failed: an unknown client_id, a wrong client_secret, or a client authentication method the client is not registered for.',
    tryThis: [
      "Check client_id and client_secret: copy them again from the provider's console (secrets get rotated).",
      'Try the other client authentication method: client_secret_basic ↔ client_secret_post.',
      'For a public client with no secret, set the method to none.',
    ],
  },
  invalid_grant: {
    title: 'The grant was rejected: sign in again',
    detail:
      'The authorization code, device code or refresh token is invalid, expired, already used or revoked, or the ' +
      'redirect_uri or PKCE verifier does not match the ones it was issued with.',
    tryThis: [
      'Sign in again: an authorization code works once, for a few minutes.',
      'After a refresh: the refresh token was rotated or revoked (another client used it, or the user signed out); sign in again.',
      'Check that the redirect URI registered with the provider matches the one Authdesk sends exactly.',
    ],
  },
  unauthorized_client: {
    title: 'This client may not use this grant type',
    detail: 'The client authenticated, but the server does not allow it this grant.',
    tryThis: ["Enable the grant for this app in the provider's console.", 'Or choose the grant the app is registered for in the profile.'],
  },
  unsupported_grant_type: {
    title: 'The server does not support this grant type',
    detail: 'The authorization server does not know or offer the grant the profile uses.',
    tryThis: ["Check grant_types_supported in the server's metadata (/.well-known/oauth-authorization-server or openid-configuration).", 'Choose a supported grant in the profile.'],
  },
  invalid_scope: {
    title: 'The requested scope is invalid',
    detail: 'A scope is unknown, malformed, or more than the client (or the original grant, on refresh) allows.',
    tryThis: ['Check the scope names in the API docs; separate them with spaces, not commas.', "Remove scopes the app may not request, or enable them in the provider's console."],
  },
  invalid_request: {
    title: 'The token request is malformed',
    detail: 'A required parameter is missing or repeated, a value is invalid, or the client authenticated in more than one way.',
    tryThis: ["Check the provider's required extra parameters (audience, resource).", 'Send client credentials one way only: the Authorization header (client_secret_basic) or the body (client_secret_post).'],
  },
};

/** An OAuth error response body from a token endpoint (RFC 6749 §5.2). */
export const oauthError: Explainer = (ctx) => {
  const e = ctx.serverError;
  const texts = e?.from === 'body' && Object.hasOwn(oauthTexts, e.code) ? oauthTexts[e.code] : null;
  if (!e || !texts) return null;
  return { ...texts, detail: texts.detail + said(e.description && quote(e.description)), rule: 'RFC 6749 §5.2', facts: { error: e.code } };
};

// ---- challenges ------------------------------------------------------------------------------------------------

/** The scheme word the profile puts in Authorization, or null when it puts nothing there (no profile). */
function sentScheme(ctx: Context): string | null {
  if (ctx.input.scheme === 'basic') return 'Basic';
  if (ctx.input.scheme === 'digest') return 'Digest';
  return isTokenProfile(ctx) ? (ctx.input.tokenPrefix ?? 'Bearer') : null;
}

function adviceFor(ctx: Context, wanted: string): string {
  if (lower(wanted) === 'basic') return 'Use an HTTP Basic profile (username and password) for this API.';
  if (lower(wanted) === 'digest') return 'Use an HTTP Digest profile (username and password) for this API.';
  if (lower(wanted) === 'bearer') {
    return isTokenProfile(ctx) ? 'Set the token prefix of the profile to "Bearer".' : 'Use a bearer token or OAuth 2.0 profile for this API.';
  }
  return `Authdesk does not answer ${wanted} challenges yet; ask the API provider for another way in (a token or an API key).`;
}

/** A 401 whose challenges ask for schemes the profile does not send (RFC 9110 §11.6.1). */
export const schemeMismatch: Explainer = (ctx) => {
  if (ctx.status !== 401 || !ctx.challenges.length || ctx.input.scheme === 'apikey') return null;
  const sent = sentScheme(ctx);
  if (sent && ctx.challenges.some((c) => lower(c.scheme) === lower(sent))) return null;
  const wanted = [...new Map(ctx.challenges.map((c) => [lower(c.scheme), c.scheme])).values()];
  const list = wanted.join(' or ');
  return {
    title: wanted.length === 1 ? `The server wants ${list} authentication` : `The server accepts ${list} authentication`,
    detail: `It answered 401 with WWW-Authenticate asking for ${list}, but ${sent ? `the profile sends ${sent}` : 'this request carried no credentials'}.`,
    tryThis: wanted.map((w) => adviceFor(ctx, w)),
    rule: 'RFC 9110 §11.6.1',
    facts: { wanted: list, ...(sent ? { sent } : {}) },
  };
};

/** A 401 to HTTP Basic credentials (RFC 7617 §2; `charset`, §2.1). */
export const basicRejected: Explainer = (ctx) => {
  if (ctx.status !== 401 || ctx.input.scheme !== 'basic') return null;
  const challenge = ctx.challenges.find((c) => lower(c.scheme) === 'basic');
  const charset = challenge?.params.charset ?? null;
  const realm = challenge?.params.realm;
  return {
    title: 'Wrong username or password',
    detail:
      `The server rejected the username and password the profile sent${realm ? ` for realm "${quote(realm)}"` : ''}.` +
      (charset ? ` It expects them in ${quote(charset)} (charset="${quote(charset)}"), which is what Authdesk sends.` : '') +
      said(ctx.serverMessage),
    tryThis: [
      'Check the username and the password (Replace the password in the profile if unsure).',
      'Some APIs take an API key as the username with an empty password, or the other way round; check the docs.',
      ...(charset ? [] : ['If the password has non-ASCII characters, the server may decode them differently (it did not announce charset="UTF-8").']),
    ],
    rule: charset ? 'RFC 7617 §2.1' : 'RFC 7617 §2',
    facts: { ...(realm ? { realm: quote(realm) } : {}), ...(charset ? { charset: quote(charset) } : {}) },
  };
};

const unauthorizedTexts: Record<'apikey' | 'token' | 'none', Pick<Explanation, 'title' | 'tryThis'>> = {
  apikey: {
    title: 'The API key was rejected or not found',
    tryThis: [
      'Check the key (Replace it in the profile if unsure).',
      'Check where the API expects it: header name, query parameter or cookie, and any prefix.',
      'Check that the key belongs to this environment (test or live).',
    ],
  },
  token: {
    title: 'The token was not accepted',
    tryThis: ['Check that the token is for this API and this environment.', 'Check the prefix the API expects in Authorization (Bearer, token …).'],
  },
  none: { title: 'The server wants credentials', tryThis: ['Send the request with a profile for this API.'] },
};

/** Any other 401 (RFC 9110 §15.5.2), noting a missing challenge. */
export const unauthorized: Explainer = (ctx) => {
  if (ctx.status !== 401) return null;
  const kind = isTokenProfile(ctx) ? 'token' : ctx.input.scheme === 'apikey' ? 'apikey' : 'none';
  const texts = unauthorizedTexts[kind];
  const noChallenge = ctx.challenges.length ? '' : ' It sent no WWW-Authenticate challenge, so it gave no hint about what it wants.';
  const sent = kind === 'none' ? 'this request carried no credentials' : 'it did not accept the credentials the profile sent';
  return {
    title: texts.title,
    detail: `The server answered 401: ${sent}.${noChallenge}${said(ctx.serverMessage)}`,
    tryThis: kind === 'token' ? [newTokenAdvice(ctx), ...texts.tryThis] : texts.tryThis,
    rule: 'RFC 9110 §15.5.2',
    facts: {},
  };
};

/** A 403 without a Bearer error: known (or not needed) but not allowed (RFC 9110 §15.5.4). */
export const forbidden: Explainer = (ctx) => {
  if (ctx.status !== 403) return null;
  return {
    title: 'Authenticated, but not allowed',
    detail: `The server understood the request but refuses it: the account, app or token lacks permission for this resource.${said(ctx.serverMessage)}`,
    tryThis: [
      ...(ctx.input.scheme === null ? ['This request carried no credentials: send it with a profile (some APIs answer 403 rather than 401).'] : []),
      'Check the role or permissions of the account or app behind the credentials.',
      'If the token has scopes, check that they cover this endpoint, and get a new token after changing them.',
      'Some APIs also refuse by IP allow-list, organization policy (such as SSO authorization) or plan; check the docs.',
    ],
    rule: 'RFC 9110 §15.5.4',
    facts: {},
  };
};

// ---- everything else -------------------------------------------------------------------------------------------

const preflightTexts: Partial<Record<FailureReason, Pick<Explanation, 'title' | 'tryThis'>>> = {
  secret_missing: {
    title: 'A secret of the profile is missing',
    tryThis: ['Save the secret in the profile (it goes to the OS keychain), or set its environment variable for CI.'],
  },
  auth_flow: {
    title: 'Getting a token failed',
    tryThis: [],
  },
};

/** Grants that sign a user in (a browser or a device): the rest run unattended with the profile's own credentials. */
const SIGN_IN_GRANTS = new Set(['authorization_code', 'device_code']);

/**
 * Failures before a response: a missing secret or a failed OAuth flow, with the engine's message. A failed flow's
 * last advice depends on the grant: a sign-in is run again; an unattended grant (client credentials, JWT bearer,
 * GitHub App) uses the secret or key saved in the profile, so that is what to check.
 */
export const preflight: Explainer = (ctx) => {
  const texts = ctx.input.failure ? preflightTexts[ctx.input.failure] : undefined;
  if (!texts) return null;
  const grant = ctx.input.grant ?? null;
  const more =
    ctx.input.failure !== 'auth_flow' ? [] : grant !== null && !SIGN_IN_GRANTS.has(grant)
      ? ["Check the profile's token endpoint, client_id and grant.", 'Check the client secret or key saved in the profile (Replace it if it was changed or rotated), then send again.']
      : ['Run the sign-in again and watch its steps.', "If it fails again, check the profile's authorization and token endpoints, client_id, redirect URI and scopes."];
  return { title: texts.title, tryThis: [...texts.tryThis, ...more], detail: ctx.input.error ?? texts.title, rule: null, facts: {} };
};

/** 404 (RFC 9110 §15.5.5), other 4xx, 5xx (§15.6), or a failure with only a message. */
export function generic(ctx: Context): Explanation {
  const { status } = ctx;
  const message = said(ctx.serverMessage);
  if (status === 404) {
    return {
      title: 'Not found',
      detail: `There is nothing at this URL, or the API hides what these credentials may not see (some answer 404 rather than 403).${message}`,
      tryThis: ['Check the path and the base URL (API version, region).', 'If the resource is private, check that the credentials have access to it.'],
      rule: 'RFC 9110 §15.5.5',
      facts: {},
    };
  }
  if (status !== null && status >= 500) {
    return {
      title: `The server failed (${status})`,
      detail: `The error is on the server's side, not in the credentials.${message}`,
      tryThis: ["Try again later, and check the provider's status page."],
      rule: 'RFC 9110 §15.6',
      facts: {},
    };
  }
  const title = status !== null && status >= 400 ? `The server rejected the request (${status})` : 'The request failed';
  return { title, detail: (ctx.input.error ?? 'See the response for details.') + message, tryThis: ['Check the method, URL, headers and body against the API docs.'], rule: null, facts: {} };
}
