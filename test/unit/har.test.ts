import fc from 'fast-check';
import type { Entry as HarEntry } from 'har-format';
import { describe, expect, it } from 'vitest';
import { accessLogJson, harEntryJson } from '../../shared/har';
import { REDACTED } from '../../shared/redact';
import type { HeaderPair, HistoryEntry } from '../../shared/request';

type Stored = Omit<HistoryEntry, 'id'>;

/** The HAR 1.2 entry a stored entry must become, written as plainly as possible: the specification of the mapping. */
function expectedHar(e: Stored, id: number): HarEntry {
  const header = (pairs: HeaderPair[], name: string) => pairs.find(([k]) => k.toLowerCase() === name)?.[1];
  const t = e.timings;
  const dns = t.dnsMs ?? -1;
  const ssl = t.tlsMs ?? -1;
  const connect = t.connectMs === null ? -1 : t.connectMs + Math.max(0, ssl);
  const wait = t.firstByteMs ?? 0;
  let queryString: { name: string; value: string }[] = [];
  try {
    queryString = [...new URL(e.url).searchParams].map(([name, value]) => ({ name, value }));
  } catch {
    // not a URL: no query
  }
  const request: HarEntry['request'] = {
    method: e.method,
    url: e.url,
    httpVersion: 'HTTP/1.1',
    cookies: [],
    headers: e.requestHeaders.map(([name, value]) => ({ name, value })),
    queryString,
    headersSize: -1,
    bodySize: e.requestBodyPreview === null ? 0 : -1,
  };
  if (e.requestBodyPreview !== null) request.postData = { mimeType: header(e.requestHeaders, 'content-type') ?? 'text/plain', text: e.requestBodyPreview };
  const response: HarEntry['response'] & { _error?: string } = {
    status: e.status ?? 0,
    statusText: e.statusText ?? '',
    httpVersion: 'HTTP/1.1',
    cookies: [],
    headers: e.responseHeaders.map(([name, value]) => ({ name, value })),
    content: { size: e.responseBytes, mimeType: header(e.responseHeaders, 'content-type') ?? 'x-unknown' },
    redirectURL: header(e.responseHeaders, 'location') ?? '',
    headersSize: -1,
    bodySize: e.responseBytes,
  };
  // A binary body is stored as a note, not its bytes: the note is a comment, never the content's text.
  if (e.responseBodyPreview !== null) {
    if (e.responseBodyPreview.startsWith('[binary body: ')) response.content.comment = e.responseBodyPreview;
    else response.content.text = e.responseBodyPreview;
  }
  if (e.error) response._error = e.error;
  return {
    startedDateTime: e.startedAt,
    time: t.totalMs,
    request,
    response,
    cache: {},
    timings: { blocked: -1, dns, connect, ssl, send: 0, wait, receive: Math.max(0, t.totalMs - Math.max(0, dns) - Math.max(0, connect) - wait) },
    _authdesk: {
      historyId: id,
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
  };
}

/** Strings that break naive JSON and URL handling. */
const str = fc.string({ unit: fc.constantFrom(...'aZ0 "\\/<>&=?#%+[]{},:\n\t\u0000é中'.split(''), '😀', '\ud800'), maxLength: 16 });
const nullable = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });
const ms = fc.double({ min: 0, max: 1e5, noNaN: true });
const headerName = fc.oneof(str, fc.constantFrom('Content-Type', 'content-type', 'CONTENT-TYPE', 'Location', 'location', 'X-Id'));
const headers = fc.array(fc.tuple(headerName, str), { maxLength: 5 });
const url = fc.oneof(str, fc.tuple(fc.constantFrom('https://api.example.test/v1/x', 'http://h.example:8080/p'), str).map(([base, q]) => `${base}?${q}`));

