import { defineConfig } from '@playwright/test';

// `npm run test:electron` only (scripts/test-electron.js): the desktop shell, where an Electron binary is
// installed. Not part of `npm test`.
export default defineConfig({
  testDir: 'e2e-electron',
  globalSetup: './electron/core/testing/temp-root-setup.ts',
  fullyParallel: false,
  workers: 1,
  reporter: [['list']],
  timeout: 120_000,
});
