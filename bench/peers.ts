import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Scheme } from './load';
import { percentile, round2 } from './measure';
import type { BenchCredentials } from './server';

/** bench/ (a separate npm package whose devDependencies are the peers: never dependencies of the app). */
export const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
export const NEWMAN_BIN = path.join(BENCH_DIR, 'node_modules', '.bin', 'newman');
export const BRU_BIN = path.join(BENCH_DIR, 'node_modules', '.bin', 'bru');

/** Whether each peer can run, with the exact reason when it cannot. */
export interface PeerStatus {
  newman: string | null;
  bru: string | null;
  installLog: string | null;
}

/**
 * Installs the peers into bench/node_modules with `npm --prefix bench install --no-audit --no-fund` when either
 * binary is missing, then checks that each answers `--version`. Returns null per peer when usable, else why not.
 */
export function ensurePeers(): PeerStatus {
  let installLog: string | null = null;
  if (!existsSync(NEWMAN_BIN) || !existsSync(BRU_BIN)) {
    const r = spawnSync('npm', ['--prefix', BENCH_DIR, 'install', '--no-audit', '--no-fund'], { encoding: 'utf8', timeout: 300_000 });
    installLog = `npm --prefix bench install exited ${r.status ?? r.signal}: ${(r.stderr || r.stdout || String(r.error ?? '')).trim().split('\n').slice(-3).join(' | ')}`;
  }
  const check = (bin: string, name: string): string | null => {
    if (!existsSync(bin)) return `${name} is not installed (${installLog ?? 'bench/node_modules missing'})`;
    const r = spawnSync(bin, ['--version'], { encoding: 'utf8', timeout: 60_000 });
    return r.status === 0 ? null : `${name} --version exited ${r.status ?? r.signal}: ${(r.stderr || r.stdout).trim().slice(0, 300)}`;
  };
  return { newman: check(NEWMAN_BIN, 'newman'), bru: check(BRU_BIN, 'bru'), installLog };
}

/** Per-request latencies and outcome read from a peer's JSON report. */
export interface PeerReport {
  ok: number;
  failed: number;
  p50Ms: number;
  p95Ms: number;
}

const summarise = (times: number[], ok: number, total: number): PeerReport => ({
  ok,
  failed: total - ok,
  p50Ms: round2(percentile(times, 50)),
  p95Ms: round2(percentile(times, 95)),
});

/**
 * A Postman v2.1 collection with one folder per scheme newman can do without a script: `basic` (Basic auth) and
 * `apikey` (API key header). Newman has no client-credentials grant of its own, so there is no oauth2 folder.
 */
export function writeNewmanCollection(dir: string, origin: string, c: BenchCredentials): string {
  const item = (name: string, auth: unknown) => ({
    name,
    item: [{ name: `GET /resource (${name})`, request: { method: 'GET', url: `${origin}/resource`, header: [{ key: 'Accept', value: 'application/json' }], auth } }],
  });
  const collection = {
    info: { name: 'authdesk-bench', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
    item: [
      item('basic', { type: 'basic', basic: [{ key: 'username', value: c.basicUser }, { key: 'password', value: c.basicPassword }] }),
      item('apikey', { type: 'apikey', apikey: [{ key: 'key', value: c.apiKeyHeader }, { key: 'value', value: c.apiKey }, { key: 'in', value: 'header' }] }),
    ],
  };
  const file = path.join(dir, 'authdesk-bench.postman_collection.json');
  writeFileSync(file, JSON.stringify(collection, null, 2), { mode: 0o600 });
  return file;
}

/** newman's arguments for `count` sequential runs of one scheme's folder, JSON report to `report`. */
export const newmanArgs = (collection: string, scheme: Scheme, count: number, report: string): string[] => [
  'run',
  collection,
  '--folder',
  scheme,
  '-n',
  String(count),
  '--reporters',
  'json',
  '--reporter-json-export',
  report,
  '--timeout-request',
  '30000',
];

/** Reads newman's JSON report: one execution per request, `response.responseTime` in ms. */
export function parseNewman(report: string): PeerReport {
  const r = JSON.parse(readFileSync(report, 'utf8')) as { run: { executions: { response?: { code?: number; responseTime?: number } }[] } };
  const ex = r.run.executions;
  return summarise(
    ex.map((e) => e.response?.responseTime ?? 0),
    ex.filter((e) => e.response?.code === 200).length,
    ex.length,
  );
}

/** A Bruno collection (bruno.json + one .bru request per scheme: basic, apikey, oauth2 client credentials). */
export function writeBruCollection(dir: string, origin: string, c: BenchCredentials): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'bruno.json'), JSON.stringify({ version: '1', name: 'authdesk-bench', type: 'collection', ignore: ['node_modules', '.git'] }, null, 2));
  const req = (name: string, seq: number, auth: string, block: string) =>
    `meta {\n  name: ${name}\n  type: http\n  seq: ${seq}\n}\n\nget {\n  url: ${origin}/resource\n  body: none\n  auth: ${auth}\n}\n\nheaders {\n  Accept: application/json\n}\n\n${block}\n`;
  writeFileSync(path.join(dir, 'basic.bru'), req('basic', 1, 'basic', `auth:basic {\n  username: ${c.basicUser}\n  password: ${c.basicPassword}\n}`));
  writeFileSync(
    path.join(dir, 'apikey.bru'),
    req('apikey', 2, 'apikey', `auth:apikey {\n  key: ${c.apiKeyHeader}\n  value: ${c.apiKey}\n  placement: header\n}`),
  );
  writeFileSync(
    path.join(dir, 'oauth2.bru'),
    req(
      'oauth2',
      3,
      'oauth2',
      [
        'auth:oauth2 {',
        '  grant_type: client_credentials',
        `  access_token_url: ${origin}/token`,
        `  client_id: ${c.clientId}`,
        `  client_secret: ${c.clientSecret}`,
        `  scope: ${c.scope}`,
        '  credentials_placement: basic_auth_header',
        '  credentials_id: credentials',
        '  token_placement: header',
        '  token_header_prefix: Bearer',
        '  auto_fetch_token: true',
        '  auto_refresh_token: false',
        '}',
      ].join('\n'),
    ),
  );
  return dir;
}

/** `bru run` arguments (run with the collection as cwd): one request file, `count` sequential iterations. */
export const bruArgs = (scheme: Scheme, count: number, report: string): string[] => [
  'run',
  `${scheme}.bru`,
  '--iteration-count',
  String(count),
  '--reporter-json',
  report,
  '--reporter-skip-all-headers',
  '--reporter-skip-body',
];

/** Reads bru's JSON report (one result per request, `response.responseTime` in ms); old and new layouts. */
export function parseBru(report: string): PeerReport {
  const raw = JSON.parse(readFileSync(report, 'utf8')) as unknown;
  const results: { response?: { status?: number; responseTime?: number } }[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (Array.isArray(o.results)) results.push(...(o.results as typeof results));
      else for (const x of Object.values(o)) if (x && typeof x === 'object') walk(x);
    }
  };
  walk(raw);
  return summarise(
    results.map((r) => r.response?.responseTime ?? 0),
    results.filter((r) => r.response?.status === 200).length,
    results.length,
  );
}
