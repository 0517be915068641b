import { NextResponse, type NextRequest } from 'next/server';
import { ApiError } from '@/lib/api/errors';
import { handle, json, readJson } from '@/lib/api/http';
import { latestRuns } from '@/lib/db/runs';
import { deleteSetup, updateSetup } from '@/lib/db/setups';
import { isHttps } from '@/lib/security/headers';
import { setupJson } from '@/lib/setups/api';
import { REMEMBERED_COOKIE, rememberedCookieOptions, withoutRemembered } from '@/lib/setups/remembered';
import { requireSetup } from '@/lib/setups/require';
import { setupPatchSchema } from '@/lib/setups/schema';

export const GET = handle(async (_request: NextRequest, ctx: RouteContext<'/api/setups/[id]'>) => {
  const { db, setup } = await requireSetup((await ctx.params).id, { need: 'read' });
  return json(setupJson(setup, await latestRuns(db, setup.id)));
});

export const PATCH = handle(async (request: NextRequest, ctx: RouteContext<'/api/setups/[id]'>) => {
  const { db, setup: current } = await requireSetup((await ctx.params).id);
  const patch = await readJson(request, setupPatchSchema);
  const setup = await updateSetup(db, current.id, patch);
  if (!setup) throw new ApiError('not_found:setup', 'No setup with this id.');
  return json(setupJson(setup, await latestRuns(db, setup.id)));
});

/** Deletes the setup and everything of it; the browser's list forgets it. */
export const DELETE = handle(async (request: NextRequest, ctx: RouteContext<'/api/setups/[id]'>) => {
  const { db, setup } = await requireSetup((await ctx.params).id);
  if (!(await deleteSetup(db, setup.id))) throw new ApiError('not_found:setup', 'No setup with this id.');
  const res = new NextResponse(null, { status: 204, headers: { 'cache-control': 'no-store' } });
  const cookie = withoutRemembered(request.cookies.get(REMEMBERED_COOKIE)?.value, setup.id);
  if (cookie !== undefined) res.cookies.set(REMEMBERED_COOKIE, cookie, rememberedCookieOptions(isHttps(request.headers, request.nextUrl)));
  return res;
});
