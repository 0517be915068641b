import 'server-only';
import { z } from 'zod';
import type { Db } from '@/lib/db/connection';

/** Days before the secret's expiry a notice goes out; 0 is the day it expires. */
export const DEFAULT_THRESHOLDS = [90, 30, 14, 7, 1, 0] as const;

export const thresholdsSchema = z
  .array(z.number({ error: 'must be whole days' }).int('must be whole days').min(0, 'must be 0 or more days').max(365, 'at most 365 days'), {
    error: 'must be a list of days, e.g. [90, 30, 14, 7, 1, 0]',
  })
  .max(12, 'at most 12 thresholds')
  .transform((days) => [...new Set(days)].sort((a, b) => b - a));

export async function getThresholds(db: Db, setupId: string): Promise<number[]> {
  const row = await db.selectFrom('notify_settings').select('thresholds').where('setup_id', '=', setupId).executeTakeFirst();
  if (!row) return [...DEFAULT_THRESHOLDS];
  const parsed = thresholdsSchema.safeParse(JSON.parse(row.thresholds));
  return parsed.success ? parsed.data : [...DEFAULT_THRESHOLDS];
}

export async function setThresholds(db: Db, setupId: string, thresholds: number[]): Promise<number[]> {
  const value = thresholdsSchema.parse(thresholds);
  await db
    .insertInto('notify_settings')
    .values({ setup_id: setupId, thresholds: JSON.stringify(value), expiry_series: null, expiry_series_since: null })
    .onConflict((oc) => oc.column('setup_id').doUpdateSet({ thresholds: JSON.stringify(value) }))
    .execute();
  return value;
}
