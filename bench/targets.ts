import { peerOf, type BenchResults, type LoadCell, type Target, type ToolName } from './report';

const MB = 1024;

/** Worst (largest) ratio a/b over the matching cells, with where it happened; null when nothing was measurable. */
function worst(cells: readonly LoadCell[], pick: (c: LoadCell) => [number | null, number | null]): { v: number; at: LoadCell } | null {
  let out: { v: number; at: LoadCell } | null = null;
  for (const c of cells) {
    const [a, b] = pick(c);
    if (a === null || b === null || b === 0) continue;
    if (!out || a / b > out.v) out = { v: a / b, at: c };
  }
  return out;
}

const where = (c: LoadCell) => `${c.scheme}, concurrency ${c.concurrency}`;

/** How much faster the CLI is than `peer` (sequential rows), and whether its RSS is below the peer's everywhere. */
function cliVsPeer(r: BenchResults, peer: ToolName, reason: string | null): Target[] {
  const cli = r.load.filter((c) => c.tool === 'authdesk-cli' && c.concurrency === 1 && peerOf(r.load, c, peer)?.wallMs);
  if (reason || cli.length === 0) {
    const why = reason ?? `no ${peer} run to compare with`;
    return [
      { name: `CLI vs ${peer}: speed`, target: '≥ 5× faster (1000 requests, sequential)', measured: why, pass: null },
      { name: `CLI vs ${peer}: peak RSS`, target: `below ${peer}`, measured: why, pass: null },
    ];
  }
  const speedups = cli.map((c) => ({ c, x: (peerOf(r.load, c, peer)!.wallMs ?? 0) / (c.wallMs ?? Infinity) }));
  const slowest = speedups.reduce((a, b) => (b.x < a.x ? b : a));
  const rss = cli.map((c) => ({ c, cli: c.peakRssKb ?? Infinity, peer: peerOf(r.load, c, peer)!.peakRssKb ?? 0 }));
  const tightest = rss.reduce((a, b) => (b.cli / b.peer > a.cli / a.peer ? b : a));
  return [
    {
      name: `CLI vs ${peer}: speed`,
      target: '≥ 5× faster (1000 requests, sequential)',
      measured: `${slowest.x.toFixed(2)}× faster at worst (${where(slowest.c)}); ${speedups.map((s) => `${s.c.scheme} ${s.x.toFixed(2)}×`).join(', ')}`,
      pass: speedups.every((s) => s.x >= 5),
    },
    {
      name: `CLI vs ${peer}: peak RSS`,
      target: `below ${peer}`,
      measured: `${(tightest.cli / MB).toFixed(1)} MB vs ${(tightest.peer / MB).toFixed(1)} MB (${where(tightest.c)})`,
      pass: rss.every((x) => x.cli < x.peer),
    },
  ];
}

/** PASS/FAIL per target of the issue; `pass: null` when it could not be measured (and why, in `measured`). */
export function evaluateTargets(r: BenchResults): Target[] {
  const engines = r.load.filter((c) => c.tool === 'authdesk-engine');
  const w = worst(engines, (c) => [c.wallMs, peerOf(r.load, c, 'axios')?.wallMs ?? null]);
  const oauthRuns = r.load.filter((c) => (c.tool === 'authdesk-cli' || c.tool === 'authdesk-engine') && c.scheme === 'oauth2' && c.tokenRequests !== null);
  const tokenCounts = [
    ...oauthRuns.map((c) => ({ what: `${c.tool} ${c.requests}×c${c.concurrency}`, n: c.tokenRequests! })),
    ...r.burst.engine.map((b) => ({ what: `engine burst ${b.count}`, n: b.tokenRequests })),
    ...(r.burst.cli ? [{ what: `CLI burst ${r.burst.cli.count}`, n: r.burst.cli.tokenRequests }] : []),
  ];
  const list = r.history.list;
  const har = r.history.exports.find((e) => e.format === 'har');
  const red = r.redaction;
  return [
    {
      name: 'Engine in-process vs axios alone',
      target: '≤ 1.15× wall time',
      measured: w ? `${w.v.toFixed(2)}× at worst (${where(w.at)}); ${engines.map((c) => `${c.scheme}/c${c.concurrency} ${((c.wallMs ?? 0) / (peerOf(r.load, c, 'axios')?.wallMs ?? 1)).toFixed(2)}×`).join(', ')}` : 'not measured',
      pass: w ? engines.every((c) => (c.wallMs ?? Infinity) <= 1.15 * (peerOf(r.load, c, 'axios')?.wallMs ?? 0)) : null,
    },
    ...cliVsPeer(r, 'newman', r.peers.newman),
    ...cliVsPeer(r, 'bru', r.peers.bru),
    {
      name: 'Token requests per profile and scope per expiry window',
      target: 'exactly 1, also under 100 concurrent sends',
      measured: tokenCounts.length ? tokenCounts.map((t) => `${t.what}: ${t.n}`).join('; ') : 'not measured',
      pass: tokenCounts.length ? tokenCounts.every((t) => t.n === 1) : null,
    },
    {
      name: `History first page of ${r.history.entries} entries`,
      target: '< 50 ms',
      measured: list ? `${list.firstPageColdMs} ms cold, ${list.firstPageWarmMs} ms warm; by profile ${list.byProfileColdMs} ms cold` : 'not measured',
      pass: list ? list.firstPageColdMs < 50 && list.byProfileColdMs < 50 : null,
    },
    {
      name: `HAR export of ${r.history.entries} entries`,
      target: '< 3 s and peak RSS < 200 MB',
      measured: har?.cli ? `${(har.cli.wallMs / 1000).toFixed(2)} s, peak RSS ${(har.cli.peakRssKb / MB).toFixed(1)} MB (\`authdesk export\`, whole process)` : (har?.error ?? 'not measured'),
      pass: har?.cli ? har.cli.wallMs < 3000 && har.cli.peakRssKb < 200 * MB : null,
    },
    {
      name: 'Redaction throughput (1 MB body, 20 secrets)',
      target: '≥ 100 MB/s',
      measured: red ? `${red.mbPerSec} MB/s${red.allMasked ? '' : ' (a planted secret was NOT masked)'}` : 'not measured',
      pass: red ? red.mbPerSec >= 100 && red.allMasked : null,
    },
    {
      name: 'Renderer initial JS (gzip)',
      target: '≤ 300 kB (1 kB = 1000 bytes)',
      measured: r.renderer.error ?? `${(r.renderer.gzipBytes / 1000).toFixed(1)} kB`,
      pass: r.renderer.error ? null : r.renderer.gzipBytes <= 300_000,
    },
  ];
}
