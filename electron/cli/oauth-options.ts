import { Option, type Command } from 'commander';
import type { ClientCertificate } from '../../shared/client-cert';
import type { DiscoveredEndpoints } from '../../shared/contract';
import { endpointsToUse } from '../../shared/mtls-aliases';
import {
  grantSchema,
  loopbackRedirectProblem,
  signingAlgSchema,
  tokenEndpointAuthMethodSchema,
  usesClientCertificate,
  usesClientSecret,
  usesPrivateKey,
  type Grant,
  type OAuthConfig,
  type SigningAlg,
  type TokenEndpointAuthMethod,
} from '../../shared/oauth';
import { authSchema, type AuthConfig, type ClientType } from '../../shared/profile';
import { checkUrlFlag, usage } from './context';

/** The `profile add --scheme oauth2` flags: parsing, checks that need no network, and endpoint discovery. */

export interface OAuthFlags {
  grant?: Grant;
  issuer?: string;
  authorizationEndpoint?: string;
  tokenEndpoint?: string;
  deviceAuthorizationEndpoint?: string;
  revocationEndpoint?: string;
  clientId?: string;
  tokenEndpointAuthMethod?: TokenEndpointAuthMethod;
  sendRawClientCredentials?: boolean;
  scope?: string;
  audience?: string;
  resource?: string;
  redirectUri?: string;
  tokenPrefix?: string;
  keyId?: string;
  signingAlg?: SigningAlg;
  jwtIssuer?: string;
  jwtSubject?: string;
  jwtAudience?: string;
  appId?: string;
  installationId?: string;
  apiBase?: string;
}

/** Each OAuth option's flag, by its commander attribute (and config field) name. */
const FLAGS: Record<keyof OAuthFlags, string> = {
  grant: '--grant',
  issuer: '--issuer',
  authorizationEndpoint: '--authorization-endpoint',
  tokenEndpoint: '--token-endpoint',
  deviceAuthorizationEndpoint: '--device-authorization-endpoint',
  revocationEndpoint: '--revocation-endpoint',
  clientId: '--client-id',
  tokenEndpointAuthMethod: '--token-endpoint-auth-method',
  sendRawClientCredentials: '--send-raw-client-credentials',
  scope: '--scope',
  audience: '--audience',
  resource: '--resource',
  redirectUri: '--redirect-uri',
  tokenPrefix: '--token-prefix',
  keyId: '--key-id',
  signingAlg: '--signing-alg',
  jwtIssuer: '--jwt-issuer',
  jwtSubject: '--jwt-subject',
  jwtAudience: '--jwt-audience',
  appId: '--app-id',
  installationId: '--installation-id',
  apiBase: '--api-base',
};

/** Adds the oauth2 options to `profile add`. */
export function addOAuthOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--grant <grant>', 'oauth2: the grant').choices(grantSchema.options))
    .option('--issuer <url>', 'oauth2: discover the endpoints not given from this issuer (RFC 8414 / OpenID Connect)')
    .option('--authorization-endpoint <url>', 'oauth2 authorization_code: where the browser signs in')
    .option('--token-endpoint <url>', 'oauth2: the token endpoint')
    .option('--device-authorization-endpoint <url>', 'oauth2 device_code: the device authorization endpoint')
    .option('--revocation-endpoint <url>', 'oauth2: the token revocation endpoint (RFC 7009), used by authdesk revoke')
    .option('--client-id <id>', 'oauth2: the client_id (not secret)')
    .addOption(
      new Option(
        '--token-endpoint-auth-method <method>',
        'oauth2: client authentication; none (no stdin secret) is the default for --client-type public, else client_secret_basic; tls_client_auth and self_signed_tls_client_auth take --cert (or --pkcs12) and the key (RFC 8705)',
      )
        .choices(tokenEndpointAuthMethodSchema.options),
    )
    .option('--send-raw-client-credentials', 'oauth2: send client_id and client_secret in Basic without form-encoding them first')
    .option('--scope <scope>', 'oauth2: space-delimited scopes, e.g. "read write"')
    .option('--audience <audience>', 'oauth2: the audience parameter (Auth0 and others)')
    .option('--resource <url>', 'oauth2: the resource indicator (RFC 8707)')
    .option('--redirect-uri <url>', 'oauth2 authorization_code: a fixed loopback redirect URI (default: 127.0.0.1 on a free port)')
    .option('--token-prefix <word>', 'oauth2: the Authorization scheme word sent before the access token (default Bearer)')
    .option('--jwt-subject <sub>', 'oauth2 jwt_bearer: the assertion\'s sub, the principal the token is for (RFC 7523 §3)')
    .option('--jwt-issuer <iss>', 'oauth2 jwt_bearer: the assertion\'s iss (default: the client_id)')
    .option('--jwt-audience <aud>', 'oauth2 jwt_bearer: the assertion\'s aud (default: the token endpoint)')
    .option('--app-id <id>', 'oauth2 github_app: the GitHub App ID')
    .option('--installation-id <id>', 'oauth2 github_app: the installation whose token is requested')
    .option('--api-base <url>', 'oauth2 github_app: the REST API base (default https://api.github.com; GHES: https://HOST/api/v3)')
    .option('--key-id <kid>', 'oauth2 private_key_jwt and jwt_bearer: the kid header of the signed JWTs')
    .addOption(new Option('--signing-alg <alg>', 'oauth2 private_key_jwt, jwt_bearer, github_app: the JWS algorithm (default RS256)').choices(signingAlgSchema.options));
}

