import type { Command } from 'commander';
import { intOption, printJson, withEngine, type CliIO } from '../context';
import { table } from '../output';
import { notSent } from '../../../shared/request';

/** Registers `authdesk history`: recorded requests, newest first, a page at a time (`--limit`, `--before ID`). */
export function registerHistory(program: Command, io: CliIO): void {
  program
    .command('history')
    .description('List recorded requests, newest first (already redacted), with the fingerprint of each secret a request used (KEY)')
    .option('--profile <name>', 'only this profile\'s requests')
    .option('--limit <n>', 'at most this many rows (default 100)', intOption('--limit', 1, 500))
    .option('--before <id>', 'only requests older than this ID (the next page: the last ID listed)', intOption('--before', 1, Number.MAX_SAFE_INTEGER))
    .option('--json', 'print the rows as JSON')
    .action(async (o: { profile?: string; limit?: number; before?: number; json?: boolean }) => {
      await withEngine(io, async (engine) => {
        const profileId = o.profile === undefined ? undefined : (await engine.getProfile(o.profile)).id;
        const rows = engine.listHistory({ ...(profileId ? { profileId } : {}), ...(o.limit ? { limit: o.limit } : {}), ...(o.before ? { beforeId: o.before } : {}) });
        if (o.json) return printJson(io, rows);
        if (rows.length === 0) {
          io.stdout.write(o.before ? `No requests recorded before ID ${o.before}.\n` : 'No requests recorded yet. Send one with: authdesk send NAME URL\n');
          return;
        }
        io.stdout.write(
          table(
            // KEY comes last, so that the columns before it keep their places for scripts that read the table.
            ['ID', 'WHEN', 'PROFILE', 'METHOD', 'STATUS', 'TIME', 'URL', 'KEY'],
            rows.map((r) => [
              String(r.id),
              r.startedAt,
              r.profileName ?? '—',
              r.method,
              notSent(r) ? `not sent (${r.failure})` : r.status === null ? (r.failure ?? 'error') : r.ok ? String(r.status) : `${r.status} ${r.failure ?? ''}`.trim(),
              notSent(r) ? '—' : `${Math.round(r.totalMs)} ms`,
              r.url,
              r.fingerprints.join(',') || '—',
            ]),
          ),
        );
      });
    });
}
