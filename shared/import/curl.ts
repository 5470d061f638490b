import { percentEncode } from '../encoding';
import { awsSigV4AuthSchema, type AuthConfig } from '../profile';
import { createRedactor } from '../redact';
import { methodSchema, type HeaderPair, type Method } from '../request';
import { CREDENTIAL_COOKIE_NAME, KEY_HEADERS, KEY_QUERY_PARAMS } from './credential-names';
import { credentialsToAuth, decodeBasic, type FoundCredential } from './curl-auth';
import { HARMLESS, SHORT, TAKES_ARGUMENT, UNSUPPORTED } from './curl-options';
import { tokenRequestImport } from './curl-token';
import { shellWords } from './shell-words';
import { fromWindowsShell } from './windows-shell';

/**
 * Imports a pasted curl command (curl(1), https://curl.se/docs/manpage.html) as a request plus a profile draft.
 * Credentials (-u, --oauth2-bearer, Authorization and well-known key headers, key query parameters, cookies, URL
 * userinfo) are moved into `secrets`; the returned url, headers and body hold none (a final by-name pass with the
 * product's redactor catches the rest and says so).
 */

export interface CurlImport {
  method: Method;
  url: string;
  headers: HeaderPair[];
  body: string | null;
  auth: AuthConfig | null;
  /** Secret slot → value, as `secretSlots(auth)` names the slots. */
  secrets: Record<string, string>;
  warnings: string[];
  /** When credentials were recognised but no profile drafted: what they were recognised as (the warnings say why). */
  refused?: string;
}

/** Expands `-sSL`, `-XPOST`, `-uuser:pw` into long options with their arguments. */
function* options(words: string[], warnings: string[]): Generator<[name: string, arg: string | null]> {
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const next = (): string | null => {
      if (i + 1 >= words.length) {
        warnings.push(`${w} needs a value; it was ignored.`);
        return null;
      }
      return words[++i]!;
    };
    if (w.startsWith('--') && w.length > 2) {
      yield [w, TAKES_ARGUMENT.has(w) ? next() : null];
    } else if (w.startsWith('-') && w.length > 1 && SHORT[w[1]!]) {
      for (let j = 1; j < w.length; j++) {
        const long = SHORT[w[j]!];
        if (!long) {
          warnings.push(`Unknown option -${w[j]} was ignored.`);
          continue;
        }
        if (TAKES_ARGUMENT.has(long)) {
          yield [long, j + 1 < w.length ? w.slice(j + 1) : next()];
          break;
        }
        yield [long, null];
      }
    } else if (w.startsWith('-') && w.length > 1) {
      warnings.push(`Unknown option ${w} was ignored.`);
    } else {
      yield ['--url', w];
    }
  }
}

/** curl's --data-urlencode forms: `content`, `=content`, `name=content` (the content percent-encoded). */
function urlencodeData(arg: string): string {
  const eq = arg.indexOf('=');
  if (eq < 0) return percentEncode(arg);
  return eq === 0 ? percentEncode(arg.slice(1)) : `${arg.slice(0, eq)}=${percentEncode(arg.slice(eq + 1))}`;
}

/** An Authorization header value as a credential (RFC 9110 §11.6.2: `auth-scheme [ token68 ]`). */
function authorizationCredential(value: string, warnings: string[]): FoundCredential | null {
  const m = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s+(.+)$/.exec(value.trim());
  if (!m) return { kind: 'key', placement: { in: 'header', name: 'Authorization' }, value: value.trim() };
  const [, scheme, rest] = m as unknown as [string, string, string];
  if (/^basic$/i.test(scheme)) {
    const decoded = decodeBasic(rest.trim());
    if (decoded) return { kind: 'basic', ...decoded };
    warnings.push('The Authorization: Basic value is not base64 of "user:password"; it was imported as an opaque token.');
  }
  if (/^digest$/i.test(scheme)) {
    warnings.push('An Authorization: Digest header answers one server challenge and cannot be reused; it was dropped. Import the command with --digest -u user:password instead, so Authdesk answers each challenge.');
    return null;
  }
  if (/^AWS4-HMAC-SHA256$/i.test(scheme)) {
    warnings.push('An Authorization: AWS4-HMAC-SHA256 header is the signature of one request and cannot be reused; it was dropped. Import the command with --aws-sigv4 and -u ACCESS_KEY_ID:SECRET_ACCESS_KEY instead, so Authdesk signs each request.');
    return null;
  }
  return { kind: 'bearer', prefix: /^bearer$/i.test(scheme) ? 'Bearer' : scheme, token: rest.trim() };
}

