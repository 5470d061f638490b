import fc from 'fast-check';
import { mkdtemp, readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../electron/engine/dispatch';
import { Engine } from '../../electron/engine/engine';
import { channelNames } from '../../shared/channels';
import { requestSchemas } from '../../shared/contract';
import { realKeychain } from '../helpers/keyring';

/** Channels that reach the network or open a browser when their payload is valid: fuzzed with invalid payloads only. */
const NETWORK = new Set(['request.send', 'sandbox.start', 'oauth.signIn', 'oauth.discover']);

describe('IPC dispatcher under hostile payloads', () => {
  let home: string;
  let engine: Engine;
  let dispatch: ReturnType<typeof createDispatcher>;
  const opened: string[] = [];
  beforeAll(async () => {
    home = await mkdtemp(path.join(os.tmpdir(), 'authdesk-fuzz-'));
    engine = await Engine.open({ home, secretStore: realKeychain() });
    dispatch = createDispatcher(engine, { chooseExportPath: async () => null, emit: () => undefined, openExternal: async (u) => void opened.push(u) });
  });
  afterAll(() => engine.close());

  it('answers every random payload on every channel with a clean Result, never a throw, and writes nothing', async () => {
    const hostile = fc.oneof(
      fc.anything(),
      fc.constant({ __proto__: { polluted: true } }),
      fc.constant(JSON.parse('{"constructor":{"prototype":{"x":1}}}')),
      fc.string({ maxLength: 2000 }),
      fc.object({ maxDepth: 4 }),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...channelNames, 'nope', '__proto__', 'constructor', 'toString'), hostile, async (channel, payload) => {
        const schema = (requestSchemas as Record<string, { safeParse(v: unknown): { success: boolean } }>)[channel];
        fc.pre(!(NETWORK.has(channel) && schema?.safeParse(payload ?? {}).success));
        const result = await dispatch(channel, payload);
        expect(typeof result.ok).toBe('boolean');
        if (!result.ok) {
          expect(result.error.message).not.toMatch(/\n\s+at /); // no stack trace
          expect(['invalid_request', 'not_found', 'conflict', 'keychain_unavailable', 'secret_missing', 'auth_failed', 'login_required', 'failed']).toContain(result.error.code);
        }
      }),
      { numRuns: 1500 },
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((await readdir(home)).filter((f) => f === 'profiles')).toEqual([]);
    expect(engine.listHistory()).toEqual([]);
    expect(opened).toEqual([]);
  });

  it('rejects unknown channels and malformed payloads with invalid_request and a readable message', async () => {
    expect(await dispatch('shell.exec', {})).toEqual({ ok: false, error: { code: 'invalid_request', message: 'Unknown channel "shell.exec".' } });
    const bad = await dispatch('profiles.create', { name: '', clientType: 'x' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_request', message: expect.stringMatching(/^Invalid profiles.create request: /) } });
    const extra = await dispatch('history.get', { id: 1, evil: true });
    expect(extra.ok).toBe(false);
  });
});
