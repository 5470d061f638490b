import type { AuthConfig } from '../profile';
import { finishDraft, type ProfileDraft } from './draft';
import { PostmanVariables } from './postman-vars';

/**
 * Imports the auth of a Postman Collection v2.1 (https://schema.postman.com/collection/json/v2.1.0/draft-07/docs/index.html)
 * with an optional environment: collection-, folder- and request-level `auth`, `{{variables}}` resolved from the
 * collection variables, then the environment (which wins, as in Postman); one without a value is reported and left
 * for the person to fill in (see {@link PostmanVariables}). Secret values go into `secrets` only.
 */

export interface PostmanImport {
  profiles: ProfileDraft[];
  warnings: string[];
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** `[{key, value}]` (v2.1) or `{key: value}` (v2.0) auth attributes as a map of strings. */
function attributes(v: unknown): Record<string, string> {
  if (Array.isArray(v)) return Object.fromEntries(v.map(obj).filter((a): a is Obj => !!a && typeof a.key === 'string').map((a) => [a.key as string, a.value == null ? '' : String(a.value)]));
  return Object.fromEntries(Object.entries(obj(v) ?? {}).map(([k, x]) => [k, x == null ? '' : String(x)]));
}

/** Enabled `{key, value}` pairs of a variable list. */
function variables(v: unknown): Record<string, string> {
  return Object.fromEntries(
    list(v)
      .map(obj)
      .filter((x): x is Obj => !!x && typeof x.key === 'string' && x.enabled !== false && x.disabled !== true)
      .map((x) => [x.key as string, x.value == null ? '' : String(x.value)]),
  );
}

/** The request URL's text (a string, or an object with `raw`, or host/path parts). */
function urlText(request: Obj | undefined): string | undefined {
  const url = request?.url;
  if (typeof url === 'string') return url;
  const u = obj(url);
  if (!u) return undefined;
  if (typeof u.raw === 'string') return u.raw;
  const host = Array.isArray(u.host) ? u.host.join('.') : u.host;
  return typeof host === 'string' ? `${typeof u.protocol === 'string' ? u.protocol : 'https'}://${host}` : undefined;
}

interface Found {
  auth: AuthConfig;
  secrets: Record<string, string>;
  clientType: 'confidential' | 'public';
  notes: string[];
}

/** Postman auth attributes that hold secrets; the others are settings. */
const SECRET_ATTRIBUTES = new Set(['password', 'token', 'value', 'clientSecret']);

/** The attributes Authdesk reads, in words for the warnings. */
const ATTRIBUTE_LABELS: Record<string, string> = {
  username: 'username',
  password: 'password',
  token: 'token',
  key: 'API key name',
  value: 'API key',
  in: 'API key location',
  grant_type: 'grant type',
  accessTokenUrl: 'token URL',
  authUrl: 'authorization URL',
  clientId: 'client_id',
  clientSecret: 'client_secret',
  client_authentication: 'client authentication',
  scope: 'scope',
  audience: 'audience',
  redirect_uri: 'redirect URI',
  headerPrefix: 'token prefix',
};

/** One Postman auth object as Authdesk auth, or null (with a warning) for types Authdesk does not speak. */
function convert(auth: Obj, where: string, vars: PostmanVariables, warnings: string[]): Found | null {
  const type = String(auth.type ?? '');
  const a = (key: string): string => {
    const raw = attributes(auth[type])[key] ?? '';
    const place = `${where}: ${ATTRIBUTE_LABELS[key] ?? key}`;
    return SECRET_ATTRIBUTES.has(key) ? vars.secret(raw, place) : vars.setting(raw, place);
  };
  switch (type) {
    case 'basic': {
      const username = a('username');
      const notes = username ? [] : ['The collection gives no username: fill it in before saving.'];
      return { auth: { scheme: 'basic', username: username || '{username}' }, secrets: { password: a('password') }, clientType: 'confidential', notes };
    }
    case 'bearer':
      return { auth: { scheme: 'bearer', prefix: 'Bearer' }, secrets: { token: a('token') }, clientType: 'confidential', notes: [] };
    case 'apikey': {
      const where2 = a('in') === 'query' ? 'query' : 'header';
      return { auth: { scheme: 'apikey', placements: [{ in: where2, name: a('key') }] }, secrets: { key0: a('value') }, clientType: 'confidential', notes: [] };
    }
    case 'oauth2':
      return oauth(a, where, warnings);
    case 'digest': {
      // RFC 7616: realm, nonce, algorithm and qop come from each challenge, so only the username and password are kept.
      const username = a('username');
      const notes = ['HTTP Digest (RFC 7616): the realm, nonce, algorithm and qop come from the server’s challenge.', ...(username ? [] : ['The collection gives no username: fill it in before saving.'])];
      return { auth: { scheme: 'digest', username: username || '{username}' }, secrets: { password: a('password') }, clientType: 'confidential', notes };
    }
    default:
      warnings.push(`${where}: Postman auth type "${type}" is not supported; no profile was drafted.`);
      return null;
  }
}

/**
 * A credential hard-coded in a request's enabled `Authorization` header, when the request sends no Postman auth: a
 * Bearer (or other single-token) scheme becomes a bearer profile whose token goes to the secret slot; anything else is
 * reported, naming the request, so a credential is never skipped silently.
 */
function headerCredential(request: Obj | undefined, where: string, vars: PostmanVariables, warnings: string[]): Found | null {
  const header = list(request?.header)
    .map(obj)
    .find((h) => h && h.disabled !== true && typeof h.key === 'string' && h.key.toLowerCase() === 'authorization');
  if (!header) return null;
  const m = /^\s*([A-Za-z][\w.-]*)\s+(\S+)\s*$/.exec(header.value == null ? '' : String(header.value));
  if (!m || /^(basic|digest)$/i.test(m[1]!)) {
    warnings.push(`${where}: a credential is hard-coded in the request's Authorization header${m ? ` (${m[1]})` : ''}; no profile was drafted from it. Create a profile for it, and remove the header from the collection.`);
    return null;
  }
  const prefix = /^bearer$/i.test(m[1]!) ? 'Bearer' : m[1]!;
  const token = vars.secret(m[2]!, `${where}: Authorization header`);
  const notes = ['The token was hard-coded in this request’s Authorization header: it goes to your OS keychain; remove it from the collection.'];
  return { auth: { scheme: 'bearer', prefix }, secrets: { token }, clientType: 'confidential', notes };
}

/** Postman OAuth 2.0 settings: client credentials and authorization code (PKCE always, RFC 7636). */
function oauth(a: (key: string) => string, where: string, warnings: string[]): Found | null {
  const grant = a('grant_type') || 'authorization_code';
  const secret = a('clientSecret');
  const method = a('client_authentication') === 'body' ? 'client_secret_post' : 'client_secret_basic';
  const common = {
    scheme: 'oauth2' as const,
    tokenEndpoint: a('accessTokenUrl'),
    clientId: a('clientId') || '{client_id}',
    ...(a('scope') ? { scope: a('scope') } : {}),
    ...(a('audience') ? { audience: a('audience') } : {}),
    ...(a('redirect_uri') ? { redirectUri: a('redirect_uri') } : {}),
    sendRawClientCredentials: false,
    requireIss: false,
    tokenPrefix: a('headerPrefix') || 'Bearer',
  };
  if (grant === 'client_credentials') {
    return { auth: { ...common, grant: 'client_credentials', tokenEndpointAuthMethod: method }, secrets: { client_secret: secret }, clientType: 'confidential', notes: [] };
  }
  if (grant === 'authorization_code' || grant === 'authorization_code_with_pkce') {
    const confidential = secret !== '';
    return {
      auth: { ...common, grant: 'authorization_code', authorizationEndpoint: a('authUrl'), tokenEndpointAuthMethod: confidential ? method : 'none' },
      secrets: confidential ? { client_secret: secret } : {},
      clientType: confidential ? 'confidential' : 'public',
      notes: ['Authdesk always uses PKCE S256 and a loopback redirect (RFC 8252); register http://127.0.0.1 as redirect URI if Postman\'s callback was used.'],
    };
  }
  warnings.push(`${where}: the OAuth 2.0 ${grant} grant is not supported (RFC 9700 §2.1.2, §2.4); no profile was drafted.`);
  return null;
}

/**
 * Imports a Postman v2.1 collection's auth as profile drafts, one per distinct auth setting (requests that inherit
 * share their parent's). The draft's base URL is the origin of the first request that uses it.
 * @throws Error when the input is not a Postman collection
 */
export function importPostman(collection: unknown, environment?: unknown): PostmanImport {
  const root = obj(collection);
  if (!root || !obj(root.info) || !Array.isArray(root.item)) throw new Error('This is not a Postman collection (v2.1 needs "info" and "item").');
  const warnings: string[] = [];
  const vars = new PostmanVariables({ ...variables(root.variable), ...variables(obj(environment)?.values) });
  const drafts = new Map<string, ProfileDraft>();
  const visit = (item: Obj, inherited: { auth: Obj; where: string } | null, path: string[]) => {
    const name = typeof item.name === 'string' ? item.name : 'Untitled';
    const here = [...path, name];
    const request = obj(item.request);
    const own = obj(request?.auth) ?? obj(item.auth);
    const effective = own && own.type !== 'inherit' ? { auth: own, where: here.join(' / ') } : inherited;
    if (Array.isArray(item.item)) {
      for (const child of item.item) visit(obj(child) ?? {}, effective, here);
      return;
    }
    const noAuth = !effective || effective.auth.type === 'noauth';
    const where = noAuth ? here.join(' / ') : effective.where;
    const found = noAuth ? headerCredential(request, where, vars, warnings) : convert(effective.auth, where, vars, warnings);
    if (!found) return;
    const key = JSON.stringify([found.auth, found.secrets]);
    if (drafts.has(key)) return;
    const origin = originOf(vars.url(urlText(request) ?? '', here.join(' / ')));
    const draft = finishDraft(
      { name: where.replace(/[/\\]/g, '-').slice(0, 80), clientType: found.clientType, auth: found.auth, secrets: found.secrets, source: [where], notes: found.notes, ...(origin ? { baseUrl: origin } : {}) },
      warnings,
    );
    if (draft) drafts.set(key, draft);
  };
  const rootName = obj(root.info)!.name;
  const rootAuth = obj(root.auth);
  const top = rootAuth && rootAuth.type !== 'inherit' ? { auth: rootAuth, where: typeof rootName === 'string' ? rootName : 'Collection' } : null;
  for (const item of root.item) visit(obj(item) ?? {}, top, []);
  warnings.push(...vars.warnings());
  return { profiles: [...drafts.values()], warnings };
}

/** The origin of an absolute http(s) URL, else undefined (a profile is bound to an origin, so no path or query). */
function originOf(url: string): string | undefined {
  try {
    const u = new URL(url);
    // An unresolved {{host}} parses as a host name, but names none.
    if (/\{\{|%7B%7B/i.test(u.origin)) return undefined;
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : undefined;
  } catch {
    return undefined;
  }
}
