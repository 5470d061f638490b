import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HistorySummary } from '../../shared/request';
import { json, runCli, startRecorder, tempHome } from './helpers';

/**
 * `history --before ID`: paging back past the newest 500 entries, with --limit and --profile, the JSON rows unchanged
 * (a contract). In process, against a recorder on 127.0.0.1; secrets from environment variables.
 */

const T = 30_000;
let home: Awaited<ReturnType<typeof tempHome>>;
let api: Awaited<ReturnType<typeof startRecorder>>;
const env = { PAGE_TOKEN: 'page-token-7Qx', OTHER_TOKEN: 'other-token-8Rz' };
const cli = (args: string[]) => runCli(args, { home: home.home, env });
const ids = async (args: string[]) => {
  const r = await cli(['history', '--json', ...args]);
  expect(r.code, r.stderr).toBe(0);
  return json<HistorySummary[]>(r).map((row) => row.id);
};

beforeAll(async () => {
  home = await tempHome();
  api = await startRecorder();
  expect((await cli(['profile', 'add', 'a', '--scheme', 'bearer', '--secret-env', 'PAGE_TOKEN'])).code).toBe(0);
  expect((await cli(['profile', 'add', 'b', '--scheme', 'bearer', '--secret-env', 'OTHER_TOKEN'])).code).toBe(0);
  for (const name of ['a', 'a', 'b', 'a', 'b', 'a']) expect((await cli(['send', name, `${api.url}/x`])).code).toBe(0);
}, T);
afterAll(async () => {
  await api?.close();
  await home?.cleanup();
});

describe('history --before ID', () => {
  it('pages back from the newest, with --limit, until nothing is left; rows keep their JSON fields', async () => {
    const all = await ids([]);
    expect(all).toHaveLength(6);
    expect(await ids(['--limit', '4'])).toEqual(all.slice(0, 4));
    expect(await ids(['--limit', '4', '--before', String(all[3])])).toEqual(all.slice(4));
    expect(await ids(['--before', String(all[5])])).toEqual([]);
    const [row] = json<HistorySummary[]>(await cli(['history', '--json', '--before', String(all[0]), '--limit', '1']));
    expect(Object.keys(row!).sort()).toEqual(['error', 'failure', 'fingerprints', 'id', 'identity', 'method', 'ok', 'profileId', 'profileName', 'startedAt', 'status', 'totalMs', 'url'].sort());
    expect(row!.id).toBe(all[1]);
  }, T);

  it('combines with --profile; the table says when nothing is older', async () => {
    const ofA = await ids(['--profile', 'a']);
    expect(ofA).toHaveLength(4);
    expect(await ids(['--profile', 'a', '--before', String(ofA[1]), '--limit', '1'])).toEqual([ofA[2]]);
    const first = (await ids([])).at(-1)!;
    const none = await cli(['history', '--before', String(first)]);
    expect(none.code).toBe(0);
    expect(none.stdout).toBe(`No requests recorded before ID ${first}.\n`);
  }, T);

  it('a --before that is not a whole number of at least 1 is a usage error (exit 2); --help shows the option', async () => {
    for (const bad of ['0', '-1', 'x', '1.5']) {
      const r = await cli(['history', '--before', bad]);
      expect(r.code, bad).toBe(2);
      expect(r.stderr).toContain(`--before must be a whole number from 1 to ${Number.MAX_SAFE_INTEGER}, not "${bad}".`);
    }
    expect((await cli(['history', '--help'])).stdout).toMatch(/--before <id> +only requests older than this ID/);
  }, T);
});
