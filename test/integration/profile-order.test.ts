import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProfileStore } from '../../electron/engine/profile-store';

describe('profile list order', () => {
  it('lists profiles oldest first, ties broken by name, the same in every locale', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'authdesk-order-'));
    const store = new ProfileStore(dir);
    const at = (day: number) => `2026-0${day}-01T00:00:00.000Z`;
    const made = [
      ['b', at(2)],
      ['Zeta', at(1)],
      ['alpha', at(1)],
      ['émile', at(1)],
      ['a', at(3)],
    ] as const;
    for (const [i, [name, createdAt]] of made.entries()) {
      await store.save({ version: 1, id: `00000000-0000-4000-8000-00000000000${i}`, name, clientType: 'confidential', createdAt, auth: { scheme: 'bearer', prefix: 'Bearer' }, secrets: {} } as Parameters<ProfileStore['save']>[0]);
    }
    const { profiles, problems } = await new ProfileStore(dir).list();
    expect(problems).toEqual([]);
    // Code-point order among equal times: upper case before lower case, accented letters last.
    expect(profiles.map((p) => p.name)).toEqual(['Zeta', 'alpha', 'émile', 'b', 'a']);
  });
});
