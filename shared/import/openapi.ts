import type { OAuthConfig } from '../oauth';
import type { ApiKeyPlacement } from '../profile';
import { parseApiText } from './api-text';
import { finishDraft, type ProfileDraft } from './draft';
import { openApiBaseUrl, resolveRef, type Obj } from './openapi-doc';
import { uniqueName } from './unique-name';
import { parsesAsUrl } from '../url';

/**
 * Drafts profiles from an OpenAPI 3.x or Swagger 2.0 document's security schemes and requirements
 * (OpenAPI 3.1 §4.8.27 Security Scheme Object, §4.8.30 Security Requirement Object; Swagger 2.0 Security Definitions).
 * Schemes listed together in ONE requirement object must all be sent (AND); separate objects are alternatives (OR)
 * — TRAPS T4. Input is a parsed document, or its text as JSON or YAML (see {@link parseApiText}: bounded size and
 * alias expansion).
 */

export interface OpenApiImport {
  profiles: ProfileDraft[];
  /** Each inner list is one Security Requirement Object (AND); the outer list its alternatives (OR). `[]` = anonymous. */
  alternatives: string[][];
  warnings: string[];
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const obj = (v: unknown): Obj | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined);
const profileName = (s: string) => s.replace(/[\u0000-\u001f\u007f/\\]/g, '-').slice(0, 80) || 'Imported';

/** Every Security Requirement Object of the document (global and per operation), deduplicated, with scopes merged. */
function requirements(doc: Obj): Map<string, Record<string, string[]>> {
  const out = new Map<string, Record<string, string[]>>();
  const add = (list: unknown) => {
    if (!Array.isArray(list)) return;
    for (const req of list) {
      const r = obj(req) ?? {};
      const key = Object.keys(r).sort().join(' + ');
      // Null prototype: scheme names are the document's words ("constructor", "__proto__" are names like any other).
      const merged = out.get(key) ?? (Object.create(null) as Record<string, string[]>);
      for (const [name, scopes] of Object.entries(r)) merged[name] = [...new Set([...(merged[name] ?? []), ...(Array.isArray(scopes) ? scopes.map(String) : [])])];
      out.set(key, merged);
    }
  };
  add(doc.security);
  for (const item of Object.values(obj(doc.paths) ?? {})) {
    for (const op of Object.values(obj(item) ?? {})) add(obj(op)?.security);
  }
  return out;
}

/** Scope from the requirement, else none (with the scheme's scopes listed in a note). */
function scopeNote(scopes: string[], available: Obj | undefined, notes: string[]): string | undefined {
  if (scopes.length) return scopes.join(' '); // RFC 6749 §3.3: space-delimited
  const names = Object.keys(available ?? {});
  if (names.length) notes.push(`Available scopes: ${names.slice(0, 20).join(' ')}${names.length > 20 ? ' …' : ''}.`);
  return undefined;
}

/** A draft before it is named: `label` says in words what it is ("OAuth 2.0, client credentials", "API key X-Api-Key"). */
type SchemeDraft = Omit<ProfileDraft, 'placeholders' | 'source' | 'name' | 'secrets'> & { label: string };

/** OpenAPI flow names in words. */
const FLOW_WORDS: Record<string, string> = { clientCredentials: 'client credentials', authorizationCode: 'authorization code', deviceAuthorization: 'device authorization' };

/** OAuth 2.0 drafts, one per supported flow (OpenAPI 3 `flows`, Swagger 2 `flow`). */
function oauthDrafts(s: Obj, scopes: string[], base: string | undefined, warnings: string[], name: string): SchemeDraft[] {
  const abs = (u: unknown) => {
    const v = str(u);
    if (!v) return undefined;
    try {
      return new URL(v, base).toString();
    } catch {
      return v;
    }
  };
  const flows: [string, Obj][] = obj(s.flows)
    ? Object.entries(obj(s.flows)!).map(([k, v]) => [k, obj(v) ?? {}])
    : [[{ application: 'clientCredentials', accessCode: 'authorizationCode' }[str(s.flow) ?? ''] ?? str(s.flow) ?? '', s]];
  const out: SchemeDraft[] = [];
  for (const [flow, f] of flows) {
    const notes: string[] = [];
    const common = { scheme: 'oauth2' as const, clientId: '{client_id}', tokenEndpoint: abs(f.tokenUrl) ?? '', scope: scopeNote(scopes, obj(f.scopes), notes) };
    if (str(s.oauth2MetadataUrl)) notes.push(`Authorization server metadata: ${str(s.oauth2MetadataUrl)} (use discovery to check the endpoints).`);
    let auth: OAuthConfig;
    if (flow === 'clientCredentials') {
      auth = { ...common, grant: 'client_credentials', tokenEndpointAuthMethod: 'client_secret_basic', sendRawClientCredentials: false, requireIss: false, tokenPrefix: 'Bearer' };
    } else if (flow === 'authorizationCode') {
      notes.push('Drafted as a public client with PKCE (RFC 8252); if your client has a secret, make it confidential.');
      auth = { ...common, grant: 'authorization_code', authorizationEndpoint: abs(f.authorizationUrl), tokenEndpointAuthMethod: 'none', sendRawClientCredentials: false, requireIss: false, tokenPrefix: 'Bearer' };
    } else if (flow === 'deviceAuthorization') {
      auth = { ...common, grant: 'device_code', deviceAuthorizationEndpoint: abs(f.deviceAuthorizationUrl), tokenEndpointAuthMethod: 'none', sendRawClientCredentials: false, requireIss: false, tokenPrefix: 'Bearer' };
    } else if (flow === 'implicit' || flow === 'password') {
      warnings.push(`${name}: the ${flow} flow is not supported (RFC 9700 §2.1.2, §2.4: it must not be used).`);
      continue;
    } else {
      warnings.push(`${name}: unknown OAuth flow "${flow}" was skipped.`);
      continue;
    }
    const clientType = auth.tokenEndpointAuthMethod === 'none' ? 'public' : 'confidential';
    out.push({ clientType, auth, notes, label: flows.length > 1 ? `OAuth 2.0, ${FLOW_WORDS[flow] ?? flow}` : 'OAuth 2.0' });
  }
  return out;
}

