import { memberReader } from './json-layout';
import { rawString } from './json-raw';
import { REDACTED } from './redact';
import { JSON_STRING_SOURCE as STRING } from './regex-source';
import type { AuthStep, HistoryEntry, Timings } from './request';
import { queryParams } from './url-query';

/**
 * Conversions of a stored history entry into export records. The input is the JSON text that HistoryStore keeps
 * (a `HistoryEntry` without its id, already redacted); records are written straight from it: values are pasted as
 * stored and only what changes shape is decoded, so an export of 100k entries does not parse, rebuild and
 * re-serialise 100k objects. Every `HistoryEntry` member has been stored since the first version; one that is
 * missing anyway is written as null.
 */

/** The members of a stored entry that the exports use. */
const FIELDS = [
  'startedAt',
  'profileName',
  'clientType',
  'scheme',
  'identity',
  'fingerprints',
  'method',
  'url',
  'status',
  'statusText',
  'ok',
  'failure',
  'error',
  'timings',
  'redirects',
  'requestHeaders',
  'requestBodyPreview',
  'responseHeaders',
  'responseBodyPreview',
  'responseBytes',
  'responseTruncated',
  'authSteps',
] as const satisfies readonly (keyof HistoryEntry)[];
/** The index of each of {@link FIELDS}, in it and in what {@link readStored} returns. */
const F = Object.fromEntries(FIELDS.map((f, i) => [f, i])) as { [K in (typeof FIELDS)[number]]: number };
/**
 * The raw JSON text of each of {@link FIELDS} in a stored entry, in that order ('null' for a missing one). Stored
 * entries share one layout, so each is read with one regex match (./json-layout.ts).
 */
const readStored = memberReader(FIELDS, 'null');

const json = JSON.stringify;
/** A number as JSON writes it (null for NaN and infinities). */
const num = (n: number): string => (Number.isFinite(n) ? String(n) : 'null');

/** One `[name, value]` pair of a stored header list (a JSON array of two strings). */
const HEADER = new RegExp(`\\[\\s*(${STRING})\\s*,\\s*(${STRING})\\s*\\]`, 'g');
const headerNamed = (lowerName: string): RegExp => new RegExp(`\\[\\s*"${lowerName}"\\s*,\\s*(${STRING})\\s*\\]`, 'i');
const CONTENT_TYPE = headerNamed('content-type');
const LOCATION = headerNamed('location');

/** HAR `headers` from a stored header list (JSON `[[name, value], …]`): `[{"name":…,"value":…}, …]`. */
function harHeaders(raw: string): string {
  let out = '';
  HEADER.lastIndex = 0;
  for (let m = HEADER.exec(raw); m; m = HEADER.exec(raw)) out += `${out ? ',' : ''}{"name":${m[1]},"value":${m[2]}}`;
  return `[${out}]`;
}
/** The raw value of the first header called `header` (a regex from {@link headerNamed}, any case), or undefined. */
const headerValue = (raw: string, header: RegExp): string | undefined => header.exec(raw)?.[1];

/** HAR `queryString`: the decoded query parameters of the URL, `[]` when it has none or is not a URL. */
function queryString(url: string): string {
  let out = '';
  for (const [name, value] of queryParams(url)) out += `${out ? ',' : ''}{"name":${json(name)},"value":${json(value)}}`;
  return `[${out}]`;
}

/** The start of a stored binary body's note, as JSON text (see electron/engine/body.ts). */
const BINARY_NOTE = '"[binary body: ';

/** HAR timings in ms: `connect` includes `ssl`; phases that did not happen are -1. */
function harTimings(t: Timings): string {
  const dns = t.dnsMs ?? -1;
  const ssl = t.tlsMs ?? -1;
  const connect = t.connectMs === null ? -1 : t.connectMs + Math.max(0, ssl);
  const wait = t.firstByteMs ?? 0;
  const receive = Math.max(0, t.totalMs - Math.max(0, dns) - Math.max(0, connect) - wait);
  return `{"blocked":-1,"dns":${num(dns)},"connect":${num(connect)},"ssl":${num(ssl)},"send":0,"wait":${num(wait)},"receive":${num(receive)}}`;
}

/**
 * One HAR 1.2 entry (http://www.softwareishard.com/blog/har-12-spec/) as JSON text, from a stored entry's JSON and
 * its id. Authdesk's own fields are prefixed `_` as the spec requires: `_authdesk` holds profile, identity,
 * fingerprints, failure and auth steps.
 * @throws SyntaxError when `stored` is not a JSON object
 */
