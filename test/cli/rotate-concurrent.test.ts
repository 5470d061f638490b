import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basicOf, runCli, spawnCli, startRecorder, tempHome } from './helpers';

let home: Awaited<ReturnType<typeof tempHome>>;
let server: Awaited<ReturnType<typeof startRecorder>>;
beforeAll(async () => {
  home = await tempHome();
  server = await startRecorder();
});
afterAll(async () => {
  await server.close();
  await home.cleanup();
});

/**
 * Two `rotate` runs of one profile at once, in two processes: each writes a username and a password, and without a lock
 * their keychain writes interleave, leaving one's username with the other's password (seen 1 round in 16). One
 * rotation runs at a time now: both succeed, and what is sent is always one typed pair, whole.
 */
describe('rotate: two at once', () => {
  it('both succeed and the saved username and password always come from the same run (8 rounds)', async () => {
    const add = await runCli(['profile', 'add', 'bs', '--scheme', 'basic', '--secret-username', '--base-url', server.url], { home: home.home, input: 'user-0\npass-0\n' });
    expect(add.code).toBe(0);
    for (let round = 1; round <= 8; round++) {
      const pairs = [`ua${round}:pa${round}`, `ub${round}:pb${round}`];
      const runs = await Promise.all(pairs.map((pair) => spawnCli(['rotate', 'bs'], { home: home.home, input: `${pair.replace(':', '\n')}\n` })));
      expect(runs.map((r) => r.code), runs.map((r) => r.stderr).join('\n')).toEqual([0, 0]);
      const sent = await runCli(['send', 'bs', '/x'], { home: home.home });
      expect(sent.code).toBe(0);
      expect(pairs).toContain(basicOf(server.requests.at(-1)?.headers.authorization));
    }
  }, 60_000);
});
