import type { SandboxInfo } from '../../../shared/contract';
import type { ClientType } from '../../../shared/profile';
import type { OAuthDraft } from './oauth-draft';

/** Values that start the profile editor filled in, and the request the new profile tries first. */
export type EditorPrefill = { name: string; baseUrl: string; tryPath: string } & (
  | { scheme: 'basic'; username: string; password: string }
  | { scheme: 'oauth2'; clientType: ClientType; oauth: Partial<OAuthDraft>; clientSecret: string | null }
);

/** The profiles the sandbox offers to create. */
export type SandboxProfileKind = 'basic' | 'oauth-client-credentials' | 'oauth-authorization-code';

/**
 * A prefill for one of the sandbox's demo profiles. The OAuth ones name only the issuer: the editor runs discovery
 * to fill in the endpoints, as a person would with a real server.
 */
export function sandboxPrefill(info: SandboxInfo, kind: SandboxProfileKind): EditorPrefill {
  const { baseUrl } = info;
  const issuer = info.oauth?.issuer ?? baseUrl;
  switch (kind) {
    case 'basic':
      return { name: 'Sandbox (Basic)', baseUrl, tryPath: '/basic', scheme: 'basic', ...info.credentials.basic };
    case 'oauth-client-credentials':
      return {
        name: 'Sandbox (OAuth client credentials)',
        baseUrl,
        tryPath: '/bearer',
        scheme: 'oauth2',
        clientType: 'confidential',
        oauth: { grant: 'client_credentials', issuer, clientId: info.oauth?.confidential.clientId ?? '', scope: 'read' },
        clientSecret: info.oauth?.confidential.clientSecret ?? null,
      };
    case 'oauth-authorization-code':
      return {
        name: 'Sandbox (OAuth sign-in)',
        baseUrl,
        tryPath: '/bearer',
        scheme: 'oauth2',
        clientType: 'public',
        oauth: { grant: 'authorization_code', issuer, clientId: info.oauth?.public.clientId ?? '', method: 'none', scope: 'read' },
        clientSecret: null,
      };
  }
}
