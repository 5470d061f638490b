import type { OAuthConfig } from '../../../shared/oauth';
import { AuthdeskError } from '../errors';
import { newJti, signJwt } from './jwt-sign';

/** RFC 7523 §2.2: the `client_assertion_type` of a JWT client assertion. */
export const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** RFC 7523 §2.1: the grant type of the JWT bearer grant. */
export const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/** Client assertions live one minute: long enough for clock drift, short enough to be useless when captured. */
const CLIENT_ASSERTION_TTL_S = 60;
/** RFC 7523 §3 leaves the lifetime to the server; five minutes is the usual ceiling (Google allows an hour at most). */
const GRANT_ASSERTION_TTL_S = 300;

const nowS = (): number => Math.floor(Date.now() / 1000);

type KeyConfig = Pick<OAuthConfig, 'keyId' | 'signingAlg'>;

/**
 * The `private_key_jwt` client assertion (RFC 7523 §2.2, §3; OpenID Connect Core §9): `iss` = `sub` = client_id,
 * `aud` = the token endpoint URL (RFC 7523 §3 names it as a value the server must accept; OIDC Core §9 says it
 * SHOULD be used, also at other endpoints such as revocation), a random `jti`, `iat` now and `exp` a minute later.
 * Its times come from the wall clock, which the server compares them with.
 */
export async function clientAssertion(clientId: string, tokenEndpoint: string | undefined, privateKey: string, config: KeyConfig): Promise<string> {
  if (!tokenEndpoint) throw new AuthdeskError('invalid_request', 'private_key_jwt needs the token endpoint: it is the audience of the client assertion (RFC 7523 §3).');
  const iat = nowS();
  return signJwt(privateKey, {
    alg: config.signingAlg ?? 'RS256',
    keyId: config.keyId,
    claims: { iss: clientId, sub: clientId, aud: tokenEndpoint, jti: newJti() },
    iat,
    exp: iat + CLIENT_ASSERTION_TTL_S,
  });
}

/**
 * The token request of the JWT bearer grant (RFC 7523 §2.1): `grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer`
 * and an `assertion` signed with the profile's private key whose claims follow §3: `iss` (jwtIssuer, default the
 * client_id), `sub` (jwtSubject), `aud` (jwtAudience, default the token endpoint URL), `exp` five minutes after
 * `iat`, and a fresh `jti` so the server can reject a replay. Scope and the other common parameters are the caller's.
 * @returns the form parameters and the assertion (a credential until it expires: the caller teaches redaction)
 */
export async function jwtBearerParams(
  config: Pick<OAuthConfig, 'clientId' | 'jwtIssuer' | 'jwtSubject' | 'jwtAudience' | 'tokenEndpoint'> & KeyConfig,
  privateKey: string,
): Promise<{ params: URLSearchParams; assertion: string }> {
  const iss = config.jwtIssuer ?? config.clientId;
  const aud = config.jwtAudience ?? config.tokenEndpoint;
  if (!iss || !config.jwtSubject || !aud) throw new AuthdeskError('invalid_request', 'The JWT bearer grant needs an issuer (or client_id), a subject and an audience (or token endpoint) (RFC 7523 §3).');
  const iat = nowS();
  const assertion = await signJwt(privateKey, {
    alg: config.signingAlg ?? 'RS256',
    keyId: config.keyId,
    claims: { iss, sub: config.jwtSubject, aud, jti: newJti() },
    iat,
    exp: iat + GRANT_ASSERTION_TTL_S,
  });
  return { params: new URLSearchParams({ grant_type: JWT_BEARER_GRANT, assertion }), assertion };
}
