import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'contract/**/*.test.ts',
      'models/**/*.test.ts',
      'electron/**/*.test.ts',
      'renderer/**/*.test.{ts,tsx}',
      'scripts/**/*.test.ts',
    ],
    environment: 'node',
    globalSetup: ['electron/core/testing/temp-root-setup.ts'],
    // Integration tests decode real images with sharp and run real SQLite: give them room on 2 cores.
    testTimeout: 30_000,
    pool: 'forks',
  },
});
