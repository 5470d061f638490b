import { z } from 'zod';

/**
 * OAuth 2.0 client configuration of a profile (RFC 6749, 7636, 8252, 8414, 8628, 7009, 9207, 9700). The
 * client_secret is not here: it is a secret slot in the keychain. Access tokens live in memory, refresh tokens in
 * the keychain; neither is ever in a profile file.
 */

const url = z
  .string()
  .max(4000)
  .refine((v) => /^https?:\/\//i.test(v) && URL.canParse(v), 'an absolute http:// or https:// URL');

export const grantSchema = z.enum(['client_credentials', 'authorization_code', 'device_code']);
export type Grant = z.infer<typeof grantSchema>;

/** RFC 6749 §2.3.1 and RFC 8414 §2 `token_endpoint_auth_methods_supported` values Authdesk speaks. */
export const tokenEndpointAuthMethodSchema = z.enum(['client_secret_basic', 'client_secret_post', 'none']);
export type TokenEndpointAuthMethod = z.infer<typeof tokenEndpointAuthMethodSchema>;

export const oauthConfigSchema = z.object({
  scheme: z.literal('oauth2'),
  grant: grantSchema,
  issuer: url.optional(),
  authorizationEndpoint: url.optional(),
  tokenEndpoint: url,
  deviceAuthorizationEndpoint: url.optional(),
  revocationEndpoint: url.optional(),
  clientId: z.string().min(1).max(500),
  tokenEndpointAuthMethod: tokenEndpointAuthMethodSchema.default('client_secret_basic'),
  /** T12: send client_id/client_secret in Basic without form-encoding them first, for servers that compare raw. */
  sendRawClientCredentials: z.boolean().default(false),
  /** Space-delimited scope (RFC 6749 §3.3). */
  scope: z.string().max(2000).optional(),
  audience: z.string().max(2000).optional(),
  resource: url.optional(),
  /** A fixed redirect URI; default: http://127.0.0.1:{ephemeral}/callback (RFC 8252 §7.3). */
  redirectUri: url.optional(),
  /** RFC 9207: reject authorization responses without `iss` (set from metadata). */
  requireIss: z.boolean().default(false),
  /** The Authorization scheme word for the access token (T11: Zoho-oauthtoken). */
  tokenPrefix: z.string().min(1).max(100).regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/).default('Bearer'),
  extraParams: z.record(z.string().max(200), z.string().max(2000)).optional(),
});
export type OAuthConfig = z.infer<typeof oauthConfigSchema>;

/** A token set as the engine holds it. `expiresAt` is ms since the epoch or null when the server gave no expiry. */
export interface TokenSet {
  accessToken: string;
  tokenType: string;
  expiresAt: number | null;
  refreshToken: string | null;
  scope: string | null;
  idToken: string | null;
  /** Extra fields of the token response that are not secrets (Salesforce `instance_url`). */
  extra: Record<string, string>;
}

/** What the UI and CLI may see of a token set: never a token. */
export interface TokenInfo {
  tokenType: string;
  expiresAt: string | null;
  scope: string | null;
  hasRefreshToken: boolean;
  source: 'cache' | 'fetched' | 'refreshed';
  warnings: string[];
}

/** Steps of a flow in progress, pushed to the UI (`oauth.progress`). */
export type FlowStep =
  | { step: 'waiting_for_browser'; authorizationUrl: string }
  | { step: 'exchanging_code' }
  | { step: 'device_code'; userCode: string; verificationUri: string; verificationUriComplete: string | null; expiresAt: number }
  | { step: 'polling'; intervalS: number }
  | { step: 'done' };
