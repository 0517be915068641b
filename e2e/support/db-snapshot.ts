import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';

export type TableSnapshot = { rows: number; hash: string };

/** Every table of an SQLite file: row count and a hash of its rows in rowid order. */
export function snapshotDb(file: string): Record<string, TableSnapshot> {
  const db = new Database(file, { fileMustExist: true });
  try {
    const tables = db.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name").all() as { name: string }[];
    const out: Record<string, TableSnapshot> = {};
    for (const { name } of tables) {
      const rows = db.prepare(`select * from "${name.replace(/"/g, '""')}" order by rowid`).all();
      out[name] = { rows: rows.length, hash: createHash('sha256').update(JSON.stringify(rows)).digest('hex') };
    }
    return out;
  } finally {
    db.close();
  }
}
