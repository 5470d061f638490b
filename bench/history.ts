import { randomUUID } from 'node:crypto';
import { Engine } from '../electron/engine/engine';
import { HistoryStore } from '../electron/engine/history-store';
import { dataPaths } from '../electron/engine/paths';
import type { HistoryEntry } from '../shared/request';
import { median, round2 } from './measure';

/** How the seeded history is spread: this many profiles, round robin. */
export const SEED_PROFILES = 10;

/** A realistic, already-redacted entry (about 1.3 KB of JSON), as `Engine.send` stores one. */
function entryAt(i: number, profiles: readonly string[]): Omit<HistoryEntry, 'id'> {
  const profileId = profiles[i % profiles.length]!;
  const ok = i % 17 !== 0;
  const status = ok ? 200 : 401;
  const body = JSON.stringify({ id: i, ok, items: [{ name: 'alpha', value: i % 97 }, { name: 'beta', value: i % 89 }], note: 'lorem ipsum dolor sit amet '.repeat(8) });
  return {
    startedAt: new Date(Date.UTC(2025, 0, 1) + i * 1000).toISOString(),
    profileId,
    profileName: `profile-${profiles.indexOf(profileId)}`,
    clientType: 'confidential',
    scheme: 'basic',
    identity: 'bench-user',
    fingerprints: ['1a2b3c4d'],
    method: 'GET',
    url: `https://api.example.test/v1/items/${i}?page=${i % 5}&access_token=[REDACTED]`,
    status,
    statusText: ok ? 'OK' : 'Unauthorized',
    ok,
    failure: ok ? null : 'invalid_credentials',
    error: null,
    timings: { dnsMs: null, connectMs: null, tlsMs: null, firstByteMs: 3.2, totalMs: 4 + (i % 50) / 10 },
    redirects: [],
    requestHeaders: [
      ['Authorization', 'Basic [REDACTED]'],
      ['User-Agent', 'Authdesk/0.1 (+https://authdesk.dev)'],
      ['Accept', 'application/json, text/plain;q=0.9, */*;q=0.8'],
    ],
    requestBodyPreview: null,
    responseHeaders: [
      ['content-type', 'application/json'],
      ['content-length', String(body.length)],
      ['date', 'Wed, 01 Jan 2025 00:00:00 GMT'],
      ['connection', 'keep-alive'],
      ['x-request-id', `req-${i}`],
    ],
    responseBodyPreview: body,
    responseBytes: body.length,
    responseTruncated: false,
    authSteps: [{ kind: 'applied', detail: 'HTTP Basic as bench-user in Authorization' }],
    explanation: null,
  };
}

/**
 * Seeds `count` entries through {@link HistoryStore.insert} inside one transaction (the store's own connection, so
 * the schema and the row layout are the engine's). Returns the profile ids used and the ms it took.
 */
export function seedHistory(home: string, count: number): { profileIds: string[]; ms: number } {
  const profileIds = Array.from({ length: SEED_PROFILES }, () => randomUUID());
  const store = new HistoryStore(dataPaths(home).history);
  // One unit around all the inserts: one savepoint and one commit instead of 100k.
  const t0 = performance.now();
  store.atomically(() => {
    for (let i = 0; i < count; i++) store.insert(entryAt(i, profileIds));
  });
  const ms = performance.now() - t0;
  store.close();
  return { profileIds, ms: round2(ms) };
}

export interface ListTimings {
  /** First call after Engine.open (cold statement), ms. */
  firstPageColdMs: number;
  /** Median of 5 further calls, ms. */
  firstPageWarmMs: number;
  byProfileColdMs: number;
  byProfileWarmMs: number;
  rows: number;
  byProfileRows: number;
}

/** Times the history list the UI shows first: newest 100 rows, then one profile's newest 100. */
export async function timeHistoryList(home: string, profileId: string): Promise<ListTimings> {
  const engine = await Engine.open({ home });
  try {
    const time = (fn: () => unknown) => {
      const t = performance.now();
      fn();
      return performance.now() - t;
    };
    let rows = 0;
    let byProfileRows = 0;
    const firstPageColdMs = time(() => (rows = engine.listHistory().length));
    const warm = Array.from({ length: 5 }, () => time(() => engine.listHistory()));
    const byProfileColdMs = time(() => (byProfileRows = engine.listHistory({ profileId }).length));
    const byWarm = Array.from({ length: 5 }, () => time(() => engine.listHistory({ profileId })));
    return {
      firstPageColdMs: round2(firstPageColdMs),
      firstPageWarmMs: round2(median(warm)),
      byProfileColdMs: round2(byProfileColdMs),
      byProfileWarmMs: round2(median(byWarm)),
      rows,
      byProfileRows,
    };
  } finally {
    await engine.close();
  }
}

/** Exports the whole history through Engine.exportLog; the time covers the export call only. */
export async function timeExport(home: string, format: 'har' | 'jsonl', out: string): Promise<{ ms: number; entries: number; bytes: number }> {
  const engine = await Engine.open({ home });
  try {
    const t = performance.now();
    const r = await engine.exportLog({ format, out });
    return { ms: round2(performance.now() - t), entries: r.entries, bytes: r.bytes };
  } finally {
    await engine.close();
  }
}
