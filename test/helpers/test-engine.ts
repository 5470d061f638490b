import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Engine } from '../../electron/engine/engine';
import { realKeychain } from './keyring';

/** An engine on a fresh data folder and the real keychain, and the one way to put both away. */
export interface TestEngine {
  home: string;
  engine: Engine;
  /** Removes every profile (and so its keychain entries), closes the engine and deletes the data folder. */
  dispose(): Promise<void>;
}

/** Opens an engine on a new temporary data folder (`authdesk-<prefix>-…`) with the real OS keychain. */
export async function openTestEngine(prefix: string): Promise<TestEngine> {
  const home = await mkdtemp(path.join(os.tmpdir(), `authdesk-${prefix}-`));
  const engine = await Engine.open({ home, secretStore: realKeychain() });
  return {
    home,
    engine,
    async dispose() {
      for (const p of (await engine.listProfiles()).profiles) await engine.removeProfile(p.id);
      await engine.close();
      await rm(home, { recursive: true, force: true });
    },
  };
}