const given = (o: OAuthFlags) => (Object.keys(FLAGS) as (keyof OAuthFlags)[]).filter((k) => o[k] !== undefined);

/** Refuses oauth2 flags on another scheme. */
export function rejectOAuthFlags(o: OAuthFlags): void {
  const first = given(o)[0];
  if (first) throw usage(`${FLAGS[first]} applies to --scheme oauth2 only.`);
}

/** The client authentication: the flag, else none for a public client, else client_secret_basic (RFC 6749 §2.3.1). */
const authMethodOf = (o: OAuthFlags, clientType: ClientType): TokenEndpointAuthMethod =>
  o.tokenEndpointAuthMethod ?? (clientType === 'public' ? 'none' : 'client_secret_basic');

/**
 * The RFC 6749 §2.1 client type of `profile add`: `--client-type` when given, else `public` for a client that holds
 * no credential at all (`--token-endpoint-auth-method none` with a grant that signs nothing: authorization_code,
 * device_code; RFC 8252 §8.4), else `confidential`.
 * @param o the flags, `clientType` absent when `--client-type` was not given
 * @throws CliError (usage, exit 2) for `--client-type confidential` with such a client: one that does not
 *   authenticate cannot be confidential
 */
export function clientTypeOf(o: OAuthFlags & { clientType?: ClientType }): ClientType {
  const holdsNothing = o.tokenEndpointAuthMethod === 'none' && !signsJwts(o, 'confidential');
  if (o.clientType === 'confidential' && holdsNothing) {
    throw usage(
      '--client-type confidential contradicts --token-endpoint-auth-method none: a client that does not authenticate is a public client (RFC 6749 §2.1, RFC 8252 §8.4). Drop --client-type, or give the client authentication it uses.',
    );
  }
  return o.clientType ?? (holdsNothing ? 'public' : 'confidential');
}

/**
 * The client authentication method when it presents a client certificate (tls_client_auth, self_signed_tls_client_auth:
 * RFC 8705 §2; `--cert`/`--pkcs12` and `--key-file` then give it), else null.
 */
export const certificateMethod = (o: OAuthFlags, clientType: ClientType): TokenEndpointAuthMethod | null => {
  const method = authMethodOf(o, clientType);
  return o.grant !== undefined && usesClientCertificate({ grant: o.grant, tokenEndpointAuthMethod: method }) ? method : null;
};

/** Whether the profile signs JWTs with a private key (slot `private_key`, which `--key-file` may fill). */
export const signsJwts = (o: OAuthFlags, clientType: ClientType): boolean =>
  o.grant !== undefined && usesPrivateKey({ grant: o.grant, tokenEndpointAuthMethod: authMethodOf(o, clientType) });

/** The flags a GitHub App profile takes: it has no token endpoint, client_id or client_secret. */
const GITHUB_APP_FLAGS = new Set<keyof OAuthFlags>(['grant', 'appId', 'installationId', 'apiBase', 'signingAlg', 'tokenPrefix']);

/** Flags that belong to one grant. */
const GRANT_OF: Partial<Record<keyof OAuthFlags, Grant>> = {
  jwtIssuer: 'jwt_bearer',
  jwtSubject: 'jwt_bearer',
  jwtAudience: 'jwt_bearer',
  appId: 'github_app',
  installationId: 'github_app',
  apiBase: 'github_app',
};

/** Which endpoint flag each grant needs besides the token endpoint. */
const GRANT_ENDPOINT: Partial<Record<Grant, 'authorizationEndpoint' | 'deviceAuthorizationEndpoint'>> = {
  authorization_code: 'authorizationEndpoint',
  device_code: 'deviceAuthorizationEndpoint',
};

