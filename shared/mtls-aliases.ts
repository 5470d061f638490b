import type { DiscoveredEndpoints } from './contract';

/** The discovered endpoints a profile fills in: the conventional ones, or their mutual-TLS aliases. */
export type UsedEndpoints = Pick<DiscoveredEndpoints, 'authorizationEndpoint' | 'tokenEndpoint' | 'deviceAuthorizationEndpoint' | 'revocationEndpoint'>;

/**
 * The endpoints a client uses from discovered metadata. A client doing mutual TLS (tls_client_auth,
 * self_signed_tls_client_auth) uses the RFC 8705 §5 `mtls_endpoint_aliases` in preference to the conventional
 * endpoints, each where the server gives an alias; the authorization endpoint has none (the browser does not present
 * the client's certificate).
 */
export function endpointsToUse(found: DiscoveredEndpoints, mutualTls: boolean): UsedEndpoints {
  const alias = mutualTls ? found.mtlsEndpointAliases : null;
  return {
    authorizationEndpoint: found.authorizationEndpoint,
    tokenEndpoint: alias?.tokenEndpoint ?? found.tokenEndpoint,
    deviceAuthorizationEndpoint: alias?.deviceAuthorizationEndpoint ?? found.deviceAuthorizationEndpoint,
    revocationEndpoint: alias?.revocationEndpoint ?? found.revocationEndpoint,
  };
}
