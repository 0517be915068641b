import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * The long multi-process tests (e2e/cluster): production servers sharing a private PostgreSQL, database
 * outages, SIGTERM. One file at a time (each starts its own cluster and servers). `npm test` runs them
 * when CI=true or LONG_TESTS=1; alone: `node scripts/test.mjs cluster [file]`.
 */
export default defineConfig({
  resolve: {
    alias: {
      '@': fileURLToPath(new URL('./', import.meta.url)),
      'server-only': fileURLToPath(new URL('./lib/testing/server-only-stub.ts', import.meta.url)),
    },
  },
  test: {
    include: ['e2e/cluster/**/*.test.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
