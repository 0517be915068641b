import type { NextRequest } from 'next/server';
import { ApiError } from '@/lib/api/errors';
import { handle, json, readJson } from '@/lib/api/http';
import { getDb } from '@/lib/db/connection';
import { latestRuns } from '@/lib/db/runs';
import { getSetup, updateSetup } from '@/lib/db/setups';
import { setupJson } from '@/lib/setups/api';
import { setupIdSchema, setupPatchSchema } from '@/lib/setups/schema';

function parseId(id: string): string {
  if (!setupIdSchema.safeParse(id).success) throw new ApiError('not_found:setup', 'No setup with this id.');
  return id;
}

export const GET = handle(async (_request: NextRequest, ctx: RouteContext<'/api/setups/[id]'>) => {
  const id = parseId((await ctx.params).id);
  const db = await getDb();
  const setup = await getSetup(db, id);
  if (!setup) throw new ApiError('not_found:setup', 'No setup with this id.');
  return json(setupJson(setup, await latestRuns(db, id)));
});

export const PATCH = handle(async (request: NextRequest, ctx: RouteContext<'/api/setups/[id]'>) => {
  const id = parseId((await ctx.params).id);
  const patch = await readJson(request, setupPatchSchema);
  const db = await getDb();
  const setup = await updateSetup(db, id, patch);
  if (!setup) throw new ApiError('not_found:setup', 'No setup with this id.');
  return json(setupJson(setup, await latestRuns(db, id)));
});