export function harEntryJson(stored: string, id: number): string {
  const e = readStored(stored);
  const timings = JSON.parse(e[F.timings]) as Timings;
  const url = e[F.url];
  const requestHeaders = e[F.requestHeaders];
  const responseHeaders = e[F.responseHeaders];
  const requestBody = e[F.requestBodyPreview];
  const responseBody = e[F.responseBodyPreview];
  const error = e[F.error];
  const postData =
    requestBody === 'null' ? '' : `,"postData":{"mimeType":${headerValue(requestHeaders, CONTENT_TYPE) ?? '"text/plain"'},"text":${requestBody}}`;
  const request =
    `{"method":${e[F.method]},"url":${url},"httpVersion":"HTTP/1.1","cookies":[],"headers":${harHeaders(requestHeaders)}` +
    `,"queryString":${queryString(url === 'null' ? '' : rawString(url))},"headersSize":-1,"bodySize":${requestBody === 'null' ? 0 : -1}${postData}}`;
  // A binary body is stored as a note ("[binary body: image/png]", electron/engine/body.ts), not its bytes: in HAR that
  // note is a comment, so no consumer reads it as the body's text.
  const bodyText = responseBody === 'null' ? '' : responseBody.startsWith(BINARY_NOTE) ? `,"comment":${responseBody}` : `,"text":${responseBody}`;
  const content = `{"size":${e[F.responseBytes]},"mimeType":${headerValue(responseHeaders, CONTENT_TYPE) ?? '"x-unknown"'}${bodyText}}`;
  const status = e[F.status];
  const statusText = e[F.statusText];
  const response =
    `{"status":${status === 'null' ? 0 : status},"statusText":${statusText === 'null' ? '""' : statusText},"httpVersion":"HTTP/1.1"` +
    `,"cookies":[],"headers":${harHeaders(responseHeaders)},"content":${content},"redirectURL":${headerValue(responseHeaders, LOCATION) ?? '""'}` +
    `,"headersSize":-1,"bodySize":${e[F.responseBytes]}${error === 'null' || error === '""' ? '' : `,"_error":${error}`}}`;
  const authdesk =
    `{"historyId":${id},"profile":${e[F.profileName]},"clientType":${e[F.clientType]},"scheme":${e[F.scheme]},"identity":${e[F.identity]}` +
    `,"fingerprints":${e[F.fingerprints]},"ok":${e[F.ok]},"failure":${e[F.failure]},"truncated":${e[F.responseTruncated]}` +
    `,"redirects":${e[F.redirects]},"authSteps":${e[F.authSteps]}}`;
  return (
    `{"startedDateTime":${e[F.startedAt]},"time":${num(timings.totalMs)},"request":${request},"response":${response},"cache":{}` +
    `,"timings":${harTimings(timings)},"_authdesk":${authdesk}}`
  );
}

/** The `log.creator` and header part of a HAR file; entries are streamed between {@link harHead} and {@link HAR_TAIL}. */
export const harHead = (version: string) =>
  `{"log":{"version":"1.2","creator":{"name":"Authdesk","version":${JSON.stringify(version)}},"pages":[],"entries":[`;
export const HAR_TAIL = ']}}\n';

function safeOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '';
  }
}

const redactedParam = (name: string): [string, string] => [name, REDACTED];
const stepLine = (s: AuthStep): string => `${s.kind}: ${s.detail}`;
/** A redirect as the access log shows it: where it went by origin only (the path and query may hold anything). */
const redirectRecord = (r: HistoryEntry['redirects'][number]) => ({ status: r.status, to: safeOrigin(r.to), credentials: r.credentials });

/**
 * One line of the JSONL access log (OWASP Logging Cheat Sheet: when, where, who, what) as JSON text, from a stored
 * entry's JSON and its id. Query values are shown as redacted whatever their name; identity (username, client_id,
 * key fingerprint) is not a secret and is kept.
 * @throws SyntaxError when `stored` is not a JSON object
 */
export function accessLogJson(stored: string, id: number): string {
  const e = readStored(stored);
  const url = e[F.url] === 'null' ? '' : rawString(e[F.url]);
  let where = `"origin":"","path":${json(url)},"query":{}`;
  try {
    const u = new URL(url);
    const query = json(Object.fromEntries([...u.searchParams.keys()].map(redactedParam)));
    where = `"origin":${json(u.origin)},"path":${json(u.pathname)},"query":${query}`;
  } catch {
    // keep the raw (already redacted) text
  }
  const timings = JSON.parse(e[F.timings]) as Timings;
  const authSteps = (JSON.parse(e[F.authSteps]) ?? []) as AuthStep[];
  const redirects = (JSON.parse(e[F.redirects]) ?? []) as HistoryEntry['redirects'];
  const who = `{"profile":${e[F.profileName]},"clientType":${e[F.clientType]},"scheme":${e[F.scheme]},"identity":${e[F.identity]},"keyFingerprints":${e[F.fingerprints]}}`;
  const what =
    `{"outcome":${e[F.ok] === 'true' ? '"success"' : '"failure"'},"status":${e[F.status]},"failure":${e[F.failure]},"error":${e[F.error]}` +
    `,"totalMs":${num(timings.totalMs)},"authSteps":${json(authSteps.map(stepLine))},"redirects":${json(redirects.map(redirectRecord))}}`;
  return `{"when":${e[F.startedAt]},"where":{"method":${e[F.method]},${where}},"who":${who},"what":${what},"historyId":${id}}`;
}
