import type { NextRequest } from 'next/server';
import { z } from 'zod';
import { handle, json, readJson } from '@/lib/api/http';
import { setThresholds, thresholdsSchema } from '@/lib/notify/settings';
import { requireSetup } from '@/lib/setups/require';

const bodySchema = z.object({ thresholds: thresholdsSchema }).strict();

/** Sets the days before the secret's expiry when notices go out (0 = the day it expires). */
export const PUT = handle(async (request: NextRequest, ctx: RouteContext<'/api/setups/[id]/notifications/thresholds'>) => {
  const { db, setup } = await requireSetup((await ctx.params).id);
  const body = await readJson(request, bodySchema);
  return json({ thresholds: await setThresholds(db, setup.id, body.thresholds) });
});
