import { DEFAULT_GITHUB_API, type OAuthConfig, type TokenSet } from '../../../shared/oauth';
import { AuthdeskError } from '../errors';
import { OAUTH_TIMEOUT_MS, post } from './http';
import { signJwt } from './jwt-sign';
import type { TokenResult } from './token-endpoint';

/** GitHub rejects App JWTs that live longer than 10 minutes; 9 leaves room for drift. */
const APP_JWT_TTL_S = 540;
/** GitHub's advice: backdate `iat` by 60 s against clock drift. */
const APP_JWT_BACKDATE_S = 60;

const HINTS: Record<number, string> = {
  401: 'GitHub did not accept the App JWT: check the App ID, that the private key belongs to this App and is not revoked, and this computer\'s clock.',
  403: 'GitHub refused to issue the token: the App may lack the permission, or a rate limit was hit.',
  404: 'GitHub knows no such installation for this App: check the installation ID and that the App is still installed (and the API base for GitHub Enterprise Server).',
  422: 'GitHub found the request invalid.',
};

/**
 * A GitHub App installation access token (GitHub REST API, "Generating an installation access token for a GitHub
 * App"): an App JWT signed RS256 with the App's private key (`iss` = App ID, `iat` 60 s in the past, `exp` 9 min
 * from now; GitHub allows at most 10), sent as `Authorization: Bearer` in
 * `POST {apiBase}/app/installations/{installationId}/access_tokens`. The reply's `{token, expires_at}` becomes the
 * access token and its absolute expiry (an hour later). The App JWT is learnt as a secret.
 * @param timeoutMs ms GitHub may take to answer (a send's own timeout when one is set)
 * @throws AuthdeskError `auth_failed` when GitHub refuses (its message and a hint), `invalid_request` for a bad key
 */
export async function requestInstallationToken(
  config: Pick<OAuthConfig, 'appId' | 'installationId' | 'apiBase'>,
  privateKey: string,
  learn: (values: string[]) => void,
  timeoutMs = OAUTH_TIMEOUT_MS,
): Promise<TokenResult> {
  if (!config.appId || !config.installationId) throw new AuthdeskError('invalid_request', 'A GitHub App profile needs the App ID and the installation ID.');
  const now = Math.floor(Date.now() / 1000);
  const jwt = await signJwt(privateKey, { alg: 'RS256', claims: { iss: config.appId }, iat: now - APP_JWT_BACKDATE_S, exp: now + APP_JWT_TTL_S });
  learn([jwt]);
  const base = (config.apiBase ?? DEFAULT_GITHUB_API).replace(/\/+$/, '');
  const url = `${base}/app/installations/${encodeURIComponent(config.installationId)}/access_tokens`;
  const reply = await post(url, '{}', {
    'Content-Type': 'application/json',
    Accept: 'application/vnd.github+json',
    'X-GitHub-Api-Version': '2022-11-28',
    Authorization: `Bearer ${jwt}`,
  }, timeoutMs);
  let body: Record<string, unknown> = {};
  try {
    const parsed = JSON.parse(reply.text) as unknown;
    if (parsed && typeof parsed === 'object') body = parsed as Record<string, unknown>;
  } catch {
    // an unparseable body is reported below
  }
  if (reply.status < 200 || reply.status >= 300 || typeof body.token !== 'string' || body.token === '') {
    const message = typeof body.message === 'string' ? `: ${body.message.slice(0, 200)}` : '';
    const hint = HINTS[reply.status] ?? 'This is not a GitHub installation token reply; check the API base.';
    throw new AuthdeskError('auth_failed', `GitHub answered HTTP ${reply.status}${message} for installation ${config.installationId}. ${hint}`);
  }
  const warnings: string[] = [];
  const expiresAt = typeof body.expires_at === 'string' ? Date.parse(body.expires_at) : NaN;
  if (Number.isNaN(expiresAt)) warnings.push('GitHub sent no readable expires_at; the token\'s expiry is unknown (installation tokens normally last an hour).');
  const tokens: TokenSet = {
    accessToken: body.token,
    tokenType: 'Bearer',
    expiresAt: Number.isNaN(expiresAt) ? null : expiresAt,
    refreshToken: null,
    scope: null,
    idToken: null,
    extra: {},
  };
  return { tokens, warnings, durationMs: reply.durationMs, clientAuth: 'GitHub App JWT, RS256' };
}
