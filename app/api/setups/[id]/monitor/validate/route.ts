import type { NextRequest } from 'next/server';
import { ApiError } from '@/lib/api/errors';
import { handle, json } from '@/lib/api/http';
import { getMonitorIdentity } from '@/lib/monitor/identity';
import { validateMonitorIdentity } from '@/lib/monitor/run';
import { tenantOf } from '@/lib/monitor/view';
import { requireSetup } from '@/lib/setups/require';

/** The identity's own validation: a token by client assertion, then each permission read from its roles. */
export const POST = handle(async (_request: NextRequest, ctx: RouteContext<'/api/setups/[id]/monitor/validate'>) => {
  const { db, setup } = await requireSetup((await ctx.params).id);
  const identity = await getMonitorIdentity(db, tenantOf(setup));
  if (!identity) throw new ApiError('not_found:monitor', 'This tenant has no monitoring identity yet: create it first.');
  return json(await validateMonitorIdentity(db, identity));
});
