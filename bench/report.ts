import type { ListTimings } from './history';
import type { Scheme } from './load';
import type { RedactionResult } from './redaction';

/** The tools of the 1000-request comparison. */
export type ToolName = 'authdesk-cli' | 'authdesk-engine' | 'authdesk-sender' | 'raw-node' | 'axios' | 'newman' | 'bru';

/** One (tool, scheme, concurrency) cell: medians over the runs, peak RSS and token requests as the maximum. */
export interface LoadCell {
  tool: ToolName;
  scheme: Scheme;
  concurrency: number;
  requests: number;
  runs: number;
  /** Median wall time, ms: whole process for CLI/newman/bru; setup + requests in-process for engine/axios/raw. */
  wallMs: number | null;
  allWallMs: number[];
  /** In-process rows: ms from the same start to the first reply, of the median run (the fixed part of wallMs). */
  firstReplyMs: number | null;
  p50Ms: number | null;
  p95Ms: number | null;
  peakRssKb: number | null;
  tokenRequests: number | null;
  ok: number | null;
  failed: number | null;
  /** Why there is no number (a tool that cannot do this, or did not run); never a made-up figure. */
  note: string | null;
}

export interface HotSpot {
  where: string;
  selfMs: number;
  selfPct: number;
}

export interface Target {
  name: string;
  target: string;
  measured: string;
  pass: boolean | null;
}

export interface BenchResults {
  startedAt: string;
  machine: { node: string; cpus: number; cpuModel: string; loadAvg: number[]; platform: string };
  config: { requests: number; runs: number; concurrency: number; schemes: Scheme[]; historyEntries: number };
  build: string;
  peers: { newman: string | null; bru: string | null; installLog: string | null };
  load: LoadCell[];
  burst: { engine: { tokenRequests: number; ok: number; count: number; ms: number }[]; cli: { tokenRequests: number; ok: number | null; count: number; wallMs: number } | null };
  history: {
    seedMs: number;
    entries: number;
    list: ListTimings | null;
    exports: {
      format: 'har' | 'jsonl';
      /** The export call in-process (the compiled worker), ms; wallMs and peakRssKb: that whole worker process. */
      ms: number | null;
      wallMs: number;
      peakRssKb: number;
      bytes: number | null;
      entries: number | null;
      /** The built CLI's `authdesk export`, whole process: median wall ms of the runs and the largest peak RSS. */
      cli: { wallMs: number; peakRssKb: number } | null;
      error: string | null;
    }[];
  };
  redaction: RedactionResult | null;
  renderer: { files: { file: string; bytes: number; gzipBytes: number }[]; gzipBytes: number; error: string | null };
  hotSpots: Record<string, HotSpot[]>;
  targets: Target[];
}

const TOOL_LABEL: Record<ToolName, string> = {
  'authdesk-cli': 'Authdesk CLI (whole process)',
  'authdesk-engine': 'Authdesk engine (in-process)',
  'authdesk-sender': 'Authdesk sender alone (in-process: no profile, secrets, redaction or history)',
  'raw-node': 'raw Node http, keep-alive (floor)',
  axios: 'axios alone, keep-alive',
  newman: 'newman (whole process)',
  bru: '@usebruno/cli `bru run` (whole process)',
};

const fmt = (v: number | null, digits = 0): string => (v === null ? '—' : v.toFixed(digits));
const mb = (kb: number | null): string => (kb === null ? '—' : (kb / 1024).toFixed(1));
const ratio = (a: number | null | undefined, b: number | null | undefined): string => (a && b ? `${(a / b).toFixed(2)}×` : '—');
const verdict = (p: boolean | null): string => (p === null ? 'N/A' : p ? 'PASS' : 'FAIL');

/** The cell of `tool` in the same scheme and concurrency as `c`. */
export const peerOf = (cells: readonly LoadCell[], c: Pick<LoadCell, 'scheme' | 'concurrency'>, tool: ToolName): LoadCell | undefined =>
  cells.find((x) => x.tool === tool && x.scheme === c.scheme && x.concurrency === c.concurrency);

