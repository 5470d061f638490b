import type { DiscoveredEndpoints, MtlsEndpointAliases } from '../../../shared/contract';
import { AuthdeskError } from '../errors';
import { getJson } from './http';
import { parsesAsUrl } from '../../../shared/url';

/** Endpoints and capabilities found from an issuer (the contract's shape, shown as is in the UI and the CLI). */
export type DiscoveredMetadata = DiscoveredEndpoints;

/** RFC 8414 §3: the well-known segment goes between the host and the issuer's path. */
export function metadataUrls(issuer: string): string[] {
  const u = new URL(issuer);
  const path = u.pathname === '/' ? '' : u.pathname.replace(/\/$/, '');
  return [
    `${u.origin}/.well-known/oauth-authorization-server${path}`,
    `${u.origin}${path}/.well-known/openid-configuration`, // OpenID Connect Discovery 1.0 §4
  ];
}

const s = (v: unknown) => (typeof v === 'string' ? v : null);

/** RFC 8705 §5 `mtls_endpoint_aliases`: absolute https URLs only (anything else is ignored), or null when none. */
function mtlsAliases(v: unknown): MtlsEndpointAliases | null {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return null;
  const m = v as Record<string, unknown>;
  const https = (x: unknown) => (typeof x === 'string' && parsesAsUrl(x) && new URL(x).protocol === 'https:' ? x : null);
  const aliases = { tokenEndpoint: https(m.token_endpoint), deviceAuthorizationEndpoint: https(m.device_authorization_endpoint), revocationEndpoint: https(m.revocation_endpoint) };
  return Object.values(aliases).some((x) => x !== null) ? aliases : null;
}

/**
 * Discovers an authorization server's endpoints from RFC 8414 metadata, else OpenID Connect discovery, with the
 * RFC 8705 §5 mutual-TLS endpoint aliases when the server lists them. A document whose `issuer` is not identical to
 * the one asked for is discarded (RFC 8414 §3.3: mix-up defence).
 * @throws AuthdeskError `auth_failed` when no valid document is found (says which issuer came back)
 */
export async function discover(issuer: string, timeoutMs = 10_000): Promise<DiscoveredMetadata> {
  const problems: string[] = [];
  for (const url of metadataUrls(issuer)) {
    const { status, json } = await getJson(url, timeoutMs).catch(() => ({ status: 0, json: null }));
    if (status !== 200 || !json || typeof json !== 'object') {
      problems.push(`${url}: ${status ? `HTTP ${status}` : 'unreachable'}`);
      continue;
    }
    const m = json as Record<string, unknown>;
    if (m.issuer !== issuer) {
      throw new AuthdeskError('auth_failed', `The metadata at ${url} names the issuer "${String(m.issuer)}", not "${issuer}" (RFC 8414 §3.3). Refusing it.`);
    }
    return {
      issuer,
      authorizationEndpoint: s(m.authorization_endpoint),
      tokenEndpoint: s(m.token_endpoint),
      deviceAuthorizationEndpoint: s(m.device_authorization_endpoint),
      revocationEndpoint: s(m.revocation_endpoint),
      tokenEndpointAuthMethods: Array.isArray(m.token_endpoint_auth_methods_supported) ? m.token_endpoint_auth_methods_supported.filter((x): x is string => typeof x === 'string') : [],
      requireIss: m.authorization_response_iss_parameter_supported === true,
      mtlsEndpointAliases: mtlsAliases(m.mtls_endpoint_aliases),
      source: url,
    };
  }
  throw new AuthdeskError('auth_failed', `No authorization server metadata found for ${issuer} (${problems.join('; ')}).`);
}
