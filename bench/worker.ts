import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import { Engine } from '../electron/engine/engine';
import { seedHistory, timeExport, timeHistoryList } from './history';
import { profileName, runLoad, type LoadSpec } from './load';
import { round2 } from './measure';
import { measureRedaction } from './redaction';
import { instrumentEngine } from './sections';
import type { BenchCredentials } from './server';

/**
 * The child process of every in-process measurement (run by run.ts as `node worker.js JOB`, compiled as the
 * app's build compiles the engine: bench/compile.ts), so each gets a fresh heap and its own peak RSS. JOB is JSON; the bench credentials come in BENCH_CREDS (never on
 * the command line). Prints one JSON line with the result. With `cpuProfileDir`, the job itself (not module loading)
 * runs under the V8 sampling profiler and the profile is written there; with `sections`, the engine's collaborators
 * are timed (bench/sections.ts) and the totals come back as `sections`.
 */
export type WorkerJob = (
  | { mode: 'load'; spec: LoadSpec }
  | { mode: 'burst'; home: string; origin: string; count: number }
  | { mode: 'seed'; home: string; count: number }
  | { mode: 'list'; home: string; profileId: string }
  | { mode: 'export'; home: string; format: 'har' | 'jsonl'; out: string }
  | { mode: 'redact' }
) & { cpuProfileDir?: string; sections?: boolean };

/** `count` concurrent sends of the oauth2 profile on a fresh engine (empty token cache). */
async function burst(home: string, origin: string, count: number) {
  const engine = await Engine.open({ home });
  try {
    const profile = await engine.getProfile(profileName('oauth2'));
    const url = new URL('/resource', origin).toString();
    const t = performance.now();
    const replies = await Promise.all(Array.from({ length: count }, () => engine.send({ profileId: profile.id, method: 'GET', url, headers: [] })));
    return { ms: round2(performance.now() - t), ok: replies.filter((r) => r.entry.ok).length, count };
  } finally {
    await engine.close();
  }
}

async function run(job: WorkerJob): Promise<unknown> {
  switch (job.mode) {
    case 'load':
      return runLoad(job.spec, JSON.parse(process.env.BENCH_CREDS ?? '{}') as BenchCredentials);
    case 'burst':
      return burst(job.home, job.origin, job.count);
    case 'seed':
      return seedHistory(job.home, job.count);
    case 'list':
      return timeHistoryList(job.home, job.profileId);
    case 'export':
      return timeExport(job.home, job.format, job.out);
    case 'redact':
      return measureRedaction();
  }
}

const job = JSON.parse(process.argv[2] ?? '{}') as WorkerJob;
const sections = job.sections ? instrumentEngine() : null;
let session: Session | null = null;
if (job.cpuProfileDir) {
  session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
}
const result = await run(job);
if (session && job.cpuProfileDir) {
  const { profile } = await session.post('Profiler.stop');
  writeFileSync(path.join(job.cpuProfileDir, `${job.mode}.cpuprofile`), JSON.stringify(profile));
  session.disconnect();
}
process.stdout.write(`${JSON.stringify({ ...(result as object), ...(sections ? { sections: sections() } : {}), workerMaxRssKb: process.resourceUsage().maxRSS, workerCpuMs: Math.round((process.cpuUsage().user + process.cpuUsage().system) / 1000) })}\n`);
