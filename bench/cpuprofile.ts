import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { HotSpot } from './report';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/**
 * The source file of each line of an esbuild bundle, from the `// path/to/file.ts` comment esbuild writes before each
 * module's code: line number (1-based) of each comment, ascending, and its path. Read once per bundle.
 */
const bundleModules = new Map<string, { line: number; file: string }[]>();
function modulesOf(bundle: string): { line: number; file: string }[] {
  let mods = bundleModules.get(bundle);
  if (!mods) {
    mods = [];
    try {
      readFileSync(bundle, 'utf8').split('\n').forEach((text, i) => {
        const m = /^\/\/ ((?:electron|shared|bench)\/\S+\.ts)$/.exec(text);
        if (m) mods!.push({ line: i + 1, file: m[1]! });
      });
    } catch {
      // gone or unreadable: the frame keeps its URL
    }
    bundleModules.set(bundle, mods);
  }
  return mods;
}

/**
 * Shortens a frame's URL to a repository-relative path (or a package name); a frame in the compiled worker
 * (bench/compile.ts) is named by the source file its bundle line came from.
 */
function shortUrl(url: string, line: number): string {
  if (!url) return '(native)';
  const clean = url.replace(/^file:\/\//, '');
  const nm = clean.lastIndexOf('node_modules/');
  if (nm >= 0) return clean.slice(nm + 'node_modules/'.length);
  const source = clean.endsWith('.js') ? modulesOf(clean).findLast((m) => m.line <= line) : undefined;
  if (source) return `${source.file}, bundle line`;
  const repo = clean.search(/\/(electron|shared|bench)\//);
  return repo >= 0 ? clean.slice(repo + 1) : clean;
}

/**
 * The top `limit` functions by self time in the `.cpuprofile` files of `dir` (as `node --cpu-prof` writes them),
 * grouped by function name and source line; idle and GC samples are left out of the percentages' base.
 */
export function topSelfTime(dir: string, limit = 10): HotSpot[] {
  const self = new Map<string, number>();
  let total = 0;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))) {
    const p = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as CpuProfile;
    const byId = new Map(p.nodes.map((n) => [n.id, n]));
    p.samples.forEach((id, i) => {
      const n = byId.get(id);
      const us = p.timeDeltas[i] ?? 0;
      if (!n || n.callFrame.functionName === '(idle)' || n.callFrame.functionName === '(program)') return;
      const key = `${n.callFrame.functionName || '(anonymous)'} (${shortUrl(n.callFrame.url, n.callFrame.lineNumber + 1)}:${n.callFrame.lineNumber + 1})`;
      self.set(key, (self.get(key) ?? 0) + us);
      total += us;
    });
  }
  return [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([where, us]) => ({ where, selfMs: us / 1000, selfPct: total ? (100 * us) / total : 0 }));
}
