import type { NextRequest } from 'next/server';
import { ApiError } from '@/lib/api/errors';
import { handle } from '@/lib/api/http';
import { revokeApproval } from '@/lib/db/approvals';
import { requireSetup } from '@/lib/setups/require';
import { nowFor } from '@/lib/time/clock';

/** Revokes an approval link at once; opening it then answers 410. */
export const DELETE = handle(async (request: NextRequest, ctx: RouteContext<'/api/setups/[id]/approvals/[approvalId]'>) => {
  const { id, approvalId } = await ctx.params;
  const { db, setup } = await requireSetup(id);
  if (!/^[0-9a-f-]{36}$/.test(approvalId) || !(await revokeApproval(db, setup.id, approvalId, nowFor(request.headers)))) {
    throw new ApiError('not_found:approval', 'This setup has no approval link with this id.');
  }
  return new Response(null, { status: 204 });
});
