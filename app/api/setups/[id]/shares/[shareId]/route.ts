import type { NextRequest } from 'next/server';
import { ApiError } from '@/lib/api/errors';
import { handle } from '@/lib/api/http';
import { revokeShare } from '@/lib/db/shares';
import { requireSetup } from '@/lib/setups/require';
import { nowFor } from '@/lib/time/clock';

/** Revokes a share link at once; opening it then answers 410. */
export const DELETE = handle(async (request: NextRequest, ctx: RouteContext<'/api/setups/[id]/shares/[shareId]'>) => {
  const { id, shareId } = await ctx.params;
  const { db, setup } = await requireSetup(id);
  if (!/^[0-9a-f-]{36}$/.test(shareId) || !(await revokeShare(db, setup.id, shareId, nowFor(request.headers)))) {
    throw new ApiError('not_found:share', 'This setup has no share link with this id.');
  }
  return new Response(null, { status: 204 });
});
