import type { ProfileView, SecretStatus } from '../../shared/contract';
import type { LintWarning } from '../../shared/lint';
import { formatDuration } from '../../shared/metrics';
import type { ProfileMetrics } from '../../shared/metrics';
import { DEFAULT_GITHUB_API, usesPrivateKey } from '../../shared/oauth';
import type { AuthConfig } from '../../shared/profile';
import type { Timings } from '../../shared/request';
import { certificateSummary } from './key-material';
import { terminalLine } from './terminal-text';

/** Human output helpers. Everything printed here is already free of secrets (views, redacted history). */

/**
 * A plain text table: a header row and left-aligned columns separated by two spaces. Each cell is one line, shown
 * through terminalLine (a server's status text or URL with a newline or an ESC in it neither breaks the table nor
 * reaches the terminal raw), so the widths are those of what is printed.
 */
export function table(headers: string[], rows: string[][]): string {
  rows = rows.map((r) => r.map(terminalLine));
  const width = (s: string) => [...s].length;
  const widths = headers.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ''))));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c + ' '.repeat(widths[i]! - width(c))))
      .join('  ')
      .trimEnd();
  return [line(headers), ...rows.map(line)].join('\n') + '\n';
}

/** "saved · fingerprint 1a2b3c4d", "env $NAME" or "not saved". */
export function secretStatus(s: SecretStatus): string {
  if (s.source === 'env') return `env $${s.envName ?? '?'}`;
  if (!s.saved) return 'not saved';
  return s.fingerprint ? `saved · fingerprint ${s.fingerprint}` : 'saved';
}

/** The scheme with its non-secret details: "basic", "apikey (header X-Api-Key)", "bearer (Bearer)", "mtls (pem)". */
export function schemeOf(p: Pick<ProfileView, 'auth'>): string {
  const a = p.auth;
  if (a.scheme === 'apikey') return `apikey (${a.placements.map((x) => `${x.in} ${x.name}`).join(', ')})`;
  if (a.scheme === 'bearer') return `bearer (${a.prefix})`;
  if (a.scheme === 'oauth2') return `oauth2 (${a.grant})`;
  if (a.scheme === 'aws-sigv4') return `aws-sigv4 (${a.service}, ${a.region})`;
  if (a.scheme === 'mtls') return `mtls (${a.format})`;
  return a.scheme;
}

export function identityText(p: ProfileView): string {
  if (p.identity) return p.identity;
  return p.auth.scheme === 'basic' || p.auth.scheme === 'digest' ? '(secret username)' : '—';
}

/** A multi-line description of one profile (`profile show`). */
export function profileDetails(p: ProfileView): string {
  const rows: [string, string][] = [
    ['Name', p.name],
    ['ID', p.id],
    ['Scheme', schemeOf(p)],
    ['Client type', p.clientType],
    ['Identity', identityText(p)],
    ['Base URL', p.baseUrl ?? '—'],
    ...(p.presetId ? [['Preset', p.presetId] as [string, string]] : []),
    ...p.headers.map(([name, value]): [string, string] => [`Header ${name}`, value]),
    ...schemeRows(p.auth),
    ...oauthRows(p.auth),
    ['Created', p.createdAt],
    ...p.secrets.map((s): [string, string] => [`Secret: ${s.label}`, secretStatus(s)]),
    ['TTFSC', p.ttfscMs === null ? 'no successful call yet' : formatDuration(p.ttfscMs)],
  ];
  const w = Math.max(...rows.map(([k]) => k.length));
  return [...rows.map(([k, v]) => `${k.padEnd(w)}  ${v}`), ...warningLines(p.warnings)].join('\n') + '\n';
}

/**
 * The AWS Signature Version 4 and client certificate settings of a profile: the mtls scheme's, or an oauth2 client's
 * with mutual-TLS client authentication (RFC 8705 §2); none for other schemes.
 */
function schemeRows(auth: AuthConfig): [string, string][] {
  const cert = (pem: string | undefined) => (pem === undefined ? undefined : (certificateSummary(pem) ?? 'unreadable certificate'));
  if (auth.scheme === 'aws-sigv4') return [['Access key ID', auth.accessKeyId], ['Region', auth.region], ['Service', auth.service]];
  const c = auth.scheme === 'mtls' ? auth : auth.scheme === 'oauth2' ? auth.clientCertificate : undefined;
  if (!c) return [];
  const rows: [string, string | undefined][] = [
    ['Client certificate', c.format === 'pkcs12' ? 'in the PKCS#12 bundle' : cert(c.certificatePem)],
    ['Trusted CA', cert(c.caPem)],
  ];
  return rows.filter((r): r is [string, string] => r[1] !== undefined);
}

/** The OAuth 2.0 settings of a profile worth seeing (none for other schemes). */
function oauthRows(auth: AuthConfig): [string, string][] {
  if (auth.scheme !== 'oauth2') return [];
  const app = auth.grant === 'github_app';
  const rows: [string, string | undefined][] = [
    ['App ID', auth.appId],
    ['Installation ID', auth.installationId],
    ['API base', app ? (auth.apiBase ?? DEFAULT_GITHUB_API) : undefined],
    ['Issuer', auth.issuer],
    ['Token endpoint', auth.tokenEndpoint],
    ['Authorization endpoint', auth.authorizationEndpoint],
    ['Device endpoint', auth.deviceAuthorizationEndpoint],
    ['Revocation endpoint', auth.revocationEndpoint],
    ['Scope', auth.scope],
    ['Audience', auth.audience],
    ['Resource', auth.resource],
    ['Redirect URI', auth.redirectUri],
    ['JWT issuer', auth.jwtIssuer],
    ['JWT subject', auth.jwtSubject],
    ['JWT audience', auth.jwtAudience],
    ['Client auth', app ? undefined : `${auth.tokenEndpointAuthMethod}${auth.sendRawClientCredentials ? ' (raw values)' : ''}`],
    ['Signing', usesPrivateKey(auth) ? `${auth.signingAlg ?? 'RS256'}${auth.keyId ? `, kid ${auth.keyId}` : ''}` : undefined],
    ['Token prefix', auth.tokenPrefix],
    ['Token request', auth.tokenRequestBody === 'json' ? 'JSON body' : undefined],
    ...(auth.tokenRequestHeaders ?? []).map(([name, value]): [string, string] => [`Token request ${name}`, value]),
  ];
  return rows.filter((r): r is [string, string] => r[1] !== undefined);
}

/** Configuration warnings (shared/lint.ts), one line each: "Warning: message (rule). Fix: fix". */
export function warningLines(warnings: LintWarning[]): string[] {
  return warnings.map((w) => `Warning: ${w.message} (${w.rule}). Fix: ${w.fix}`);
}

const ms = (v: number | null) => (v === null ? '—' : `${Math.round(v)} ms`);

export function timingsLine(t: Timings): string {
  return `dns ${ms(t.dnsMs)} · connect ${ms(t.connectMs)} · tls ${ms(t.tlsMs)} · first byte ${ms(t.firstByteMs)} · total ${ms(t.totalMs)}`;
}

/** "invalid_credentials ×2, network ×1" */
export function failuresText(f: ProfileMetrics['failures']): string {
  const parts = Object.entries(f).map(([k, v]) => `${k} ×${v}`);
  return parts.length ? parts.join(', ') : '—';
}

/** Quotes a string for a POSIX shell (for ready-to-paste examples). */
export function shQuote(s: string): string {
  return /^[A-Za-z0-9_./:@%+=,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'"'"'`)}'`;
}