const URL_FLAGS = ['issuer', 'authorizationEndpoint', 'tokenEndpoint', 'deviceAuthorizationEndpoint', 'revocationEndpoint', 'resource', 'redirectUri', 'apiBase'] as const;

/**
 * Checks the oauth2 flags that need no network, so usage errors come before any request (and before anything is
 * saved): a `--redirect-uri` must be a loopback http URI (RFC 8252 §7.3). The last step validates the config the flags
 * make (the schema's messages, with flag names), the issuer standing in for endpoints to discover.
 * @throws CliError (usage, exit 2) naming the flag or quoting the rule
 * @param certificate the client certificate read from --cert/--pkcs12 (mutual-TLS client authentication), or null
 */
export function checkOAuthFlags(o: OAuthFlags, clientType: ClientType, certificate: ClientCertificate | null): void {
  if (!o.grant) throw usage(`--scheme oauth2 needs --grant ${grantSchema.options.join('|')}.`);
  const grant = o.grant;
  if (grant === 'github_app') {
    const extra = given(o).find((k) => !GITHUB_APP_FLAGS.has(k));
    if (extra) throw usage(`${FLAGS[extra]} does not apply to --grant github_app: it takes --app-id, --installation-id and the App's private key.`);
  } else if (!o.clientId) {
    throw usage('--scheme oauth2 needs --client-id ID (the client_id is not secret; the client_secret comes on standard input).');
  }
  for (const key of URL_FLAGS) {
    const value = o[key];
    if (value !== undefined) checkUrlFlag(FLAGS[key], value);
  }
  for (const key of ['authorizationEndpoint', 'deviceAuthorizationEndpoint'] as const) {
    if (o[key] !== undefined && GRANT_ENDPOINT[grant] !== key) throw usage(`${FLAGS[key]} does not apply to --grant ${grant}.`);
  }
  if (o.redirectUri !== undefined && grant !== 'authorization_code') throw usage('--redirect-uri applies to --grant authorization_code only.');
  const redirectProblem = o.redirectUri === undefined ? null : loopbackRedirectProblem(o.redirectUri);
  if (redirectProblem) throw usage(redirectProblem); // RFC 8252 §7.3: refused now, not at the first sign-in
  const misplaced = given(o).find((k) => GRANT_OF[k] !== undefined && GRANT_OF[k] !== grant);
  if (misplaced) throw usage(`${FLAGS[misplaced]} applies to --grant ${GRANT_OF[misplaced]} only.`);
  const unsigned = (['keyId', 'signingAlg'] as const).find((k) => o[k] !== undefined && !signsJwts(o, clientType));
  if (unsigned) {
    throw usage(`${FLAGS[unsigned]} applies when a private key signs JWTs: --grant jwt_bearer or github_app, or --token-endpoint-auth-method private_key_jwt.`);
  }
  if (grant === 'client_credentials' && authMethodOf(o, clientType) === 'none') {
    throw usage('--grant client_credentials needs client authentication (RFC 6749 §4.4): use --token-endpoint-auth-method client_secret_basic or client_secret_post.');
  }
  if (grant !== 'github_app' && !o.issuer) {
    if (!o.tokenEndpoint) throw usage('--scheme oauth2 needs --token-endpoint URL, or --issuer URL to discover it.');
    const needed = GRANT_ENDPOINT[grant];
    if (needed && !o[needed]) throw usage(`--grant ${grant} needs ${FLAGS[needed]} URL, or --issuer URL to discover it.`);
  }
  parseOAuth({ ...flagConfig(o, clientType, certificate), tokenEndpoint: o.tokenEndpoint ?? o.issuer });
}

/** The part of the config the flags give directly (no endpoint that discovery may fill). */
const flagConfig = (o: OAuthFlags, clientType: ClientType, certificate: ClientCertificate | null) => ({
  scheme: 'oauth2',
  grant: o.grant,
  issuer: o.issuer,
  clientId: o.clientId,
  tokenEndpointAuthMethod: authMethodOf(o, clientType),
  sendRawClientCredentials: o.sendRawClientCredentials ?? false,
  keyId: o.keyId,
  signingAlg: o.signingAlg,
  jwtIssuer: o.jwtIssuer,
  jwtSubject: o.jwtSubject,
  jwtAudience: o.jwtAudience,
  appId: o.appId,
  installationId: o.installationId,
  apiBase: o.apiBase,
  scope: o.scope,
  audience: o.audience,
  resource: o.resource,
  redirectUri: o.redirectUri,
  tokenPrefix: o.tokenPrefix ?? 'Bearer',
  clientCertificate: certificate ?? undefined,
});

