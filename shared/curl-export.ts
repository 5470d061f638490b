import type { AuthConfig } from './profile';
import { REDACTED } from './redact';
import type { HistoryEntry } from './request';

/**
 * Exports a history entry as a curl command that runs once its credentials are in environment variables and leaks
 * nothing when printed or pasted: every credential is a `"$AUTHDESK_…"` reference, everything else is single-quoted
 * (POSIX.1-2017 XCU §2.2.2, a `'` written as `'\''`). History entries are already redacted, so the `[REDACTED]`
 * values are exactly where the references go.
 *
 * Variables: AUTHDESK_USERNAME (a secret Basic username), AUTHDESK_PASSWORD, AUTHDESK_TOKEN (bearer and OAuth),
 * AUTHDESK_API_KEY, AUTHDESK_API_KEY_2, … (API keys in placement order), AUTHDESK_AWS_SECRET_ACCESS_KEY and
 * AUTHDESK_AWS_SESSION_TOKEN (curl --aws-sigv4 signs), AUTHDESK_CLIENT_CERT_FILE, AUTHDESK_CLIENT_KEY_FILE or
 * AUTHDESK_CLIENT_P12_FILE, AUTHDESK_CLIENT_KEY_PASSPHRASE and AUTHDESK_CA_FILE (mTLS files). Digest uses
 * curl --digest with AUTHDESK_PASSWORD. A query key is inserted into the URL as
 * it is, so a value with reserved characters (`#`, `&`, `+`, …) must be set percent-encoded (RFC 3986 §2.1).
 * The body is the entry's preview (at most 64 KiB).
 */

/** Where one credential goes. */
type Site =
  | { kind: 'basic'; username: string | null }
  | { kind: 'authorization'; prefix: string }
  | { kind: 'header' | 'query' | 'cookie'; name: string; prefix: string }
  | { kind: 'digest'; username: string | null }
  | { kind: 'aws-sigv4'; accessKeyId: string; region: string; service: string }
  | { kind: 'mtls'; format: 'pem' | 'pkcs12'; ca: boolean };

/** A shell word: literal text and variable references. */
type Part = string | { env: string };

const keyVar = (i: number) => (i === 0 ? 'AUTHDESK_API_KEY' : `AUTHDESK_API_KEY_${i + 1}`);
const isRedacted = (v: string) => v === REDACTED || v === encodeURIComponent(REDACTED) || v === '%5BREDACTED%5D';