function loadTable(r: BenchResults): string[] {
  const out = [
    '| Scheme | Conc. | Tool | Wall ms (median) | of which to 1st reply | p50 ms | p95 ms | Peak RSS MB | Token req. | OK / failed | Note |',
    '| --- | --: | --- | --: | --: | --: | --: | --: | --: | --- | --- |',
  ];
  for (const c of r.load) {
    out.push(
      `| ${c.scheme} | ${c.concurrency} | ${TOOL_LABEL[c.tool]} | ${fmt(c.wallMs)} | ${fmt(c.firstReplyMs)} | ${fmt(c.p50Ms, 2)} | ${fmt(c.p95Ms, 2)} | ${mb(c.peakRssKb)} | ${fmt(c.tokenRequests)} | ${
        c.ok === null ? '—' : `${c.ok} / ${c.failed}`
      } | ${c.note ?? ''} |`,
    );
  }
  return out;
}

function ratioTable(r: BenchResults): string[] {
  const out = [
    '| Scheme | Conc. | Authdesk | Wall ×raw | Wall ×axios | Wall ×sender | Wall ×newman | Wall ×bru | RSS ×raw | RSS ×axios | RSS ×newman | RSS ×bru |',
    '| --- | --: | --- | --: | --: | --: | --: | --: | --: | --: | --: | --: |',
  ];
  for (const c of r.load.filter((x) => x.tool === 'authdesk-cli' || x.tool === 'authdesk-engine')) {
    const p = (t: ToolName) => peerOf(r.load, c, t);
    out.push(
      `| ${c.scheme} | ${c.concurrency} | ${c.tool === 'authdesk-cli' ? 'CLI' : 'engine'} | ${ratio(c.wallMs, p('raw-node')?.wallMs)} | ${ratio(c.wallMs, p('axios')?.wallMs)} | ${ratio(c.wallMs, p('authdesk-sender')?.wallMs)} | ${ratio(
        c.wallMs,
        p('newman')?.wallMs,
      )} | ${ratio(c.wallMs, p('bru')?.wallMs)} | ${ratio(c.peakRssKb, p('raw-node')?.peakRssKb)} | ${ratio(c.peakRssKb, p('axios')?.peakRssKb)} | ${ratio(
        c.peakRssKb,
        p('newman')?.peakRssKb,
      )} | ${ratio(c.peakRssKb, p('bru')?.peakRssKb)} |`,
    );
  }
  return out;
}

