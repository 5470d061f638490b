import { z } from 'zod';
import { oauthConfigSchema, usesClientSecret, usesPrivateKey } from './oauth';
import { CERTIFICATE_FORMAT_RULE, certificateMatchesFormat, clientCertificateFields, clientCertificateSlots } from './client-cert';
import { profileHeadersSchema } from './profile-headers';
import { parsesAsUrl } from './url';

/**
 * Auth profile data model (DESIGN.md "Data model"). A profile file is safe to commit to git: it holds
 * where each secret lives (a {@link SecretRef}) and a fingerprint, never a secret value.
 */

/** RFC 6749 §2.1 client types. */
export const clientTypeSchema = z.enum(['confidential', 'public']);
export type ClientType = z.infer<typeof clientTypeSchema>;

/** Where a secret lives. There is no third place: no plaintext file, no localStorage. */
export const secretRefSchema = z.discriminatedUnion('source', [
  z.object({ source: z.literal('keychain'), account: z.string().min(1).max(200) }),
  z.object({
    source: z.literal('env'),
    name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name: letters, digits and _'),
  }),
]);
export type SecretRef = z.infer<typeof secretRefSchema>;

/** A secret slot's metadata as stored in the profile file. `fingerprint` is an HMAC under a per-install key. */
export const storedSecretSchema = z.object({
  ref: secretRefSchema,
  fingerprint: z.string().regex(/^[0-9a-f]{8,64}$/).nullable(),
  savedAt: z.string(),
});
export type StoredSecret = z.infer<typeof storedSecretSchema>;

const headerName = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'a header or parameter name: letters, digits and !#$%&\'*+.^_`|~-');

/** One place an API key goes (Datadog sends two headers, so a profile has one or more). */
export const apiKeyPlacementSchema = z.object({
  in: z.enum(['header', 'query', 'cookie']),
  name: headerName,
  prefix: z.string().max(100).optional(),
});
export type ApiKeyPlacement = z.infer<typeof apiKeyPlacementSchema>;

/**
 * HTTP Digest (RFC 7616; RFC 2617 servers without qop): challenge-response, the password never crosses the wire.
 * Slots: `username` (only when it is secret, as for Basic) and `password`.
 */
export const digestAuthSchema = z.object({
  scheme: z.literal('digest'),
  /** The non-secret identity; `null` when the username is itself a secret. */
  username: z.string().max(500).nullable(),
});

/**
 * AWS Signature Version 4 (AWS General Reference, "Signing AWS API requests"): every request is signed with the
 * secret access key. Slots: `secret_access_key`, and `session_token` (empty for long-term keys).
 */
export const awsSigV4AuthSchema = z.object({
  scheme: z.literal('aws-sigv4'),
  /** The non-secret identity (AKIA… or ASIA… for temporary credentials). */
  accessKeyId: z.string().regex(/^[A-Za-z0-9]{16,128}$/, 'an access key id: 16 to 128 letters and digits (AKIA…)'),
  region: z.string().regex(/^[a-z0-9-]{2,50}$/, 'a region such as us-east-1'),
  /** The signing name of the service (`s3`, `execute-api`, `sts`…). */
  service: z.string().regex(/^[a-z0-9-]{2,64}$/, 'a service signing name such as s3 or execute-api'),
});

/**
 * Mutual TLS: a client certificate presented in the TLS handshake (RFC 8446 §4.4.2, §4.3.2 CertificateRequest).
 * `pem`: the certificate chain here (public) and the private key in slot `client_key`; `pkcs12`: a base64 PKCS#12
 * bundle (RFC 7292) in slot `client_pkcs12`. Both: `client_key_passphrase` (empty for an unencrypted key).
 */
export const mtlsAuthSchema = z.object({ scheme: z.literal('mtls'), ...clientCertificateFields }).refine(certificateMatchesFormat, CERTIFICATE_FORMAT_RULE);

/** The non-secret part of each scheme. Secret parts live in `Profile.secrets`, by slot (see {@link secretSlots}). */
export const authSchema = z.discriminatedUnion('scheme', [
  z.object({
    scheme: z.literal('basic'),
    /** The non-secret identity; `null` when the username is itself a secret (Stripe: key as username). */
    username: z.string().max(500).nullable(),
  }),
  z.object({ scheme: z.literal('apikey'), placements: z.array(apiKeyPlacementSchema).min(1).max(10) }),
  z.object({
    scheme: z.literal('bearer'),
    prefix: z
      .string()
      .min(1)
      .max(100)
      .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'an auth-scheme token such as Bearer, token or Zoho-oauthtoken')
      .default('Bearer'),
  }),
  digestAuthSchema,
  awsSigV4AuthSchema,
  mtlsAuthSchema,
  oauthConfigSchema,
]);
export type AuthConfig = z.infer<typeof authSchema>;
export type Scheme = AuthConfig['scheme'];

export const profileNameSchema = z
  .string()
  .trim()
  .min(1, 'a profile needs a name')
  .max(80, 'a profile name has at most 80 characters')
  .regex(/^[^\u0000-\u001f\u007f/\\]+$/, 'a profile name has no control characters and no / or \\');

