import { defineConfig, devices } from '@playwright/test';
import { E2E } from './e2e/support/ports';

/**
 * End-to-end tests in Debian's Chromium against the production build (`next start`) and the
 * Entra ID / Graph emulator; both are started by e2e/global-setup.ts, which keeps the server's
 * output for the secret-leak test.
 */
export default defineConfig({
  testDir: './e2e/specs',
  outputDir: './test-results',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: true,
  workers: process.env.CI ? 2 : 2,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: process.env.CI ? [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]] : [['list']],
  globalSetup: './e2e/global-setup.ts',
  use: {
    baseURL: E2E.appUrl,
    // The emulator's HTTPS listeners (the sign-in authority) use a certificate made at test start.
    ignoreHTTPSErrors: true,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--disable-gpu', '--no-first-run'],
    },
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'], channel: undefined } }],
});
