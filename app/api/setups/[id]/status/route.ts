import type { NextRequest } from 'next/server';
import { handle, json } from '@/lib/api/http';
import { latestRuns } from '@/lib/db/runs';
import { requireSetup } from '@/lib/setups/require';
import { setupStatus } from '@/lib/status/status';
import { nowFor } from '@/lib/time/clock';

/** The setup's health for schedulers: poll it and alert when `needsAttention` is true. */
export const GET = handle(async (request: NextRequest, ctx: RouteContext<'/api/setups/[id]/status'>) => {
  const { db, setup } = await requireSetup((await ctx.params).id, { need: 'read' });
  return json(setupStatus(setup, await latestRuns(db, setup.id), nowFor(request.headers)));
});
