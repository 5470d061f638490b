import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts', 'test/cli/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 30_000,
    // Keychain and SQLite tests share one D-Bus session; files run in parallel, tests inside a file in order.
    pool: 'forks',
  },
});