const storedArb: fc.Arbitrary<Stored> = fc.record({
  startedAt: fc.constant('2026-11-30T09:00:00.000Z'),
  profileId: nullable(str),
  profileName: nullable(str),
  clientType: fc.constantFrom('confidential' as const, 'public' as const, null),
  scheme: nullable(str),
  identity: nullable(str),
  fingerprints: fc.array(str, { maxLength: 2 }),
  method: fc.constantFrom('GET', 'POST'),
  url,
  status: nullable(fc.integer({ min: 100, max: 599 })),
  statusText: nullable(str),
  ok: fc.boolean(),
  failure: fc.constantFrom('invalid_credentials' as const, 'network' as const, null),
  error: nullable(str),
  timings: fc.record({ dnsMs: nullable(ms), connectMs: nullable(ms), tlsMs: nullable(ms), firstByteMs: nullable(ms), totalMs: ms }),
  redirects: fc.array(fc.record({ from: url, to: url, status: fc.constantFrom(301, 302), credentials: fc.constantFrom('kept' as const, 'stripped' as const) }), { maxLength: 2 }),
  requestHeaders: headers,
  requestBodyPreview: nullable(str),
  responseHeaders: headers,
  responseBodyPreview: nullable(fc.oneof(str, fc.constantFrom('[binary body: image/png]', '[binary body: unknown type]'))),
  responseBytes: fc.nat(),
  responseTruncated: fc.boolean(),
  authSteps: fc.array(fc.record({ kind: fc.constantFrom('applied' as const, 'note' as const), detail: str }), { maxLength: 2 }),
  explanation: fc.constant(null),
});

describe('HAR and JSONL records from stored entries', () => {
  it('writes the HAR entry of any stored entry (property)', () => {
    fc.assert(
      fc.property(storedArb, fc.nat(), (e, id) => {
        expect(JSON.parse(harEntryJson(JSON.stringify(e), id))).toEqual(JSON.parse(JSON.stringify(expectedHar(e, id))));
      }),
      { numRuns: 400 },
    );
  });

  it('writes the JSONL access-log record of any stored entry (property)', () => {
    fc.assert(
      fc.property(storedArb, fc.nat(), (e, id) => {
        let where = { method: e.method, origin: '', path: e.url, query: {} as Record<string, string> };
        try {
          const u = new URL(e.url);
          where = { method: e.method, origin: u.origin, path: u.pathname, query: Object.fromEntries([...u.searchParams.keys()].map((k) => [k, REDACTED])) };
        } catch {
          // not a URL: the raw text
        }
        const origin = (to: string) => {
          try {
            return new URL(to).origin;
          } catch {
            return '';
          }
        };
        expect(JSON.parse(accessLogJson(JSON.stringify(e), id))).toEqual({
          when: e.startedAt,
          where,
          who: { profile: e.profileName, clientType: e.clientType, scheme: e.scheme, identity: e.identity, keyFingerprints: e.fingerprints },
          what: {
            outcome: e.ok ? 'success' : 'failure',
            status: e.status,
            failure: e.failure,
            error: e.error,
            totalMs: e.timings.totalMs,
            authSteps: e.authSteps.map((s) => `${s.kind}: ${s.detail}`),
            redirects: e.redirects.map((r) => ({ status: r.status, to: origin(r.to), credentials: r.credentials })),
          },
          historyId: id,
        });
      }),
      { numRuns: 200 },
    );
  });

  it('reads entries of another key order, or with deeper values, as well as the usual layout', () => {
    const base = fc.sample(storedArb, { numRuns: 1, seed: 7 })[0]!;
    const reordered = Object.fromEntries(Object.entries(base).reverse()) as Stored;
    const deep = { ...base, explanation: { title: 't', detail: 'd', tryThis: [], facts: { nested: { deeper: [1] } } } } as unknown as Stored;
    for (const e of [base, reordered, base, deep, base]) expect(JSON.parse(harEntryJson(JSON.stringify(e), 1))).toEqual(JSON.parse(JSON.stringify(expectedHar(e, 1))));
  });
});