export const httpUrlSchema = z
  .string()
  .max(8000)
  .refine((v) => {
    try {
      const u = new URL(v);
      return u.protocol === 'http:' || u.protocol === 'https:';
    } catch {
      return false;
    }
  }, 'an absolute http:// or https:// URL')
  // RFC 9110 §4.2.4: a sender must not put userinfo in a URL; it would be sent and stored as plain text.
  .refine((v) => !/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*@/i.test(v), 'no user:password@ in the URL: credentials go in the profile\'s auth, whose secrets live in the keychain (RFC 9110 §4.2.4)');

/** The verify request of a profile: method and a path (relative to the base URL) or an absolute URL. */
export const verifyRequestSchema = z.object({
  method: z.enum(['GET', 'HEAD', 'POST']).default('GET'),
  target: z.string().min(1).max(2000),
});
export type VerifyRequest = z.infer<typeof verifyRequestSchema>;

/** A web origin as RFC 6454 §6.2 serialises it: scheme, host and the port when it is not the default. */
export const originSchema = z
  .string()
  .max(300)
  .refine((v) => parsesAsUrl(v) && new URL(v).origin === v && /^https?:/.test(v), 'an origin such as https://files.example.com (no path)');

/** A provider preset's id (shared/presets.ts): lower-case words joined by hyphens. */
export const presetIdSchema = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/).max(64);

export const profileSchema = z.object({
  version: z.literal(1),
  id: z.string().regex(/^[0-9a-f-]{36}$/),
  name: profileNameSchema,
  clientType: clientTypeSchema,
  createdAt: z.string(),
  baseUrl: httpUrlSchema.optional(),
  auth: authSchema,
  secrets: z.record(z.string(), storedSecretSchema),
  /**
   * Origins (`https://host[:port]`) a redirect may carry this profile's credentials to: an explicit opt-in for
   * APIs that redirect to a sibling host. An https → http downgrade never carries credentials, trusted or not.
   */
  trustRedirectsTo: z.array(originSchema).max(20).optional(),
  /** The "am I authenticated?" call (GET /user, an OpenID userinfo endpoint…): a path on baseUrl or an absolute URL. */
  verify: verifyRequestSchema.optional(),
  /** The provider preset the profile was made from (shared/preset-catalog*.ts): its keys and revoke pages. */
  presetId: presetIdSchema.optional(),
  /** Non-secret headers sent with every request of the profile (Notion-Version); a request's own header wins. */
  headers: profileHeadersSchema.optional(),
});
export type Profile = z.infer<typeof profileSchema>;

/** A secret slot: the key in `Profile.secrets` and a human label for prompts and the editor. */
export interface SecretSlot {
  slot: string;
  label: string;
  /** Whether an empty value is acceptable (an empty Basic password is legal, RFC 7617 §2). */
  mayBeEmpty: boolean;
}

/**
 * The secret slots a scheme needs, in the order the CLI reads them from standard input and `rotate` replaces them.
 * basic and digest: [username (only when it is secret), password]; apikey: one per placement; bearer: [token];
 * aws-sigv4: [secret_access_key, session_token]; mtls: [client_key or client_pkcs12, client_key_passphrase];
 * oauth2: [client_secret (client_secret_basic/post), private_key (private_key_jwt, jwt_bearer, github_app), then the
 * client certificate's slots as for mtls (tls_client_auth, self_signed_tls_client_auth: RFC 8705 §2)].
 */
export function secretSlots(auth: AuthConfig): SecretSlot[] {
  switch (auth.scheme) {
    case 'basic':
      return [
        ...(auth.username === null ? [{ slot: 'username', label: 'username', mayBeEmpty: false }] : []),
        { slot: 'password', label: 'password', mayBeEmpty: true },
      ];
    case 'apikey':
      return auth.placements.map((p, i) => ({ slot: `key${i}`, label: `API key for ${p.in} ${p.name}`, mayBeEmpty: false }));
    case 'bearer':
      return [{ slot: 'token', label: 'token', mayBeEmpty: false }];
    case 'digest':
      return [
        ...(auth.username === null ? [{ slot: 'username', label: 'username', mayBeEmpty: false }] : []),
        { slot: 'password', label: 'password', mayBeEmpty: true },
      ];
    case 'aws-sigv4':
      return [
        { slot: 'secret_access_key', label: 'secret access key', mayBeEmpty: false },
        { slot: 'session_token', label: 'session token (empty for long-term keys)', mayBeEmpty: true },
      ];
    case 'mtls':
      return clientCertificateSlots(auth.format);
    case 'oauth2':
      return [
        ...(usesClientSecret(auth) ? [{ slot: 'client_secret', label: 'client_secret', mayBeEmpty: false }] : []),
        ...(usesPrivateKey(auth) ? [{ slot: 'private_key', label: 'private key (PEM)', mayBeEmpty: false }] : []),
        ...(auth.clientCertificate ? clientCertificateSlots(auth.clientCertificate.format) : []),
      ];
  }
}

/**
 * The non-secret identity shown in history and the access log: the Basic or Digest username, the AWS access key id,
 * or the OAuth client_id (a GitHub App's App ID). An mTLS profile is identified by its key fingerprint.
 */
export function identityOf(profile: Pick<Profile, 'auth'>): string | null {
  if (profile.auth.scheme === 'basic' || profile.auth.scheme === 'digest') return profile.auth.username;
  if (profile.auth.scheme === 'aws-sigv4') return profile.auth.accessKeyId;
  if (profile.auth.scheme === 'oauth2') return (profile.auth.grant === 'github_app' ? profile.auth.appId : profile.auth.clientId) ?? null;
  return null;
}
