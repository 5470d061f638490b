import { usesPrivateKey, type Grant, type OAuthConfig } from '../../../shared/oauth';
import type { ApiKeyPlacement, AuthConfig, ClientType } from '../../../shared/profile';
import type { EditableScheme } from './format';
import { newId } from './ids';
import { signsIn } from './oauth-labels';
import { isHttpUrl } from './url';
import { newOAuthDraft, oauthConfigOf, oauthProblem, withMethod, type OAuthDraft } from './oauth-draft';
import type { EditorPrefill } from './prefill';
import { problemAt, type Problem } from './problem';
import { profileNameProblem } from './profile-name';
import { mtlsConfigOf, mtlsProblem, newMtlsDraft, newSigV4Draft, sigv4ConfigOf, sigv4Problem, type MtlsDraft, type SigV4Draft } from './scheme-draft';

/** An API key placement being edited; `id` keys the row, the key value itself stays in the row's secret input. */
export type PlacementDraft = ApiKeyPlacement & { id: string; prefix: string };

/** The non-secret fields of the profile editor. Secrets are never part of it (see SecretInput). */
export interface ProfileDraft {
  name: string;
  clientType: ClientType;
  scheme: EditableScheme;
  baseUrl: string;
  /** Basic and Digest share the username (and whether it is a secret). */
  username: string;
  usernameSecret: boolean;
  placements: PlacementDraft[];
  bearerPrefix: string;
  oauth: OAuthDraft;
  sigv4: SigV4Draft;
  mtls: MtlsDraft;
}

/** A fresh placement row in a header; the first one is named X-Api-Key, later ones need a name. */
export const newPlacement = (name = ''): PlacementDraft => ({ id: newId(), in: 'header', name, prefix: '' });

/** The editor's starting values, optionally prefilled (the sandbox prefills a Basic or an OAuth profile). */
export function initialDraft(prefill?: EditorPrefill): ProfileDraft {
  return {
    name: prefill?.name ?? '',
    clientType: prefill?.scheme === 'oauth2' ? prefill.clientType : 'confidential',
    scheme: prefill?.scheme ?? 'basic',
    baseUrl: prefill?.baseUrl ?? '',
    username: prefill?.scheme === 'basic' ? prefill.username : '',
    usernameSecret: false,
    placements: [newPlacement('X-Api-Key')],
    bearerPrefix: 'Bearer',
    oauth: newOAuthDraft(prefill?.scheme === 'oauth2' ? prefill.oauth : undefined),
    sigv4: newSigV4Draft(),
    mtls: newMtlsDraft(),
  };
}

/**
 * The draft with a new client type. A public client cannot keep a client_secret (RFC 8252 §8.5), so choosing
 * public switches OAuth client authentication to `none`; choosing confidential brings back a secret method.
 */
export function withClientType(d: ProfileDraft, clientType: ClientType): ProfileDraft {
  const method = clientType === 'public' ? 'none' : d.oauth.method === 'none' ? 'client_secret_basic' : d.oauth.method;
  return { ...d, clientType, oauth: withMethod(d.oauth, method) };
}

/**
 * The draft with an edited OAuth client. Choosing client authentication `none` for a client that signs nothing makes
 * it public: a client that does not authenticate is a public client (RFC 6749 §2.1), as `authdesk profile add` saves it.
 */
export function withOAuth(d: ProfileDraft, oauth: OAuthDraft): ProfileDraft {
  const nowNone = oauth.method === 'none' && d.oauth.method !== 'none';
  return { ...d, oauth, clientType: nowNone && authenticatesNothing({ grant: oauth.grant, tokenEndpointAuthMethod: oauth.method }) ? 'public' : d.clientType };
}

/**
 * Whether an OAuth client with these settings does not authenticate at all: client authentication `none`, and no private
 * key that signs a grant or an assertion (a JWT bearer grant, private_key_jwt, a GitHub App). Such a client is a public
 * client (RFC 6749 §2.1): the New profile form makes it one (withOAuth), and Edit settings keeps it one (settings-draft).
 */
export const authenticatesNothing = (c: Pick<OAuthConfig, 'grant' | 'tokenEndpointAuthMethod'>): boolean =>
  c.tokenEndpointAuthMethod === 'none' && !usesPrivateKey(c);

/**
 * The draft with a new grant, and the client type that grant is usually for. The JWT bearer grant starts with
 * private_key_jwt: the one private key then signs both the grant and the client assertion (RFC 7523 §2.1, §2.2).
 */
export function withGrant(d: ProfileDraft, grant: Grant): ProfileDraft {
  const method = grant === 'jwt_bearer' ? 'private_key_jwt' : d.oauth.method;
  return withClientType({ ...d, oauth: withMethod({ ...d.oauth, grant }, method) }, signsIn(grant) ? 'public' : 'confidential');
}

/**
 * The first thing a person must fix before the draft can be saved, and the field to fix it in (see Problem), or null.
 * `taken` are the workspace's profile names, which a new profile's name must not repeat.
 */
export function draftProblem(d: ProfileDraft, taken: readonly string[] = []): Problem | null {
  const name = profileNameProblem(d.name, 'Give the profile a name.', taken);
  if (name) return name;
  if (d.scheme === 'apikey') {
    const unnamed = d.placements.findIndex((p) => !p.name.trim());
    if (unnamed >= 0) return problemAt(placementNameField(unnamed), `Give key ${unnamed + 1} a name (the header, query parameter or cookie it goes in).`);
  }
  const schemeProblem = { oauth2: () => oauthProblem(d.oauth), 'aws-sigv4': () => sigv4Problem(d.sigv4), mtls: () => mtlsProblem(d.mtls) };
  const problem = d.scheme in schemeProblem ? schemeProblem[d.scheme as keyof typeof schemeProblem]() : null;
  return problem ?? baseUrlProblem(d);
}

/** The `data-field` of API key placement `index`'s name input. */
export const placementNameField = (index: number) => `placement${index}Name`;

/** What is wrong with the draft's base URL (optional, but an absolute http(s) URL when given), or null. */
function baseUrlProblem(d: Pick<ProfileDraft, 'baseUrl'>): Problem | null {
  const base = d.baseUrl.trim();
  return base !== '' && !isHttpUrl(base) ? problemAt('baseUrl', 'The base URL must be an absolute URL that starts with http:// or https://.') : null;
}

/** The non-secret auth configuration a draft describes, in the contract's shape. */
export function authOf(d: ProfileDraft): AuthConfig {
  switch (d.scheme) {
    case 'basic':
    case 'digest':
      return { scheme: d.scheme, username: d.usernameSecret ? null : d.username };
    case 'apikey':
      return {
        scheme: 'apikey',
        placements: d.placements.map((p) => ({ in: p.in, name: p.name.trim(), ...(p.prefix ? { prefix: p.prefix } : {}) })),
      };
    case 'bearer':
      return { scheme: 'bearer', prefix: d.bearerPrefix.trim() || 'Bearer' };
    case 'aws-sigv4':
      return sigv4ConfigOf(d.sigv4);
    case 'mtls':
      return mtlsConfigOf(d.mtls);
    case 'oauth2':
      return oauthConfigOf(d.oauth);
  }
}
