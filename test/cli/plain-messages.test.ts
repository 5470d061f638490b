import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempHome } from './helpers';

/** Messages a new-user trial found unclear, said plainly: a missing export folder, and metrics before any success. */
let home: Awaited<ReturnType<typeof tempHome>>;
beforeAll(async () => {
  home = await tempHome();
});
afterAll(async () => {
  await home.cleanup();
});

describe('plain messages', () => {
  it('export into a folder that does not exist names the folder (exit 1), not only ENOENT', async () => {
    const out = path.join(home.home, 'no-such-dir', 'x.har');
    const r = await runCli(['export', '--format', 'har', '--out', out], { home: home.home });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`authdesk: Could not write ${out}: the folder ${path.dirname(out)} does not exist. Create it, or choose another --out.\n`);
  });

  it('metrics before any successful call says so, not "first success — after the first profile"', async () => {
    expect((await runCli(['profile', 'add', 'none-yet', '--scheme', 'bearer'], { home: home.home, input: 'tok-Metrics-8812\n' })).code).toBe(0);
    const r = await runCli(['metrics'], { home: home.home });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Workspace: 0 of 1 profile(s) reached a 2xx; no successful call yet.\n');
    expect(r.stdout).not.toContain('—  after');
  });
});
