import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    alias: {
      '@': fileURLToPath(new URL('./', import.meta.url)),
      // Server modules start with `import 'server-only'`, which throws outside React Server Components.
      'server-only': fileURLToPath(new URL('./lib/testing/server-only-stub.ts', import.meta.url)),
    },
  },
  test: {
    include: ['lib/**/*.test.ts', 'components/**/*.test.{ts,tsx}', 'e2e/emulator/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    // A private PostgreSQL cluster: the repository suite runs on SQLite and on PostgreSQL.
    globalSetup: ['./lib/testing/postgres-global-setup.ts'],
    testTimeout: 20_000,
  },
});
