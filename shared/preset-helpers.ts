import { oauthConfigSchema, type OAuthConfig } from './oauth';
import type { PresetParam } from './presets';

/** An OAuth config with the schema's defaults applied (placeholders are valid inside these URLs). */
export const oauth = (c: Omit<OAuthConfig, 'tokenEndpointAuthMethod' | 'sendRawClientCredentials' | 'requireIss' | 'tokenPrefix'> & Partial<OAuthConfig>): OAuthConfig =>
  oauthConfigSchema.parse(c);

/** The OAuth client_id a user registers with the provider (RFC 6749 §2.2). */
export const clientId = (example: string): PresetParam => ({ id: 'client_id', label: 'OAuth client_id', example, pattern: '[\\x21-\\x7e]{1,500}' });
