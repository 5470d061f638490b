import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests: the built renderer (out/renderer) in Debian's Chromium, wired to the real engine by the bridge
 * harness (test/e2e/harness.ts). Run under a keyring session: `bash scripts/with-keyring.sh npx playwright test`.
 */
export default defineConfig({
  testDir: 'test/e2e',
  outputDir: 'artifacts/playwright',
  workers: 1,
  fullyParallel: false,
  timeout: 60_000,
  reporter: [['list']],
  use: {
    headless: true,
    viewport: { width: 1280, height: 860 },
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
    },
  },
});
