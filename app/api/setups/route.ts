import { NextResponse, type NextRequest } from 'next/server';
import { handle, readJson } from '@/lib/api/http';
import { getDb } from '@/lib/db/connection';
import { createSetup } from '@/lib/db/setups';
import { limitSetupCreation } from '@/lib/security/guards';
import { isHttps } from '@/lib/security/headers';
import { setupJson } from '@/lib/setups/api';
import { REMEMBERED_COOKIE, rememberedCookieOptions, withRemembered } from '@/lib/setups/remembered';
import { setupPatchSchema } from '@/lib/setups/schema';
import { creatorTenant } from '@/lib/setups/require';

export const POST = handle(async (request: NextRequest) => {
  const init = await readJson(request, setupPatchSchema, { allowEmpty: true });
  const db = await getDb();
  const owner = await creatorTenant();
  await limitSetupCreation(db, request.headers);
  const setup = await createSetup(db, init, owner);
  const res = NextResponse.json(setupJson(setup), { status: 201, headers: { location: `/api/setups/${setup.id}`, 'cache-control': 'no-store' } });
  const cookie = withRemembered(request.cookies.get(REMEMBERED_COOKIE)?.value, setup.id);
  if (cookie) res.cookies.set(REMEMBERED_COOKIE, cookie, rememberedCookieOptions(isHttps(request.headers, request.nextUrl)));
  return res;
});