/**
 * The AWS SigV4 credential of `--aws-sigv4 provider1[:provider2[:region[:service]]]` with `-u ID:SECRET` (curl(1)):
 * region and service missing from the option are the first two labels of the host name, as curl takes them.
 * Returns null with a warning when Authdesk cannot sign like that (another provider, an invalid key id, region or
 * service); the credentials are then not imported, never sent some other way.
 */
function awsCredential(option: string, user: { username: string; password: string | null }, host: string, sessionToken: string | null, warnings: string[]): FoundCredential | null {
  const [provider1 = '', provider2 = provider1, ...rest] = option.split(':');
  const labels = host.split('.');
  const region = rest[0] || labels[1] || '';
  const service = rest[1] || labels[0] || '';
  if (provider1.toLowerCase() !== 'aws' || provider2.toLowerCase() !== 'amz') {
    warnings.push(`--aws-sigv4 "${option.slice(0, 60)}" signs for another provider than aws:amz; Authdesk signs AWS requests only, so the -u credentials were not imported.`);
    return null;
  }
  const auth = { scheme: 'aws-sigv4' as const, accessKeyId: user.username, region, service };
  const parsed = awsSigV4AuthSchema.safeParse(auth);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    warnings.push(`--aws-sigv4: the ${String(issue?.path[0] ?? 'value')} is not valid (${issue?.message ?? 'invalid'}); the -u credentials were not imported.`);
    return null;
  }
  if (user.password === null || user.password === '') {
    warnings.push('--aws-sigv4 needs -u ACCESS_KEY_ID:SECRET_ACCESS_KEY; the secret access key is missing, so the credentials were not imported.');
    return null;
  }
  return { kind: 'aws', auth: parsed.data, secretAccessKey: user.password, sessionToken: sessionToken ?? '' };
}

/** Moves key query parameters out of `url` into credentials, keeping every other parameter byte for byte. */
function extractQueryKeys(url: URL, found: FoundCredential[]): void {
  if (!url.search) return;
  const kept: string[] = [];
  for (const part of url.search.slice(1).split('&')) {
    const eq = part.indexOf('=');
    const rawName = eq < 0 ? part : part.slice(0, eq);
    let name: string;
    let value: string;
    try {
      name = decodeURIComponent(rawName);
      value = decodeURIComponent(eq < 0 ? '' : part.slice(eq + 1));
    } catch {
      kept.push(part);
      continue;
    }
    if (KEY_QUERY_PARAMS.has(name.toLowerCase()) && value !== '') found.push({ kind: 'key', placement: { in: 'query', name }, value });
    else kept.push(part);
  }
  url.search = kept.length ? `?${kept.join('&')}` : '';
}

/** curl's options that choose how the -u (or URL) credentials are sent (curl(1)). */
const USER_AUTH = { '--basic': 'basic', '--digest': 'digest', '--ntlm': 'ntlm', '--negotiate': 'negotiate' } as const;
type UserAuth = (typeof USER_AUTH)[keyof typeof USER_AUTH];

/**
 * Parses a curl command. Quoting follows the shell (see `shellWords`; lines continued the cmd.exe `^` or PowerShell
 * backtick way are joined first, see `fromWindowsShell`); nothing is executed or expanded.
 * @throws Error when the text is not a curl command, has an unterminated quote, or has no URL
 */
