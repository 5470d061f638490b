import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../electron/engine/sandbox';
import { json, runCli, tempHome } from './helpers';

describe('authdesk send --repeat (batch runs through one engine)', () => {
  let sandbox: Sandbox;
  let home: Awaited<ReturnType<typeof tempHome>>;
  beforeAll(async () => {
    sandbox = await startSandbox(0);
    home = await tempHome();
    const add = await runCli(['profile', 'add', 'rep', '--scheme', 'basic', '--username', 'demo'], { home: home.home, input: 'authdesk-demo\n' });
    expect(add.code).toBe(0);
  });
  afterAll(async () => {
    await runCli(['profile', 'remove', 'rep'], { home: home.home });
    await sandbox.close();
    await home.cleanup();
  });

  it('sends N requests with bounded concurrency and summarises them; history records each', async () => {
    const run = await runCli(['send', 'rep', `${sandbox.info.baseUrl}/basic`, '--repeat', '12', '--concurrency', '4', '--json'], { home: home.home });
    expect(run.code).toBe(0);
    const summary = json<{ count: number; ok: number; failed: number; statusCounts: Record<string, number>; timings: { p50Ms: number; p95Ms: number; totalMs: number } }>(run);
    expect(summary).toMatchObject({ count: 12, ok: 12, failed: 0, statusCounts: { '200': 12 } });
    expect(summary.timings.p95Ms).toBeGreaterThanOrEqual(summary.timings.p50Ms);
    const history = json<unknown[]>(await runCli(['history', '--profile', 'rep', '--json'], { home: home.home }));
    expect(history).toHaveLength(12);
  });

  it('exits 1 when any repeated request gets an HTTP error, and 2 for --concurrency without --repeat', async () => {
    const bad = await runCli(['send', 'rep', `${sandbox.info.baseUrl}/status/500`, '--repeat', '3', '--json'], { home: home.home });
    expect(bad.code).toBe(1);
    expect(json<{ failed: number }>(bad).failed).toBe(3);
    expect((await runCli(['send', 'rep', `${sandbox.info.baseUrl}/basic`, '--concurrency', '2'], { home: home.home })).code).toBe(2);
  });

  it('the human summary says why requests failed, beside their statuses', async () => {
    const human = await runCli(['send', 'rep', `${sandbox.info.baseUrl}/status/500`, '--repeat', '3'], { home: home.home });
    expect(human.code).toBe(1);
    expect(human.stdout).toMatch(/^3 requests · 0 ok · 3 failed \(server_error×3\) · statuses 500×3\n/);
    const fine = await runCli(['send', 'rep', `${sandbox.info.baseUrl}/basic`, '--repeat', '2'], { home: home.home });
    expect(fine.stdout).toMatch(/^2 requests · 2 ok · 0 failed · statuses 200×2\n/);
  });
});