/** The drafts for one scheme (several for OAuth with several flows; none for what Authdesk cannot do). */
function schemeDrafts(name: string, s: Obj, scopes: string[], base: string | undefined, warnings: string[]): SchemeDraft[] {
  const type = str(s.type);
  const http = type === 'basic' ? 'basic' : type === 'http' ? str(s.scheme)?.toLowerCase() : undefined;
  if (http === 'basic') return [{ clientType: 'confidential', auth: { scheme: 'basic', username: '{username}' }, notes: [], label: 'HTTP Basic' }];
  if (http === 'digest') return [{ clientType: 'confidential', auth: { scheme: 'digest', username: '{username}' }, notes: ['HTTP Digest (RFC 7616): the algorithm, realm and nonce come from the server’s challenge.'], label: 'HTTP Digest' }];
  if (http === 'bearer') {
    const notes = str(s.bearerFormat) ? [`Bearer format: ${str(s.bearerFormat)}.`] : [];
    return [{ clientType: 'confidential', auth: { scheme: 'bearer', prefix: 'Bearer' }, notes, label: 'bearer token' }];
  }
  if (type === 'http') warnings.push(`${name}: the HTTP auth scheme "${str(s.scheme)}" is not supported.`);
  else if (type === 'apiKey') {
    const placement = apiKeyPlacement(s);
    if (placement) return [{ clientType: 'confidential', auth: { scheme: 'apikey', placements: [placement] }, notes: [], label: `API key ${placement.name}` }];
    warnings.push(`${name}: an apiKey scheme needs "in" (header, query or cookie) and "name".`);
  } else if (type === 'oauth2') return oauthDrafts(s, scopes, base, warnings, name);
  else if (type === 'openIdConnect') return [openIdDraft(str(s.openIdConnectUrl), scopes)];
  else if (type === 'mutualTLS') warnings.push(`${name}: mutual TLS needs your client certificate and key, which the document cannot carry; create a mutual TLS profile with them.`);
  else warnings.push(`${name}: unknown security scheme type "${type}".`);
  return [];
}

function apiKeyPlacement(s: Obj): ApiKeyPlacement | null {
  const where = str(s.in);
  const name = str(s.name);
  return name && (where === 'header' || where === 'query' || where === 'cookie') ? { in: where, name } : null;
}

/**
 * OpenID Connect: issuer = the discovery URL without /.well-known/openid-configuration (OIDC Discovery 1.0 §4), kept
 * in the draft so that Discover fills in the authorization_endpoint and token_endpoint; they stay whole-URL
 * placeholders until then. Without a usable discovery URL the issuer is a placeholder too.
 */
function openIdDraft(url: string | undefined, scopes: string[]): SchemeDraft {
  const stripped = url?.replace(/\/\.well-known\/openid-configuration\/?$/, '').replace(/\/+$/, '');
  const issuer = stripped && /^https?:\/\//i.test(stripped) && parsesAsUrl(stripped) ? stripped : undefined;
  const notes = [issuer ? `Discover reads the endpoints from ${url} (OpenID Connect Discovery 1.0).` : 'The document gives no usable openIdConnectUrl: enter the issuer, then Discover reads its endpoints.'];
  return {
    clientType: 'public',
    label: 'OpenID Connect',
    auth: {
      scheme: 'oauth2',
      grant: 'authorization_code',
      issuer: issuer ?? '{issuer}',
      authorizationEndpoint: '{authorization_endpoint}',
      tokenEndpoint: '{token_endpoint}',
      clientId: '{client_id}',
      tokenEndpointAuthMethod: 'none',
      sendRawClientCredentials: false,
      requireIss: false,
      tokenPrefix: 'Bearer',
      scope: [...new Set(['openid', ...scopes])].join(' '),
    },
    notes,
  };
}

