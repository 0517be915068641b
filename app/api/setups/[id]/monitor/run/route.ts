import type { NextRequest } from 'next/server';
import { ApiError } from '@/lib/api/errors';
import { handle, json } from '@/lib/api/http';
import { getMonitorIdentity } from '@/lib/monitor/identity';
import { runMonitorForTenant } from '@/lib/monitor/run';
import { monitorView, tenantOf } from '@/lib/monitor/view';
import { requireSetup } from '@/lib/setups/require';

/** "Check now": the same run the schedule makes, for every setup of the tenant. */
export const POST = handle(async (_request: NextRequest, ctx: RouteContext<'/api/setups/[id]/monitor/run'>) => {
  const { db, setup } = await requireSetup((await ctx.params).id);
  const identity = await getMonitorIdentity(db, tenantOf(setup));
  if (!identity?.clientId) throw new ApiError('bad_request:monitor', 'Create the monitoring identity and enter its client ID first.');
  const result = await runMonitorForTenant(db, identity.tenantId);
  return json({ ...(result.error && { error: result.error }), ...(await monitorView(db, setup)) });
});
