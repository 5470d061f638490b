import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { Engine } from '../electron/engine/engine';
import { authSchema } from '../shared/profile';
import { compileWorker } from './compile';
import { topSelfTime } from './cpuprofile';
import { profileName, type InProcessTool, type Scheme } from './load';
import { killRunning, median, spawnMeasured, type ProcessRun } from './measure';
import { BENCH_DIR, BRU_BIN, bruArgs, ensurePeers, NEWMAN_BIN, newmanArgs, parseBru, parseNewman, writeBruCollection, writeNewmanCollection } from './peers';
import { renderMarkdown, type BenchResults, type LoadCell, type ToolName } from './report';
import { startBenchServer, type BenchServer } from './server';
import { evaluateTargets } from './targets';
import type { WorkerJob } from './worker';

/**
 * `npm run bench`: Authdesk against raw Node, axios, newman and Bruno's CLI on a local server, plus the scale checks
 * of the performance issue. Writes bench/results/latest.{md,json}. Bounded: every child is killed after
 * BENCH_CHILD_TIMEOUT_MS, counts are capped, only 127.0.0.1 is used, and the temp directory is removed at the end.
 * Knobs (environment): BENCH_REQUESTS (1000), BENCH_RUNS (3), BENCH_CONCURRENCY (10), BENCH_SCHEMES
 * (basic,apikey,oauth2), BENCH_HISTORY (100000), BENCH_SKIP_BUILD=1, BENCH_PROFILE=0 (no CPU profiles).
 */

const ROOT = path.resolve(BENCH_DIR, '..');
const RESULTS = path.join(BENCH_DIR, 'results');
const CLI = path.join(ROOT, 'bin', 'authdesk.js');

const num = (name: string, def: number, min: number, max: number): number => {
  const v = Number(process.env[name] ?? def);
  return Number.isFinite(v) ? Math.min(max, Math.max(min, Math.round(v))) : def;
};
const REQUESTS = num('BENCH_REQUESTS', 1000, 10, 5000);
const RUNS = num('BENCH_RUNS', 3, 1, 5);
const CONCURRENCY = num('BENCH_CONCURRENCY', 10, 2, 100);
const HISTORY = num('BENCH_HISTORY', 100_000, 1000, 200_000);
const CHILD_TIMEOUT_MS = num('BENCH_CHILD_TIMEOUT_MS', 240_000, 10_000, 600_000);
const SCHEMES = (process.env.BENCH_SCHEMES ?? 'basic,apikey,oauth2').split(',').filter((s): s is Scheme => ['basic', 'apikey', 'oauth2'].includes(s));
const PROFILE = process.env.BENCH_PROFILE !== '0';

if (process.env.AUTHDESK_KEYRING_SESSION !== 'ready') {
  // The engine uses the real OS keychain: run inside a throwaway keyring, never the user's own.
  const r = spawnSync('bash', [path.join(ROOT, 'scripts', 'with-keyring.sh'), process.execPath, '--import', 'tsx', fileURLToPath(import.meta.url)], { stdio: 'inherit', cwd: ROOT });
  process.exit(r.status ?? 1);
}

const tmp = mkdtempSync(path.join(os.tmpdir(), 'authdesk-bench-'));
const cleanupTmp = () => rmSync(tmp, { recursive: true, force: true });
process.on('exit', cleanupTmp);
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    killRunning();
    cleanupTmp();
    process.exit(130);
  });
}
const log = (s: string) => process.stderr.write(`[bench] ${s}\n`);

/** The environment of every CLI run: its data directory, and a compiled-code cache of this bench run's own. */
const cliEnv = (home: string): NodeJS.ProcessEnv => ({ ...process.env, AUTHDESK_HOME: home, XDG_CACHE_HOME: path.join(tmp, 'cli-cache') });

/** The compiled in-process worker (bench/compile.ts), made once per bench run. */
let compiled: Promise<string> | null = null;

