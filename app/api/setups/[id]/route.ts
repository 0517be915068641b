import type { NextRequest } from 'next/server';
import { ApiError } from '@/lib/api/errors';
import { handle, json, readJson } from '@/lib/api/http';
import { latestRuns } from '@/lib/db/runs';
import { updateSetup } from '@/lib/db/setups';
import { setupJson } from '@/lib/setups/api';
import { requireSetup } from '@/lib/setups/require';
import { setupPatchSchema } from '@/lib/setups/schema';

export const GET = handle(async (_request: NextRequest, ctx: RouteContext<'/api/setups/[id]'>) => {
  const { db, setup } = await requireSetup((await ctx.params).id);
  return json(setupJson(setup, await latestRuns(db, setup.id)));
});

export const PATCH = handle(async (request: NextRequest, ctx: RouteContext<'/api/setups/[id]'>) => {
  const { db, setup: current } = await requireSetup((await ctx.params).id);
  const patch = await readJson(request, setupPatchSchema);
  const setup = await updateSetup(db, current.id, patch);
  if (!setup) throw new ApiError('not_found:setup', 'No setup with this id.');
  return json(setupJson(setup, await latestRuns(db, setup.id)));
});
