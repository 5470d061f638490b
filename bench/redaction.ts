import { randomBytes } from 'node:crypto';
import { createRedactor, REDACTED } from '../shared/redact';
import { round2 } from './measure';

export interface RedactionResult {
  bodyBytes: number;
  secrets: number;
  iterations: number;
  /** Throughput of `createRedactor({ secrets }).text` on the body, MB/s (10^6 bytes). */
  mbPerSec: number;
  /** The same body through a redactor with no known secrets (names and shapes only), MB/s: isolates by-value cost. */
  noSecretsMbPerSec: number;
  /** Whether every planted secret was masked (a fast redactor that misses one does not count). */
  allMasked: boolean;
}

/** 20 secrets of the shapes users keep: random base64url, hex, with punctuation, non-ASCII. */
function makeSecrets(): string[] {
  return Array.from({ length: 20 }, (_, i) => {
    const r = randomBytes(24);
    if (i % 4 === 0) return r.toString('hex');
    if (i % 4 === 1) return `sk-${r.toString('base64url')}`;
    if (i % 4 === 2) return `p@ss/${r.toString('base64url').slice(0, 16)}+&=`;
    return `clé-${r.toString('base64url').slice(0, 20)}`;
  });
}

/** About 1 MB of JSON-ish log text: filler records, with each secret planted a few times in several encodings. */
function makeBody(secrets: readonly string[], size = 1_000_000): string {
  const parts: string[] = [];
  let length = 0;
  let i = 0;
  while (length < size) {
    const s = secrets[i % secrets.length]!;
    const forms = [s, JSON.stringify(s).slice(1, -1), encodeURIComponent(s), Buffer.from(`user:${s}`).toString('base64')];
    const planted = i % 25 === 0 ? ` "detail": "${forms[(i / 25) % forms.length]}",` : '';
    const rec = `{"id": ${i}, "method": "GET", "path": "/v1/items/${i}?page=2&sort=asc", "status": 200,${planted} "message": "the quick brown fox jumps over the lazy dog ${i}"}\n`;
    parts.push(rec);
    length += rec.length;
    i += 1;
  }
  return parts.join('');
}

/**
 * MB/s of `fn` on `body`: one warm-up call, then repeated calls for at least `minMs` (and at least 5). Each result is
 * flattened (`indexOf` on a V8 cons string flattens it), as storing it would: a lazily joined result costs its join.
 */
function throughput(fn: (s: string) => string, body: string, minMs = 1500): { mbPerSec: number; iterations: number } {
  fn(body).indexOf('\u0000');
  let iterations = 0;
  const t0 = performance.now();
  while (iterations < 5 || performance.now() - t0 < minMs) {
    fn(body).indexOf('\u0000');
    iterations += 1;
    if (iterations >= 200) break;
  }
  const s = (performance.now() - t0) / 1000;
  return { mbPerSec: round2((Buffer.byteLength(body) * iterations) / 1e6 / s), iterations };
}

/** Redaction throughput on a 1 MB body with 20 known secrets (shared/redact.ts `createRedactor(...).text`). */
export function measureRedaction(): RedactionResult {
  const secrets = makeSecrets();
  const body = makeBody(secrets);
  const redactor = createRedactor({ secrets });
  const out = redactor.text(body);
  const allMasked = secrets.every((s) => !out.includes(s)) && out.includes(REDACTED);
  const withSecrets = throughput(redactor.text, body);
  const noSecrets = throughput(createRedactor({}).text, body);
  return {
    bodyBytes: Buffer.byteLength(body),
    secrets: secrets.length,
    iterations: withSecrets.iterations,
    mbPerSec: withSecrets.mbPerSec,
    noSecretsMbPerSec: noSecrets.mbPerSec,
    allMasked,
  };
}