/** Runs a worker job in a fresh `node` child (the compiled worker); returns its JSON result and the outside measurements. */
async function worker<T>(job: WorkerJob, server: BenchServer): Promise<{ result: T; run: ProcessRun }> {
  compiled ??= compileWorker(ROOT, path.join(tmp, 'compiled', 'worker'));
  const run = await spawnMeasured(process.execPath, [await compiled, JSON.stringify(job)], {
    cwd: ROOT,
    env: { ...process.env, BENCH_CREDS: JSON.stringify(server.credentials) },
    timeoutMs: CHILD_TIMEOUT_MS,
    scratchDir: tmp,
  });
  const line = run.stdout.trim().split('\n').at(-1) ?? '';
  if (run.code !== 0 || !line.startsWith('{')) throw new Error(`worker ${job.mode} exited ${run.code ?? run.signal}${run.timedOut ? ' (timed out)' : ''}: ${run.stderr.trim().slice(-400)}`);
  const result = JSON.parse(line) as T & { workerMaxRssKb: number };
  run.peakRssKb = Math.max(run.peakRssKb, result.workerMaxRssKb);
  return { result, run };
}

/** Creates the three bench profiles (secrets in the keychain) in an Authdesk home. */
async function makeHome(home: string, server: BenchServer): Promise<void> {
  const c = server.credentials;
  const engine = await Engine.open({ home });
  try {
    await engine.createProfile({ name: profileName('basic'), clientType: 'confidential', auth: { scheme: 'basic', username: c.basicUser }, secrets: { password: c.basicPassword } });
    await engine.createProfile({ name: profileName('apikey'), clientType: 'confidential', auth: { scheme: 'apikey', placements: [{ in: 'header', name: c.apiKeyHeader }] }, secrets: { key0: c.apiKey } });
    const oauth = authSchema.parse({ scheme: 'oauth2', grant: 'client_credentials', tokenEndpoint: `${server.origin}/token`, clientId: c.clientId, scope: c.scope });
    await engine.createProfile({ name: profileName('oauth2'), clientType: 'confidential', auth: oauth, secrets: { client_secret: c.clientSecret } });
  } finally {
    await engine.close();
  }
}

/** Deletes the bench profiles' keychain entries. */
async function removeHome(home: string): Promise<void> {
  if (!existsSync(home)) return;
  const engine = await Engine.open({ home });
  try {
    for (const s of ['basic', 'apikey', 'oauth2'] as const) await engine.removeProfile(profileName(s)).catch(() => undefined);
  } finally {
    await engine.close();
  }
}

interface Sample {
  wallMs: number;
  /** In-process runs only (see LoadResult.firstReplyMs). */
  firstReplyMs?: number;
  p50Ms: number;
  p95Ms: number;
  peakRssKb: number;
  tokenRequests: number;
  ok: number;
  failed: number;
}

const IN_PROCESS: Partial<Record<ToolName, InProcessTool>> = { 'raw-node': 'raw', axios: 'axios', 'authdesk-sender': 'sender', 'authdesk-engine': 'engine' };

/** One run of one cell. */
async function runOnce(tool: ToolName, scheme: Scheme, concurrency: number, ctx: { server: BenchServer; engineHome: string; cliHome: string; collection: string; bruDir: string }): Promise<Sample> {
  const { server } = ctx;
  server.reset();
  const inProc = IN_PROCESS[tool];
  if (inProc) {
    const { result, run } = await worker<{ wallMs: number; firstReplyMs: number; p50Ms: number; p95Ms: number; ok: number; failed: number }>(
      { mode: 'load', spec: { tool: inProc, scheme, count: REQUESTS, concurrency, origin: server.origin, home: ctx.engineHome } },
      server,
    );
    return { ...result, peakRssKb: run.peakRssKb, tokenRequests: server.stats().tokenRequests };
  }
  const report = path.join(tmp, `${tool}-report.json`);
  let run: ProcessRun;
  if (tool === 'authdesk-cli') {
    const args = [CLI, 'send', profileName(scheme), `${server.origin}/resource`, '--repeat', String(REQUESTS), '--concurrency', String(concurrency), '--json'];
    run = await spawnMeasured(process.execPath, args, { cwd: ROOT, env: cliEnv(ctx.cliHome), timeoutMs: CHILD_TIMEOUT_MS, scratchDir: tmp });
  } else if (tool === 'newman') {
    run = await spawnMeasured(NEWMAN_BIN, newmanArgs(ctx.collection, scheme, REQUESTS, report), { cwd: tmp, timeoutMs: CHILD_TIMEOUT_MS, scratchDir: tmp });
  } else {
    run = await spawnMeasured(BRU_BIN, bruArgs(scheme, REQUESTS, report), { cwd: ctx.bruDir, timeoutMs: CHILD_TIMEOUT_MS, scratchDir: tmp });
  }
  const tokenRequests = server.stats().tokenRequests;
  let parsed: { ok: number; failed: number; p50Ms: number; p95Ms: number };
  try {
    if (tool === 'authdesk-cli') {
      const s = JSON.parse(run.stdout) as { ok: number; failed: number; timings: { p50Ms: number; p95Ms: number } };
      parsed = { ok: s.ok, failed: s.failed, p50Ms: s.timings.p50Ms, p95Ms: s.timings.p95Ms };
    } else parsed = tool === 'newman' ? parseNewman(report) : parseBru(report);
  } catch {
    throw new Error(`${tool} exited ${run.code ?? run.signal}${run.timedOut ? ' (timed out)' : ''}: ${(run.stderr || run.stdout).trim().slice(-400)}`);
  } finally {
    rmSync(report, { force: true });
  }
  return { ...parsed, wallMs: run.wallMs, peakRssKb: run.peakRssKb, tokenRequests };
}