/** POSIX single quoting: every byte literal; `'` becomes `'\''`. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** One word: all-literal → single-quoted; variables inside double quotes (literal parts only when harmless there). */
function word(parts: Part[]): string {
  if (parts.every((p) => typeof p === 'string')) return shellQuote(parts.join(''));
  const inDouble = parts.every((p) => typeof p !== 'string' || /^[^"$`\\!]*$/.test(p));
  if (inDouble) {
    return `"${parts.map((p, i) => (typeof p === 'string' ? p : /^[A-Za-z0-9_]/.test(String(parts[i + 1] ?? '')) ? `\${${p.env}}` : `$${p.env}`)).join('')}"`;
  }
  return parts.map((p) => (typeof p === 'string' ? (p === '' ? '' : shellQuote(p)) : `"$${p.env}"`)).join('');
}

/** The credential sites of a profile's auth. */
function sitesOf(auth: AuthConfig): Site[] {
  switch (auth.scheme) {
    case 'basic':
      return [{ kind: 'basic', username: auth.username }];
    case 'bearer':
      return [{ kind: 'authorization', prefix: auth.prefix }];
    case 'oauth2': {
      // RFC 8705 §3: a token obtained with a client certificate may be bound to it, so the API call presents it too.
      const cert = auth.clientCertificate;
      return [{ kind: 'authorization', prefix: auth.tokenPrefix }, ...(cert ? [{ kind: 'mtls' as const, format: cert.format, ca: cert.caPem !== undefined }] : [])];
    }
    case 'apikey':
      return auth.placements.map((p) => ({ kind: p.in, name: p.name, prefix: p.prefix ?? '' }));
    case 'digest':
      return [{ kind: 'digest', username: auth.username }];
    case 'aws-sigv4':
      return [{ kind: 'aws-sigv4', accessKeyId: auth.accessKeyId, region: auth.region, service: auth.service }];
    case 'mtls':
      return [{ kind: 'mtls', format: auth.format, ca: auth.caPem !== undefined }];
  }
}

/** Without a profile: the sites are where the entry shows `[REDACTED]`. */
function inferSites(entry: HistoryEntry, query: [string, string][]): Site[] {
  const sites: Site[] = [];
  for (const [name, value] of entry.requestHeaders) {
    const authz = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+) (.*)$/.exec(value);
    if (name.toLowerCase() === 'authorization' && authz && isRedacted(authz[2]!)) {
      sites.push(authz[1]!.toLowerCase() === 'basic' ? { kind: 'basic', username: null } : { kind: 'authorization', prefix: authz[1]! });
    } else if (isRedacted(value)) sites.push({ kind: 'header', name, prefix: '' });
  }
  for (const [name, value] of query) if (isRedacted(value)) sites.push({ kind: 'query', name, prefix: '' });
  return sites;
}

/** Splits a URL into the part before `?` and raw `name=value` pairs (kept byte for byte); the fragment is dropped. */
function splitUrl(url: string): { base: string; query: [string, string][] } {
  const noHash = url.split('#')[0]!;
  const q = noHash.indexOf('?');
  if (q < 0) return { base: noHash, query: [] };
  const query = noHash
    .slice(q + 1)
    .split('&')
    .filter(Boolean)
    .map((p): [string, string] => {
      const eq = p.indexOf('=');
      return eq < 0 ? [p, ''] : [p.slice(0, eq), p.slice(eq + 1)];
    });
  return { base: noHash.slice(0, q), query };
}

const decode = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

/** curl ≥ 7.75 signs with `--aws-sigv4`; the session token header only when the request carried one. */
function awsArgs(s: Extract<Site, { kind: 'aws-sigv4' }>, entry: HistoryEntry): string[] {
  const args = [`--aws-sigv4 ${shellQuote(`aws:amz:${s.region}:${s.service}`)}`, `-u ${word([`${s.accessKeyId}:`, { env: 'AUTHDESK_AWS_SECRET_ACCESS_KEY' }])}`];
  if (entry.requestHeaders.some(([k]) => k.toLowerCase() === 'x-amz-security-token')) args.push(`-H ${word(['x-amz-security-token: ', { env: 'AUTHDESK_AWS_SESSION_TOKEN' }])}`);
  return args;
}

/** The client certificate and key as files (curl reads no PEM from the command line). */
function mtlsArgs(s: Extract<Site, { kind: 'mtls' }>): string[] {
  const files = s.format === 'pem' ? [`--cert ${word([{ env: 'AUTHDESK_CLIENT_CERT_FILE' }])}`, `--key ${word([{ env: 'AUTHDESK_CLIENT_KEY_FILE' }])}`] : ['--cert-type P12', `--cert ${word([{ env: 'AUTHDESK_CLIENT_P12_FILE' }])}`];
  return [...files, `--pass ${word([{ env: 'AUTHDESK_CLIENT_KEY_PASSPHRASE' }])}`, ...(s.ca ? [`--cacert ${word([{ env: 'AUTHDESK_CA_FILE' }])}`] : [])];
}

/**
 * The curl command for a history entry. With `profile`, its auth decides where the credentials go (even when the
 * entry's last hop carried none, after a cross-origin redirect); without, they are inferred from the redacted entry.
 */
export function toCurl(entry: HistoryEntry, profile?: { auth: AuthConfig }): string {
  const { base, query } = splitUrl(entry.redirects[0]?.from ?? entry.url);
  const sites = profile ? sitesOf(profile.auth) : inferSites(entry, query);
  const siteNames = (kind: Site['kind']) => new Set(sites.flatMap((s) => (s.kind === kind && 'name' in s ? [s.name.toLowerCase()] : [])));
  const queryNames = siteNames('query');
  const headerNames = siteNames('header');
  if (sites.some((s) => s.kind === 'basic' || s.kind === 'authorization' || s.kind === 'digest')) headerNames.add('authorization');
  const sigv4 = sites.some((s) => s.kind === 'aws-sigv4');
  if (sigv4) for (const h of ['authorization', 'x-amz-date', 'x-amz-content-sha256', 'x-amz-security-token']) headerNames.add(h);
  if (sites.some((s) => s.kind === 'cookie')) headerNames.add('cookie');

  const args: string[] = [];
  if (entry.method === 'HEAD') args.push('--head');
  else if (entry.method !== 'GET') args.push(`-X ${entry.method}`);
  const kept = query.filter(([k]) => !queryNames.has(decode(k).toLowerCase())).map(([k, v]) => `${k}=${v}`);
  const url: Part[] = [base];
  let sep = kept.length ? `?${kept.join('&')}&` : '?';
  let key = 0;
  const cookies: Part[] = [];
  for (const s of sites) {
    if (s.kind === 'basic') args.push(`-u ${word([s.username ?? { env: 'AUTHDESK_USERNAME' }, ':', { env: 'AUTHDESK_PASSWORD' }])}`);
    else if (s.kind === 'digest') args.push(`--digest -u ${word([s.username ?? { env: 'AUTHDESK_USERNAME' }, ':', { env: 'AUTHDESK_PASSWORD' }])}`);
    else if (s.kind === 'aws-sigv4') args.push(...awsArgs(s, entry));
    else if (s.kind === 'mtls') args.push(...mtlsArgs(s));
    else if (s.kind === 'authorization') args.push(`-H ${word([`Authorization: ${s.prefix} `, { env: 'AUTHDESK_TOKEN' }])}`);
    else if (s.kind === 'header') args.push(`-H ${word([`${s.name}: ${s.prefix}`, { env: keyVar(key++) }])}`);
    else if (s.kind === 'cookie') cookies.push(`${cookies.length ? '; ' : ''}${s.name}=${s.prefix}`, { env: keyVar(key++) });
    else {
      url.push(`${sep}${s.name}=${s.prefix}`, { env: keyVar(key++) });
      sep = '&';
    }
  }
  if (url.length === 1 && kept.length) url.push(`?${kept.join('&')}`);
  if (cookies.length) args.push(`-b ${word(cookies)}`);
  for (const [name, value] of entry.requestHeaders) {
    const lower = name.toLowerCase();
    if (lower === 'host' || lower === 'content-length' || headerNames.has(lower)) continue;
    args.push(`-H ${shellQuote(`${name}: ${value}`)}`);
  }
  if (entry.requestBodyPreview !== null) args.push(`--data-raw ${shellQuote(entry.requestBodyPreview)}`);
  return ['curl', word(url), ...args].join(' \\\n  ');
}
