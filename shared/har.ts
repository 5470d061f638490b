import type { Entry as HarEntry } from 'har-format';
import { REDACTED } from './redact';
import type { HeaderPair, HistoryEntry } from './request';

/** Conversions of a stored (already redacted) history entry into export records. */

const nv = (pairs: HeaderPair[]) => pairs.map(([name, value]) => ({ name, value }));
const headerValue = (pairs: HeaderPair[], name: string) => pairs.find(([k]) => k.toLowerCase() === name)?.[1];

function queryOf(url: string): { name: string; value: string }[] {
  try {
    return [...new URL(url).searchParams].map(([name, value]) => ({ name, value }));
  } catch {
    return [];
  }
}

/**
 * A HAR 1.2 entry (http://www.softwareishard.com/blog/har-12-spec/). Authdesk's own fields are prefixed `_`
 * as the spec requires: `_authdesk` holds profile, identity, fingerprints, failure and auth steps.
 * Timings follow HAR: `connect` includes `ssl`; phases that did not happen are -1.
 */
export function toHarEntry(e: HistoryEntry): HarEntry {
  const t = e.timings;
  const dns = t.dnsMs ?? -1;
  const ssl = t.tlsMs ?? -1;
  const connect = t.connectMs === null ? -1 : t.connectMs + Math.max(0, ssl);
  const wait = t.firstByteMs ?? 0;
  const receive = Math.max(0, t.totalMs - Math.max(0, dns) - Math.max(0, connect) - wait);
  const mime = headerValue(e.responseHeaders, 'content-type') ?? 'x-unknown';
  return {
    startedDateTime: e.startedAt,
    time: t.totalMs,
    request: {
      method: e.method,
      url: e.url,
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: nv(e.requestHeaders),
      queryString: queryOf(e.url),
      headersSize: -1,
      bodySize: e.requestBodyPreview === null ? 0 : -1,
      ...(e.requestBodyPreview !== null
        ? { postData: { mimeType: headerValue(e.requestHeaders, 'content-type') ?? 'text/plain', text: e.requestBodyPreview } }
        : {}),
    },
    response: {
      status: e.status ?? 0,
      statusText: e.statusText ?? '',
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: nv(e.responseHeaders),
      content: { size: e.responseBytes, mimeType: mime, ...(e.responseBodyPreview !== null ? { text: e.responseBodyPreview } : {}) },
      redirectURL: headerValue(e.responseHeaders, 'location') ?? '',
      headersSize: -1,
      bodySize: e.responseBytes,
      ...(e.error ? { _error: e.error } : {}),
    },
    cache: {},
    timings: { blocked: -1, dns, connect, ssl, send: 0, wait, receive },
    _authdesk: {
      historyId: e.id,
      profile: e.profileName,
      clientType: e.clientType,
      scheme: e.scheme,
      identity: e.identity,
      fingerprints: e.fingerprints,
      ok: e.ok,
      failure: e.failure,
      truncated: e.responseTruncated,
      redirects: e.redirects,
      authSteps: e.authSteps,
    },
  } as HarEntry;
}

/** The `log.creator` and header part of a HAR file; entries are streamed between {@link harHead} and {@link HAR_TAIL}. */
export const harHead = (version: string) =>
  `{"log":{"version":"1.2","creator":{"name":"Authdesk","version":${JSON.stringify(version)}},"pages":[],"entries":[`;
export const HAR_TAIL = ']}}\n';

/**
 * One line of the JSONL access log (OWASP Logging Cheat Sheet: when, where, who, what). Query values are shown as
 * redacted whatever their name; identity (username, client_id, key fingerprint) is not a secret and is kept.
 */
export function toAccessLogRecord(e: HistoryEntry): Record<string, unknown> {
  let origin = '';
  let pathname = e.url;
  let query: Record<string, string> = {};
  try {
    const u = new URL(e.url);
    origin = u.origin;
    pathname = u.pathname;
    query = Object.fromEntries([...u.searchParams.keys()].map((k) => [k, REDACTED]));
  } catch {
    // keep the raw (already redacted) text
  }
  return {
    when: e.startedAt,
    where: { method: e.method, origin, path: pathname, query },
    who: { profile: e.profileName, clientType: e.clientType, scheme: e.scheme, identity: e.identity, keyFingerprints: e.fingerprints },
    what: {
      outcome: e.ok ? 'success' : 'failure',
      status: e.status,
      failure: e.failure,
      error: e.error,
      totalMs: e.timings.totalMs,
      authSteps: e.authSteps.map((s) => `${s.kind}: ${s.detail}`),
      redirects: e.redirects.map((r) => ({ status: r.status, to: safeOrigin(r.to), credentials: r.credentials })),
    },
    historyId: e.id,
  };
}

function safeOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '';
  }
}