/** The cells of the comparison: every tool sequentially, and the tools that can, at BENCH_CONCURRENCY. */
function plan(peers: { newman: string | null; bru: string | null }): { tool: ToolName; scheme: Scheme; concurrency: number; skip: string | null }[] {
  const out: { tool: ToolName; scheme: Scheme; concurrency: number; skip: string | null }[] = [];
  for (const concurrency of [1, CONCURRENCY]) {
    for (const scheme of SCHEMES) {
      for (const tool of ['raw-node', 'axios', 'authdesk-sender', 'authdesk-engine', 'authdesk-cli', 'newman', 'bru'] as ToolName[]) {
        if ((tool === 'newman' || tool === 'bru') && concurrency !== 1) continue;
        let skip: string | null = null;
        if (tool === 'newman' && scheme === 'oauth2') skip = 'no client-credentials grant in newman: not run';
        else if (tool === 'newman' && peers.newman) skip = `could not run: ${peers.newman}`;
        else if (tool === 'bru' && peers.bru) skip = `could not run: ${peers.bru}`;
        out.push({ tool, scheme, concurrency, skip });
      }
    }
  }
  return out;
}

/** Sum of the gzip sizes of the JS that out/renderer/index.html loads up front (module scripts and preloads). */
function rendererSize(): BenchResults['renderer'] {
  const dir = path.join(ROOT, 'out', 'renderer');
  const index = path.join(dir, 'index.html');
  if (!existsSync(index)) return { files: [], gzipBytes: 0, error: 'out/renderer/index.html missing (build failed?)' };
  const html = readFileSync(index, 'utf8');
  const refs = [...html.matchAll(/<script[^>]*\bsrc="([^"]+)"/g), ...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)].map((m) => m[1]!);
  const files = [...new Set(refs)].filter((f) => f.endsWith('.js')).map((f) => {
    const buf = readFileSync(path.join(dir, f));
    return { file: f.replace(/^\.\//, ''), bytes: buf.length, gzipBytes: gzipSync(buf).length };
  });
  return { files, gzipBytes: files.reduce((a, f) => a + f.gzipBytes, 0), error: null };
}

function build(): string {
  if (process.env.BENCH_SKIP_BUILD === '1') return existsSync(path.join(ROOT, 'out', 'main', 'cli.js')) ? 'skipped (BENCH_SKIP_BUILD=1), existing out/' : 'skipped, out/ missing';
  log('building (npm run build)…');
  const r = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' }, timeout: 300_000 });
  return r.status === 0 ? 'fresh npm run build' : `npm run build FAILED (${(r.stderr || r.stdout).trim().split('\n').slice(-2).join(' ')}); measured the existing out/`;
}

/** Runs `job` under the CPU profiler (the job only, not module loading) and keeps its top self-time functions. */
async function hotSpots(name: string, job: WorkerJob, server: BenchServer, into: BenchResults['hotSpots']): Promise<void> {
  if (!PROFILE) return;
  const dir = path.join(tmp, `prof-${name.replace(/\W+/g, '-')}`);
  mkdirSync(dir);
  try {
    await worker({ ...job, cpuProfileDir: dir }, server);
    into[`CPU profile: ${name}`] = topSelfTime(dir, 12);
  } catch (e) {
    log(`profile ${name} failed: ${(e as Error).message}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const startedAt = new Date().toISOString();
  const buildNote = build();
  log('checking peers (newman, bru)…');
  const peers = ensurePeers();
  const server = await startBenchServer();
  const engineHome = path.join(tmp, 'engine-home');
  const cliHome = path.join(tmp, 'cli-home');
  const results: BenchResults = {
    startedAt,
    machine: { node: process.version, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? '?', loadAvg: os.loadavg(), platform: `${os.platform()} ${os.release()}` },
    config: { requests: REQUESTS, runs: RUNS, concurrency: CONCURRENCY, schemes: SCHEMES, historyEntries: HISTORY },
    build: buildNote,
    peers,
    load: [],
    burst: { engine: [], cli: null },
    history: { seedMs: 0, entries: HISTORY, list: null, exports: [] },
    redaction: null,
    renderer: rendererSize(),
    hotSpots: {},
    targets: [],
  };
  try {
    await makeHome(engineHome, server);
    await makeHome(cliHome, server);
    // As a user's CLI runs after its first: each command's first run leaves the compiled-code cache the next ones use
    // (electron/cli/code-cache.ts). One unmeasured send and export fill it.
    for (const args of [['send', profileName('basic'), `${server.origin}/resource`, '--json'], ['export', '--format', 'jsonl', '--out', path.join(tmp, 'warm.jsonl')]]) {
      spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, env: cliEnv(cliHome), encoding: 'utf8', timeout: CHILD_TIMEOUT_MS });
    }
    const ctx = { server, engineHome, cliHome, collection: writeNewmanCollection(tmp, server.origin, server.credentials), bruDir: writeBruCollection(path.join(tmp, 'bru'), server.origin, server.credentials) };

    const cells = plan(peers);
    const samples = new Map<number, Sample[]>();
    const errors = new Map<number, string>();
    for (let run = 0; run < RUNS; run++) {
      for (const [i, cell] of cells.entries()) {
        if (cell.skip || (errors.has(i) && !samples.has(i))) continue;
        log(`run ${run + 1}/${RUNS}: ${cell.tool} ${cell.scheme} c=${cell.concurrency}`);
        try {
          samples.set(i, [...(samples.get(i) ?? []), await runOnce(cell.tool, cell.scheme, cell.concurrency, ctx)]);
        } catch (e) {
          errors.set(i, (e as Error).message.replace(/\s+/g, ' '));
        }
      }
    }
    results.load = cells.map((cell, i): LoadCell => {
      const got = samples.get(i) ?? [];
      const walls = got.map((s) => s.wallMs);
      const mid = got.find((s) => s.wallMs === median(walls)) ?? null;
      return {
        tool: cell.tool,
        scheme: cell.scheme,
        concurrency: cell.concurrency,
        requests: REQUESTS,
        runs: got.length,
        wallMs: mid?.wallMs ?? null,
        allWallMs: walls.map((w) => Math.round(w)),
        firstReplyMs: mid?.firstReplyMs ?? null,
        p50Ms: mid?.p50Ms ?? null,
        p95Ms: mid?.p95Ms ?? null,
        peakRssKb: got.length ? Math.max(...got.map((s) => s.peakRssKb)) : null,
        tokenRequests: got.length ? Math.max(...got.map((s) => s.tokenRequests)) : null,
        ok: mid?.ok ?? null,
        failed: mid?.failed ?? null,
        note: cell.skip ?? (errors.has(i) ? `error: ${errors.get(i)!.slice(0, 300)}` : null),
      };
    });

    log('burst: 100 concurrent sends on an empty token cache…');
    for (let i = 0; i < 3; i++) {
      server.reset();
      const { result } = await worker<{ ok: number; count: number; ms: number }>({ mode: 'burst', home: engineHome, origin: server.origin, count: 100 }, server);
      results.burst.engine.push({ ...result, tokenRequests: server.stats().tokenRequests });
    }
    server.reset();
    const cliBurst = await spawnMeasured(process.execPath, [CLI, 'send', profileName('oauth2'), `${server.origin}/resource`, '--repeat', '100', '--concurrency', '100', '--json'], {
      cwd: ROOT,
      env: cliEnv(cliHome),
      timeoutMs: CHILD_TIMEOUT_MS,
    scratchDir: tmp,
    });
    const cliSummary = (() => {
      try {
        return JSON.parse(cliBurst.stdout) as { ok: number };
      } catch {
        return null;
      }
    })();
    results.burst.cli = { tokenRequests: server.stats().tokenRequests, ok: cliSummary?.ok ?? null, count: 100, wallMs: cliBurst.wallMs };

    log(`history: seeding ${HISTORY} entries…`);
    const historyHome = path.join(tmp, 'history-home');
    const seeded = await worker<{ profileIds: string[]; ms: number }>({ mode: 'seed', home: historyHome, count: HISTORY }, server);
    results.history.seedMs = seeded.result.ms;
    results.history.list = (await worker<NonNullable<BenchResults['history']['list']>>({ mode: 'list', home: historyHome, profileId: seeded.result.profileIds[0]! }, server)).result;
    for (const format of ['har', 'jsonl'] as const) {
      const out = path.join(tmp, `export.${format}`);
      log(`history: export ${format}…`);
      try {
        const { result, run } = await worker<{ ms: number; entries: number; bytes: number }>({ mode: 'export', home: historyHome, format, out }, server);
        // The shipped export as users run it: the built CLI, whole process (startup, keychain read and workers included).
        // Each run writes a new file: replacing the previous run's 170 MB file would add the file system's time to free
        // its blocks (about 0.1-0.2 s inside the final rename, measured), which is not export work.
        const cliRuns: ProcessRun[] = [];
        for (let i = 0; i < RUNS; i++) {
          rmSync(out, { force: true });
          const r = await spawnMeasured(process.execPath, [CLI, 'export', '--format', format, '--out', out], { cwd: ROOT, env: cliEnv(historyHome), timeoutMs: CHILD_TIMEOUT_MS, scratchDir: tmp });
          if (r.code !== 0) throw new Error(`authdesk export exited ${r.code ?? r.signal}: ${r.stderr.trim().slice(-300)}`);
          cliRuns.push(r);
        }
        const cli = { wallMs: median(cliRuns.map((r) => r.wallMs)), peakRssKb: Math.max(...cliRuns.map((r) => r.peakRssKb)) };
        results.history.exports.push({ format, ms: result.ms, wallMs: run.wallMs, peakRssKb: run.peakRssKb, bytes: result.bytes, entries: result.entries, cli, error: null });
      } catch (e) {
        results.history.exports.push({ format, ms: null, wallMs: 0, peakRssKb: 0, bytes: null, entries: null, cli: null, error: (e as Error).message.slice(0, 300) });
      } finally {
        rmSync(out, { force: true });
      }
    }

    log('redaction throughput…');
    results.redaction = (await worker<NonNullable<BenchResults['redaction']>>({ mode: 'redact' }, server)).result;

    log('CPU profiles of the engine, the HAR export and redaction…');
    const engineLoad = (concurrency: number): WorkerJob => ({ mode: 'load', spec: { tool: 'engine', scheme: 'basic', count: REQUESTS, concurrency, origin: server.origin, home: engineHome } });
    if (PROFILE) {
      const timed = await worker<{ sections: BenchResults['hotSpots'][string] }>({ ...engineLoad(1), sections: true }, server);
      results.hotSpots[`Timing sections: Engine.send, basic, ${REQUESTS} sequential sends (ms summed over all sends; % of Engine.send)`] = timed.result.sections;
    }
    await hotSpots(`engine in-process, basic, ${REQUESTS} sequential sends`, engineLoad(1), server, results.hotSpots);
    await hotSpots(`engine in-process, basic, ${REQUESTS} sends at concurrency ${CONCURRENCY}`, engineLoad(CONCURRENCY), server, results.hotSpots);
    await hotSpots(`HAR export of ${HISTORY} entries`, { mode: 'export', home: historyHome, format: 'har', out: path.join(tmp, 'prof.har') }, server, results.hotSpots);
    await hotSpots('redaction, 1 MB body, 20 secrets', { mode: 'redact' }, server, results.hotSpots);
    rmSync(path.join(tmp, 'prof.har'), { force: true });
  } finally {
    await removeHome(engineHome).catch(() => undefined);
    await removeHome(cliHome).catch(() => undefined);
    await server.close();
    cleanupTmp();
  }
  results.targets = evaluateTargets(results);
  mkdirSync(RESULTS, { recursive: true });
  for (const [file, text] of [
    ['latest.json', `${JSON.stringify(results, null, 2)}\n`],
    ['latest.md', renderMarkdown(results)],
  ] as const) {
    writeFileSync(path.join(RESULTS, `${file}.tmp`), text);
    renameSync(path.join(RESULTS, `${file}.tmp`), path.join(RESULTS, file));
  }
  process.stdout.write(renderMarkdown(results));
  log(`wrote ${path.relative(ROOT, RESULTS)}/latest.md and latest.json`);
}

await main();