/** The Markdown report (bench/results/latest.md), the table the README shows first. */
export function renderMarkdown(r: BenchResults): string {
  const m = r.machine;
  const lines: string[] = [
    '# Authdesk benchmark',
    '',
    `Run ${r.startedAt} · Node ${m.node} · ${m.platform} · ${m.cpus}× ${m.cpuModel} · load average at start ${m.loadAvg.map((x) => x.toFixed(2)).join(' ')}`,
    `${r.config.requests} authenticated GETs per run · median of ${r.config.runs} runs · local server on 127.0.0.1 · build: ${r.build}`,
    '',
    '## Targets',
    '',
    '| Target | Goal | Measured | Result |',
    '| --- | --- | --- | --- |',
    ...r.targets.map((t) => `| ${t.name} | ${t.target} | ${t.measured} | ${verdict(t.pass)} |`),
    '',
    `## ${r.config.requests} authenticated requests`,
    '',
    ...loadTable(r),
    '',
    'Authdesk as a ratio (wall time and peak RSS; lower is better, 1.00× = the same):',
    '',
    ...ratioTable(r),
    '',
    'How to read it:',
    '- newman and `bru run` send one request at a time (iterations are sequential), so the peer comparison is the',
    '  concurrency-1 rows; the concurrency-' + r.config.concurrency + ' rows compare Authdesk with raw Node and axios only.',
    '- Whole-process tools (CLI, newman, bru) are timed from spawn to exit, startup included; in-process rows time',
    '  setup (Engine.open, agent, token fetch) plus the requests, each in a fresh `node` child running the worker',
    '  compiled as the app\'s build compiles the engine (bench/compile.ts: one esbuild bundle, no dev-time transforms).',
    '  "of which to 1st reply" is the fixed part of that time: setup and the first request (for the engine: opening',
    '  history, reading the profile, the keychain listing and the first pass through cold code).',
    '- Peak RSS: the largest VmHWM in the process tree (polled every 20 ms) and `/usr/bin/time -v` when present; in-process',
    '  rows all run the same compiled worker.',
    '- p50/p95: per request as each tool reports it (CLI: the history entry total; newman/bru: their responseTime;',
    '  in-process: around each call, so the engine figure includes its own work).',
    '- The sender alone is the engine\'s HTTP layer (axios\' http adapter, its redirect, timing and body code) with fixed',
    '  auth headers: Wall ×sender is what the engine adds around it (profile lookup, secrets and auth, redaction,',
    '  history, start-up). The engine sends one request validated once, as `authdesk send --repeat` does.',
    '- newman has no client-credentials grant of its own (a pre-request script would be needed), so it has no oauth2 row.',
    ...(r.peers.newman ? [`- newman could not run: ${r.peers.newman}`] : []),
    ...(r.peers.bru ? [`- bru could not run: ${r.peers.bru}`] : []),
    '',
    '## Scale',
    '',
    '| Measure | Result |',
    '| --- | --- |',
    ...r.burst.engine.map((b, i) => `| 100 concurrent engine sends, empty token cache (process ${i + 1}) | ${b.tokenRequests} token request(s), ${b.ok}/${b.count} ok, ${b.ms.toFixed(0)} ms |`),
    ...(r.burst.cli ? [`| CLI \`--repeat 100 --concurrency 100\`, oauth2 | ${r.burst.cli.tokenRequests} token request(s), ${r.burst.cli.ok ?? '—'}/${r.burst.cli.count} ok, ${r.burst.cli.wallMs.toFixed(0)} ms |`] : []),
    `| Seed ${r.history.entries} history entries (HistoryStore.insert, one transaction) | ${r.history.seedMs.toFixed(0)} ms |`,
    ...(r.history.list
      ? [
          `| History first page (100 rows), cold / warm | ${r.history.list.firstPageColdMs} ms / ${r.history.list.firstPageWarmMs} ms (${r.history.list.rows} rows) |`,
          `| History filtered by profile, cold / warm | ${r.history.list.byProfileColdMs} ms / ${r.history.list.byProfileWarmMs} ms (${r.history.list.byProfileRows} rows) |`,
        ]
      : []),
    ...r.history.exports.map((e) =>
      e.error
        ? `| Export ${e.format.toUpperCase()} | failed: ${e.error} |`
        : `| Export ${e.format.toUpperCase()} of ${e.entries} entries | \`authdesk export\` (built CLI, whole process, median of runs): ${fmt(e.cli?.wallMs ?? null)} ms, peak RSS ${mb(e.cli?.peakRssKb ?? 0)} MB; in-process (compiled worker): ${fmt(e.ms)} ms export call (${e.wallMs.toFixed(0)} ms process, peak RSS ${mb(e.peakRssKb)} MB); ${((e.bytes ?? 0) / 1e6).toFixed(1)} MB written |`,
    ),
    ...(r.redaction
      ? [
          `| Redaction, ${(r.redaction.bodyBytes / 1e6).toFixed(2)} MB body, ${r.redaction.secrets} secrets | ${r.redaction.mbPerSec} MB/s (names and shapes only, no secrets: ${r.redaction.noSecretsMbPerSec} MB/s); all planted secrets masked: ${r.redaction.allMasked ? 'yes' : 'NO'} |`,
        ]
      : []),
    r.renderer.error
      ? `| Renderer initial JS (gzip) | ${r.renderer.error} |`
      : `| Renderer initial JS (gzip) | ${(r.renderer.gzipBytes / 1000).toFixed(1)} kB (${r.renderer.files.map((f) => `${f.file}: ${(f.bytes / 1000).toFixed(0)} kB raw`).join(', ')}) |`,
    '',
  ];
  const spots = Object.entries(r.hotSpots);
  if (spots.length) {
    lines.push('## Hot spots', '', 'CPU profiles: V8 sampling profiler around the measured job only (module loading excluded), self time.', '');
    const cell = (s: string) => (s.length > 110 ? `${s.slice(0, 107)}…` : s).replace(/\|/g, '\\|');
    for (const [name, list] of spots) {
      lines.push(`${name}:`, '', '| Where | ms | % |', '| --- | --: | --: |');
      for (const h of list) lines.push(`| ${cell(h.where)} | ${h.selfMs.toFixed(0)} | ${h.selfPct.toFixed(1)} |`);
      lines.push('');
    }
  }
  return `${lines.join('\n')}\n`;
}
