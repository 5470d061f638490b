import { existsSync } from 'node:fs';
import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withFileLock } from '../../electron/engine/file-lock';

let dir = '';
beforeEach(async () => (dir = await mkdtemp(path.join(os.tmpdir(), 'authdesk-lock-'))));
afterEach(() => rm(dir, { recursive: true, force: true }));

/** The lock that keeps two rotations of one profile from interleaving, on the real file system. */
describe('withFileLock', () => {
  it('a second holder waits until the first has finished, then runs; the lock file is gone after both', async () => {
    const file = path.join(dir, 'p.lock');
    const order: string[] = [];
    let release!: () => void;
    const first = withFileLock(file, 'Profile "p"', async () => {
      order.push('first in');
      await new Promise<void>((resolve) => (release = resolve));
      order.push('first out');
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const second = withFileLock(file, 'Profile "p"', async () => void order.push('second'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(order).toEqual(['first in']);
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(['first in', 'first out', 'second']);
    expect(existsSync(file)).toBe(false);
  });

  it('a lock held past the wait is a conflict naming the file; one left by a dead process (stale) is taken over', async () => {
    const file = path.join(dir, 'p.lock');
    await writeFile(file, String(process.pid)); // a live holder
    await expect(withFileLock(file, 'Profile "p"', async () => 1, { waitMs: 100 })).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining(file) });
    const old = new Date(Date.now() - 60_000);
    await utimes(file, old, old);
    expect(await withFileLock(file, 'Profile "p"', async () => 'ran', { waitMs: 100, staleMs: 30_000 })).toBe('ran');
  });

  it('a lock whose process has ended (killed, so it never removed the file) is taken over at once', async () => {
    const file = path.join(dir, 'p.lock');
    await writeFile(file, '2147483646'); // above any pid_max: no such process
    expect(await withFileLock(file, 'Profile "p"', async () => 'ran', { waitMs: 100 })).toBe('ran');
  });

  it('a holder that works longer than staleMs keeps its lock (it touches the file), so a waiter does not take it over', async () => {
    const file = path.join(dir, 'p.lock');
    const order: string[] = [];
    const first = withFileLock(file, 'Profile "p"', async () => {
      order.push('first in');
      await new Promise((resolve) => setTimeout(resolve, 1_200));
      order.push('first out');
    }, { staleMs: 400 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const second = withFileLock(file, 'Profile "p"', async () => void order.push('second'), { staleMs: 400, waitMs: 3_000 });
    await Promise.all([first, second]);
    expect(order).toEqual(['first in', 'first out', 'second']);
  });

  it('the lock is released when the work throws', async () => {
    const file = path.join(dir, 'p.lock');
    await expect(withFileLock(file, 'Profile "p"', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(existsSync(file)).toBe(false);
  });
});
