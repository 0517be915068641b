/** handle(): an unreachable store is a 503 that says so; the same socket error from elsewhere stays a 500. */
import { describe, expect, it } from 'vitest';
import { openPostgres } from '@/lib/db/connection';
import { handle } from './http';

async function answer(err: unknown) {
  const res = await handle(async () => {
    throw err;
  })();
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as { error: { code: string; message: string } } };
}

describe('handle() and the database', () => {
  it('answers 503 unavailable:database when the store cannot be reached, with no detail of the error', async () => {
    process.env.LOG_LEVEL = 'silent';
    const err = await openPostgres('postgres://wizard:s3cret-password@127.0.0.1:1/wizard').catch((e: unknown) => e);
    const res = await answer(err);
    expect(res.status).toBe(503);
    expect(res.retryAfter).toBe('5');
    expect(res.body).toEqual({ error: { code: 'unavailable:database', message: expect.stringMatching(/^The database is unreachable/) } });
    expect(JSON.stringify(res.body)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|s3cret/);
  });

  it('keeps other failures a 500, even a refused connection that is not the store', async () => {
    const err = await fetch('http://127.0.0.1:1/').catch((e: unknown) => e);
    expect((await answer(err)).status).toBe(500);
    expect((await answer(new Error('bug'))).body.error.code).toBe('internal');
  });
});
