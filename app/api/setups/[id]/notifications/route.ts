import type { NextRequest } from 'next/server';
import { handle, json } from '@/lib/api/http';
import { notificationsView } from '@/lib/notify/view';
import { requireSetup } from '@/lib/setups/require';

/** The setup's notification channels (hosts only, never URLs), expiry thresholds and the history of notices. */
export const GET = handle(async (_request: NextRequest, ctx: RouteContext<'/api/setups/[id]/notifications'>) => {
  const { db, setup } = await requireSetup((await ctx.params).id);
  return json(await notificationsView(db, setup.id));
});