export function parseCurl(command: string): CurlImport {
  const { words, warnings } = shellWords(fromWindowsShell(command.trim()));
  if (!words[0] || !/(^|[/\\])curl(\.exe)?$/i.test(words[0])) throw new Error('This is not a curl command: it should start with "curl".');
  const found: FoundCredential[] = [];
  const headers: HeaderPair[] = [];
  const data: string[] = [];
  const urls: string[] = [];
  const query: string[] = [];
  let method: string | null = null;
  let head = false;
  let get = false;
  let json = false;
  let userOption: FoundCredential | null = null;
  let bearerOption: FoundCredential | null = null;
  let headerAuth: FoundCredential | null = null;
  /** How the -u (or URL) credentials are sent: the last of USER_AUTH's options wins, as in curl. */
  let userAuth: UserAuth = 'basic';
  let sigv4: string | null = null;
  let amzToken: string | null = null;

  for (const [name, arg] of options(words.slice(1), warnings)) {
    if (UNSUPPORTED[name]) warnings.push(UNSUPPORTED[name]);
    if (arg === null && TAKES_ARGUMENT.has(name)) continue;
    switch (name) {
      case '--url':
        urls.push(arg!);
        break;
      case '--request':
        method = arg!.toUpperCase();
        break;
      case '--head':
        head = true;
        break;
      case '--get':
        get = true;
        break;
      case '--user': {
        const colon = arg!.indexOf(':'); // RFC 7617 §2: the user-id ends at the first colon (TRAPS T2)
        userOption = { kind: 'basic', username: colon < 0 ? arg! : arg!.slice(0, colon), password: colon < 0 ? null : arg!.slice(colon + 1) };
        break;
      }
      case '--basic':
      case '--digest':
      case '--ntlm':
      case '--negotiate':
        userAuth = USER_AUTH[name];
        break;
      case '--aws-sigv4':
        sigv4 = arg!;
        break;
      case '--oauth2-bearer':
        bearerOption = { kind: 'bearer', prefix: 'Bearer', token: arg! };
        break;
      case '--header': {
        const colon = arg!.indexOf(':');
        if (colon < 0) {
          if (arg!.endsWith(';')) headers.push([arg!.slice(0, -1).trim(), '']);
          else warnings.push(`The header "${arg!.slice(0, 40)}" has no colon; it was ignored.`);
          break;
        }
        const hName = arg!.slice(0, colon).trim();
        const value = arg!.slice(colon + 1).trim();
        if (value === '') break; // curl: "Name:" removes an internal header
        const lower = hName.toLowerCase();
        if (lower === 'authorization') headerAuth = authorizationCredential(value, warnings);
        else if (KEY_HEADERS.has(lower)) found.push({ kind: 'key', placement: { in: 'header', name: hName }, value });
        else if (lower === 'cookie') cookies(value, found, warnings);
        else if (lower === 'x-amz-security-token') amzToken = value;
        else headers.push([hName, value]);
        break;
      }
      case '--cookie':
        if (arg!.includes('=')) cookies(arg!, found, warnings);
        else warnings.push(`Cookies from the file "${arg}" were not read.`);
        break;
      case '--user-agent':
        headers.push(['User-Agent', arg!]);
        break;
      case '--referer':
        headers.push(['Referer', arg!]);
        break;
      case '--json':
        json = true;
        if (arg!.startsWith('@')) warnings.push(`The body comes from a file (${arg}); its content is not available here. Paste it into the body.`);
        else data.push(arg!);
        break;
      case '--url-query':
        query.push(arg!.startsWith('+') ? arg!.slice(1) : urlencodeData(arg!));
        break;
      case '--data':
      case '--data-ascii':
      case '--data-binary':
      case '--data-raw':
      case '--data-urlencode':
        if (name === '--data-urlencode' ? /^[^=]*@/.test(arg!) : name !== '--data-raw' && arg!.startsWith('@')) {
          warnings.push(`The body comes from a file (${arg}); its content is not available here. Paste it into the body.`);
        } else data.push(name === '--data-urlencode' ? urlencodeData(arg!) : arg!);
        break;
      default:
        if (!HARMLESS.has(name) && !UNSUPPORTED[name]) warnings.push(`Unknown option ${name} was ignored.`);
    }
  }

  if (urls.length === 0) throw new Error('The curl command has no URL.');
  if (urls.length > 1) warnings.push(`The command has ${urls.length} URLs; only the first was imported.`);
  let raw = urls[0]!;
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(raw)) {
    warnings.push('The URL has no scheme; curl would use http://.');
    raw = `http://${raw}`;
  }
  let body: string | null = data.length ? data.join(json ? '' : '&') : null;
  if (get && body !== null) {
    query.push(body);
    body = null;
  }
  if (query.length) raw += `${raw.includes('?') ? '&' : '?'}${query.join('&')}`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`The URL "${raw.slice(0, 200)}" is not valid.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`Only http:// and https:// URLs can be imported, not ${url.protocol}.`);
  let userinfo: FoundCredential | null = url.username || url.password ? { kind: 'basic', username: decodeURIComponent(url.username), password: decodeURIComponent(url.password) } : null;
  // --digest, --ntlm, --negotiate and --aws-sigv4 change how the user credentials travel: never fall back to Basic,
  // which would send the password to a server that never asked for it in that form.
  const how = (c: FoundCredential | null): FoundCredential | null => {
    if (c?.kind !== 'basic') return c;
    if (sigv4 !== null) return awsCredential(sigv4, c, url.hostname, amzToken, warnings);
    if (userAuth === 'ntlm' || userAuth === 'negotiate') return null;
    return userAuth === 'digest' ? { ...c, kind: 'digest' } : c;
  };
  const hadUser = userOption !== null || userinfo !== null;
  if (sigv4 === null && (userAuth === 'ntlm' || userAuth === 'negotiate')) {
    warnings.push(hadUser ? 'NTLM/Negotiate is not supported: the credentials were not imported.' : `NTLM/Negotiate is not supported: --${userAuth} was ignored.`);
  }
  userOption = how(userOption);
  userinfo = how(userinfo);
  const sigv4Used = [userOption, userinfo].some((c) => c?.kind === 'aws');
  if (amzToken !== null && !sigv4Used) headers.push(['x-amz-security-token', amzToken]); // the redactor below masks it
  if (sigv4 !== null && !hadUser) warnings.push('--aws-sigv4 was given without -u ACCESS_KEY_ID:SECRET_ACCESS_KEY; nothing to sign with was imported.');
  url.username = '';
  url.password = '';
  url.hash = '';
  extractQueryKeys(url, found);
  // curl sends one Authorization: a custom header beats --oauth2-bearer, which beats -u, which beats URL userinfo.
  const authz = [headerAuth, bearerOption, userOption, userinfo].filter((c): c is FoundCredential => c !== null);
  // A token request's client credentials make an OAuth 2.0 client, never a Basic profile for the whole origin.
  const jsonBody = json || headers.some(([k, v]) => k.toLowerCase() === 'content-type' && /json/i.test(v));
  const token = tokenRequestImport({ url, body, json: jsonBody, client: authz[0] ?? null, others: found }, warnings);
  if (token) body = token.body;
  const { auth, secrets } = token ?? credentialsToAuth([...authz, ...found], warnings);

  if (json) {
    if (!headers.some(([k]) => k.toLowerCase() === 'content-type')) headers.push(['Content-Type', 'application/json']);
    if (!headers.some(([k]) => k.toLowerCase() === 'accept')) headers.push(['Accept', 'application/json']);
  }
  const finalMethod = method ?? (head ? 'HEAD' : body !== null ? 'POST' : 'GET');
  const parsedMethod = methodSchema.safeParse(finalMethod);
  if (!parsedMethod.success) warnings.push(`The method ${finalMethod} is not supported; GET is used instead.`);
  const request = scrub(url.toString(), headers, body, warnings);
  const refused = token?.refused ? { refused: token.refused } : {};
  return { method: parsedMethod.success ? parsedMethod.data : 'GET', ...request, auth, secrets, warnings: [...new Set(warnings)], ...refused };
}

