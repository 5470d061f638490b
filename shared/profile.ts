import { z } from 'zod';
import { oauthConfigSchema } from './oauth';

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
  }, 'an absolute http:// or https:// URL');

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
  .refine((v) => URL.canParse(v) && new URL(v).origin === v && /^https?:/.test(v), 'an origin such as https://files.example.com (no path)');

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
 * basic: [username (only when it is secret), password]; apikey: one per placement; bearer: [token].
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
    case 'oauth2':
      return auth.tokenEndpointAuthMethod === 'none' ? [] : [{ slot: 'client_secret', label: 'client_secret', mayBeEmpty: false }];
  }
}

/** The non-secret identity shown in history and the access log: the Basic username, or the OAuth client_id. */
export function identityOf(profile: Pick<Profile, 'auth'>): string | null {
  if (profile.auth.scheme === 'basic') return profile.auth.username;
  if (profile.auth.scheme === 'oauth2') return profile.auth.clientId;
  return null;
}