/**
 * Validates a candidate oauth2 config; the first problem is a usage error naming the flag. A message that is a whole
 * sentence (the schema's refinements: "The jwt_bearer grant needs jwtSubject: ….") is shown with the field replaced
 * by its flag; a fragment ("an absolute http:// or https:// URL") follows "Invalid --flag:".
 */
function parseOAuth(candidate: Record<string, unknown>): OAuthConfig {
  const parsed = authSchema.safeParse(candidate);
  if (parsed.success && parsed.data.scheme === 'oauth2') return parsed.data;
  const issue = parsed.error?.issues[0];
  const key = issue?.path[0];
  const flag = typeof key === 'string' && key in FLAGS ? FLAGS[key as keyof OAuthFlags] : undefined;
  if (issue?.message.endsWith('.')) throw usage(flag ? issue.message.replace(String(key), flag) : issue.message);
  throw usage(`Invalid ${flag ?? 'option'}: ${issue?.message ?? 'rejected'}.`);
}

/**
 * The oauth2 auth config from checked flags (see {@link checkOAuthFlags}) and, with `--issuer`, the discovered
 * metadata: endpoints not given are filled from it (with a client certificate, from its RFC 8705 §5
 * `mtls_endpoint_aliases` where it has them), and `requireIss` follows it (RFC 9207).
 */
export function oauthAuth(o: OAuthFlags, clientType: ClientType, found: DiscoveredEndpoints | null, certificate: ClientCertificate | null): OAuthConfig {
  const grant = o.grant!;
  const use = found ? endpointsToUse(found, certificate !== null) : null;
  const fill = (key: 'tokenEndpoint' | 'authorizationEndpoint' | 'deviceAuthorizationEndpoint' | 'revocationEndpoint', metadataName: string, required: boolean) => {
    const value = o[key] ?? use?.[key] ?? undefined;
    if (required && !value) throw usage(`The metadata at ${found?.source ?? o.issuer} has no ${metadataName}; give ${FLAGS[key]} URL.`);
    return value;
  };
  const needed = GRANT_ENDPOINT[grant];
  return parseOAuth({
    ...flagConfig(o, clientType, certificate),
    tokenEndpoint: grant === 'github_app' ? undefined : fill('tokenEndpoint', 'token_endpoint', true),
    authorizationEndpoint: needed === 'authorizationEndpoint' ? fill('authorizationEndpoint', 'authorization_endpoint', true) : undefined,
    deviceAuthorizationEndpoint: needed === 'deviceAuthorizationEndpoint' ? fill('deviceAuthorizationEndpoint', 'device_authorization_endpoint', true) : undefined,
    revocationEndpoint: fill('revocationEndpoint', 'revocation_endpoint', false),
    requireIss: found?.requireIss ?? false,
  });
}

/** A note when discovery lists client authentication methods and the profile's is not among them (RFC 8414 §2). */
export function authMethodNote(config: OAuthConfig, found: DiscoveredEndpoints | null): string | null {
  const listed = found?.tokenEndpointAuthMethods ?? [];
  if (listed.length === 0 || listed.includes(config.tokenEndpointAuthMethod)) return null;
  return `the server lists token_endpoint_auth_methods_supported ${listed.join(', ')}; this profile uses ${config.tokenEndpointAuthMethod} (change it with --token-endpoint-auth-method).`;
}

/**
 * Grants whose client may do without client authentication, and why (for {@link optionalSecretHints}). Not
 * client_credentials (RFC 6749 §4.4: only a confidential client) nor github_app (no client_secret at all).
 */
const CLIENT_AUTH_OPTIONAL: Partial<Record<Grant, string>> = {
  jwt_bearer: 'The JWT bearer grant does not require client authentication (RFC 7523 §2.1, §3.1)',
  authorization_code: 'A public client uses the authorization_code grant without client authentication (RFC 6749 §2.1, RFC 8252 §8.4)',
  device_code: 'A public client uses the device_code grant without client authentication (RFC 8628 §3.4, RFC 6749 §2.1)',
};

/**
 * What `profile add` adds when standard input ends before a client_secret that the grant does not require: that
 * `--token-endpoint-auth-method none` sends (and reads) none. By slot, for {@link readSecrets}; empty otherwise.
 */
export function optionalSecretHints(auth: AuthConfig): Record<string, string> {
  const why = auth.scheme === 'oauth2' && usesClientSecret(auth) ? CLIENT_AUTH_OPTIONAL[auth.grant] : undefined;
  return why ? { client_secret: `${why}: with --token-endpoint-auth-method none, no client_secret is read or sent.` } : {};
}