/** Merges an AND requirement of API keys and bearer schemes into one apikey profile with a placement each (T4). */
function mergedKeys(names: string[], schemes: Record<string, Obj>): SchemeDraft | null {
  const placements: ApiKeyPlacement[] = [];
  for (const n of names) {
    const s = schemes[n]!;
    const isBearer = str(s.type) === 'http' && str(s.scheme)?.toLowerCase() === 'bearer';
    const p = str(s.type) === 'apiKey' ? apiKeyPlacement(s) : isBearer ? { in: 'header' as const, name: 'Authorization', prefix: 'Bearer ' } : null;
    if (!p) return null;
    placements.push(p);
  }
  const label = placements.map((p) => (p.name === 'Authorization' ? 'bearer token' : `API key ${p.name}`)).join(' + ');
  return { clientType: 'confidential', auth: { scheme: 'apikey', placements }, notes: [`All of ${names.join(', ')} are required together (one Security Requirement Object).`], label };
}

/**
 * The major version of an OpenAPI (3) or Swagger (2) document, or null. YAML reads an unquoted `swagger: 2.0` or
 * `openapi: 3.0` as a number, which is accepted too.
 */
function specVersion(root: Obj): 2 | 3 | null {
  const v = (x: unknown) => (typeof x === 'number' ? String(x) : str(x));
  if (/^3(\.|$)/.test(v(root.openapi) ?? '')) return 3;
  return /^2(\.0)?$/.test(v(root.swagger) ?? '') ? 2 : null;
}

/**
 * Imports the security of an OpenAPI 3.x or Swagger 2.0 document.
 * @param doc the parsed document, or its text (JSON or YAML)
 * @throws Error when the text cannot be read (see {@link parseApiText}) or is not an OpenAPI/Swagger document
 */
export function importOpenApi(doc: unknown): OpenApiImport {
  const root = obj(typeof doc === 'string' ? parseApiText(doc) : doc);
  const version = root ? specVersion(root) : null;
  if (!root || version === null) throw new Error('This is not an OpenAPI 3.x or Swagger 2.0 document (no "openapi": "3.…" or "swagger": "2.0").');
  const v3 = version === 3;
  const warnings: string[] = [];
  const rawSchemes = obj(v3 ? obj(root.components)?.securitySchemes : root.securityDefinitions) ?? {};
  const schemes: Record<string, Obj> = Object.assign(Object.create(null) as Record<string, Obj>, Object.fromEntries(Object.entries(rawSchemes).map(([k, v]) => [k, resolveRef(root, obj(v) ?? {})])));
  const base = openApiBaseUrl(root, warnings);
  const reqs = requirements(root);
  const alternatives = [...reqs.keys()].map((k) => (k ? k.split(' + ') : []));
  const profiles: ProfileDraft[] = [];
  const covered = new Set<string>();
  const title = str(obj(root.info)?.title)?.trim() || (base && parsesAsUrl(base) ? new URL(base).host : 'API');
  const emit = (names: string[], p: SchemeDraft, extraNote?: string) => {
    // "Petstore API (OAuth 2.0)": the API's title and the scheme in words, unique among the drafts.
    const label = `${title.slice(0, Math.max(20, 77 - p.label.length))} (${p.label})`;
    const name = uniqueName(profileName(label), profiles.map((d) => d.name));
    const draft = finishDraft({ name, clientType: p.clientType, auth: p.auth, baseUrl: base, secrets: {}, source: names, notes: extraNote ? [...p.notes, extraNote] : p.notes }, warnings);
    if (draft) profiles.push(draft);
  };
  for (const [key, scopes] of reqs) {
    const names = key ? key.split(' + ') : [];
    const missing = names.filter((n) => !schemes[n]);
    if (missing.length) {
      warnings.push(`The security requirement ${key} names undefined schemes: ${missing.join(', ')}.`);
      continue;
    }
    if (names.length === 1) {
      covered.add(names[0]!);
      schemeDrafts(names[0]!, schemes[names[0]!]!, scopes[names[0]!] ?? [], base, warnings).forEach((p) => emit(names, p));
    } else if (names.length > 1) {
      const merged = mergedKeys(names, schemes);
      if (merged) emit(names, merged);
      else warnings.push(`${key} must be sent together (AND), but a profile holds one scheme of this kind; each was drafted on its own.`);
      if (merged) names.forEach((n) => covered.add(n));
    }
  }
  for (const [name, s] of Object.entries(schemes)) {
    if (covered.has(name)) continue;
    const alone = reqs.size > 0 && ![...reqs.keys()].some((k) => k.split(' + ').includes(name));
    schemeDrafts(name, s, [], base, warnings).forEach((p) => emit([name], p, alone ? 'No security requirement uses this scheme.' : undefined));
  }
  if (reqs.size === 0 && Object.keys(schemes).length) warnings.push('The document has no security requirements; each scheme was drafted as an alternative.');
  return { profiles, alternatives, warnings };
}
