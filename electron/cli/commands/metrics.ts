import type { Command } from 'commander';
import { formatDuration } from '../../../shared/metrics';
import { printJson, withEngine, type CliIO } from '../context';
import { failuresText, table } from '../output';

const msText = (v: number | null) => (v === null ? '—' : `${Math.round(v)} ms`);

export function registerMetrics(program: Command, io: CliIO): void {
  program
    .command('metrics')
    .description('Onboarding metrics: time to first successful call (TTFSC), failures before it, latency')
    .option('--json', 'print the workspace metrics object as JSON')
    .action(async (o: { json?: boolean }) => {
      await withEngine(io, async (engine) => {
        const m = await engine.metrics();
        if (o.json) return printJson(io, m);
        if (m.profiles.length === 0) {
          io.stdout.write('No profiles yet.\n');
          return;
        }
        io.stdout.write(
          table(
            ['PROFILE', 'CREATED', 'TTFSC', 'FAILED BEFORE 2xx', 'FAILURES', 'P50', 'P95', 'ANSWERED'],
            m.profiles.map((p) => [
              p.profile,
              p.createdAt,
              formatDuration(p.ttfscMs),
              String(p.attemptsBeforeSuccess),
              failuresText(p.failures),
              msText(p.latency.p50Ms),
              msText(p.latency.p95Ms),
              String(p.latency.count),
            ]),
          ),
        );
        const w = m.workspace;
        io.stdout.write(
          w.ttfscMs === null
            ? `\nWorkspace: ${w.profilesWithSuccess} of ${w.profilesTotal} profile(s) reached a 2xx; no successful call yet.\n`
            : `\nWorkspace: ${w.profilesWithSuccess} of ${w.profilesTotal} profile(s) reached a 2xx; ` +
                `first success ${formatDuration(w.ttfscMs)} after the first profile; median profile TTFSC ${formatDuration(w.medianProfileTtfscMs)}.\n`,
        );
      });
    });
}
