import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Loads build/electron-builder.yml through electron-builder's own loader and JSON-schema validation
 * (app-builder-lib, a dependency of electron-builder), then checks the settings Authdesk's security relies on:
 * the production fuses of Electron's docs/tutorial/fuses.md and the targets per platform.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));

interface BuilderConfig {
  appId?: string;
  productName?: string;
  asar?: boolean;
  files?: unknown[];
  directories?: { output?: string };
  electronFuses?: Record<string, boolean>;
  linux?: { target?: string[]; category?: string; icon?: string };
  mac?: { target?: string[]; icon?: string };
  win?: { target?: string[]; icon?: string };
}
interface AppBuilderConfigModule {
  getConfig(projectDir: string, configPath: string | null, configFromOptions: null): Promise<BuilderConfig>;
  validateConfiguration(config: BuilderConfig, debugLogger: { isEnabled: boolean }): Promise<void>;
}

const require = createRequire(import.meta.url);
const builder = require('app-builder-lib/out/util/config/config.js') as AppBuilderConfigModule;

async function loadConfig(): Promise<BuilderConfig> {
  const config = await builder.getConfig(root, 'build/electron-builder.yml', null);
  await builder.validateConfiguration(config, { isEnabled: false });
  return config;
}

describe('build/electron-builder.yml', () => {
  it('passes electron-builder schema validation and names the app', async () => {
    const config = await loadConfig();
    expect(config).toMatchObject({ appId: 'dev.authdesk.app', productName: 'Authdesk', asar: true });
    expect(config.directories?.output).toBe('dist');
    expect(config.files).toEqual([{ filter: ['out/**', 'package.json'] }]);
  });

  it('is validated for real: a misspelled fuse is rejected', async () => {
    const config = await loadConfig();
    const broken = { ...config, electronFuses: { ...config.electronFuses, runAsNod: false } };
    await expect(builder.validateConfiguration(broken, { isEnabled: false })).rejects.toThrow(/configuration.electronFuses/);
  });

  it('sets the production fuses', async () => {
    expect((await loadConfig()).electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('builds AppImage and deb on Linux, dmg on macOS and nsis on Windows, all from build/icon.png', async () => {
    const config = await loadConfig();
    expect(config.linux).toMatchObject({ target: ['AppImage', 'deb'], category: 'Development' });
    expect(config.mac?.target).toEqual(['dmg']);
    expect(config.win?.target).toEqual(['nsis']);
    for (const platform of [config.linux, config.mac, config.win]) expect(platform?.icon).toBe('build/icon.png');
  });

  it('ships a 512x512 PNG icon', () => {
    const png = readFileSync(`${root}/build/icon.png`);
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([512, 512]);
  });
});
