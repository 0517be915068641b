import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqlite } from './connection';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'modes-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const mode = (p: string) => fs.statSync(p).mode & 0o777;

describe('the SQLite store on disk', () => {
  it('creates its folder 0700 and the database, -wal and -shm 0600, whatever the umask', async () => {
    const old = process.umask(0o022);
    try {
      const file = path.join(tmp, 'data', 'wizard.db');
      const db = await openSqlite(file);
      await db.insertInto('rate_limits').values({ key: 'k', tat: 1, burst: 1, ok: 1 }).execute();
      expect(mode(path.dirname(file)).toString(8)).toBe('700');
      for (const f of [file, `${file}-wal`, `${file}-shm`]) expect(mode(f).toString(8), f).toBe('600');
      await db.destroy();
    } finally {
      process.umask(old);
    }
  });

  it('tightens the files of an existing store that an older version left world-readable', async () => {
    const file = path.join(tmp, 'old', 'wizard.db');
    fs.mkdirSync(path.dirname(file));
    fs.writeFileSync(file, '');
    fs.chmodSync(file, 0o644);
    const db = await openSqlite(file);
    expect(mode(file).toString(8)).toBe('600');
    await db.destroy();
  });
});