/**
 * The cookies of a Cookie header or -b value whose names say they are credentials (see CREDENTIAL_COOKIE_NAME) become
 * API-key cookie placements; the others (theme, lang …) are left out with a warning naming them, never their values.
 */
function cookies(value: string, found: FoundCredential[], warnings: string[]): void {
  const plain: string[] = [];
  for (const pair of value.split(';')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    const name = pair.slice(0, eq).trim();
    if (CREDENTIAL_COOKIE_NAME.test(name)) found.push({ kind: 'key', placement: { in: 'cookie', name }, value: pair.slice(eq + 1).trim() });
    else plain.push(name);
  }
  if (plain.length) {
    const many = plain.length > 1;
    warnings.push(`The cookie${many ? 's' : ''} ${plain.join(', ')} ${many ? 'do' : 'does'} not look like ${many ? 'credentials' : 'a credential'}, so ${many ? 'they were' : 'it was'} not imported; add ${many ? 'them' : 'it'} to the request's Cookie header if the API needs ${many ? 'them' : 'it'}.`);
  }
}

/** Defence in depth: credentials the importer did not recognise (by name or shape) are masked and reported. */
function scrub(url: string, headers: HeaderPair[], body: string | null, warnings: string[]): { url: string; headers: HeaderPair[]; body: string | null } {
  const r = createRedactor();
  const out = { url: r.url(url), headers: r.headers(headers), body: body === null ? null : r.text(body) };
  if (out.url !== url) warnings.push('The URL held other credential-like parameters; they were replaced with [REDACTED]. Put them in the profile.');
  if (JSON.stringify(out.headers) !== JSON.stringify(headers)) warnings.push('Other credential headers were replaced with [REDACTED]. Put them in the profile.');
  if (out.body !== body) warnings.push('The body held credential-like fields; they were replaced with [REDACTED]. Authdesk cannot send body secrets from the keychain yet.');
  return out;
}
