/**
 * Vitest global setup: one private PostgreSQL cluster for the unit run (e2e/support/postgres.mjs), so the
 * repository suite runs on both stores. Each test file creates its own database in it (testStores()).
 * Missing binaries make the PostgreSQL suites fail with what to install, unless SKIP_POSTGRES_TESTS=1.
 */
import type { TestProject } from 'vitest/node';
import { startPostgres, type PostgresCluster } from '../../e2e/support/postgres.mjs';

export type PostgresForTests = { url: string } | { skip: string } | { error: string };

declare module 'vitest' {
  export interface ProvidedContext {
    postgres: PostgresForTests;
  }
}

export default async function setup(project: TestProject) {
  if (process.env.SKIP_POSTGRES_TESTS === '1') {
    project.provide('postgres', { skip: 'SKIP_POSTGRES_TESTS=1' });
    return;
  }
  let cluster: PostgresCluster;
  try {
    cluster = await startPostgres();
  } catch (err) {
    project.provide('postgres', { error: err instanceof Error ? err.message : String(err) });
    return;
  }
  project.provide('postgres', { url: cluster.url });
  return () => cluster.stop();
}
