import { afterAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase } from '@/lib/testing/stores';
import { pgBossRunner } from './pg-boss-runner';
import type { JobRunner } from './types';

const provided = inject('postgres');
const runners: JobRunner[] = [];
afterAll(async () => {
  await Promise.all(runners.map((r) => r.stop()));
});

// That a tick then runs once across the instances is proven with real servers in e2e/cluster/notifications.test.ts.
describe.skipIf('skip' in provided)('pg-boss runner', () => {
  it('three instances started at the same moment on an empty database all start and register the same schedule', async () => {
    if (!('url' in provided)) throw new Error('error' in provided ? provided.error : 'no PostgreSQL');
    const url = await createTestDatabase(provided.url);
    await Promise.all(
      [0, 1, 2].map(async () => {
        const r = await pgBossRunner(url);
        runners.push(r);
        await r.add({ name: 'tick-test', cron: '* * * * *', handler: async () => undefined });
      }),
    );
    expect(runners).toHaveLength(3);
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ name: string; cron: string }>('select name, cron from pgboss.schedule');
      expect(rows).toEqual([{ name: 'wizard-tick-test', cron: '* * * * *' }]);
    } finally {
      await client.end();
    }
  }, 60_000);
});
