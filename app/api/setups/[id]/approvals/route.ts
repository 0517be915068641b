import type { NextRequest } from 'next/server';
import { handle, json, readJson } from '@/lib/api/http';
import { createApprovalSchema } from '@/lib/approvals/schema';
import { approvalState, createApproval, listApprovals } from '@/lib/db/approvals';
import { limitShareCreation } from '@/lib/security/guards';
import { requireSetup } from '@/lib/setups/require';
import { approvalUrl } from '@/lib/shares/url';
import { nowFor } from '@/lib/time/clock';

/** Creates a read-only consent approval link. Its token is in this answer only: the server keeps just its hash. */
export const POST = handle(async (request: NextRequest, ctx: RouteContext<'/api/setups/[id]/approvals'>) => {
  const { db, setup } = await requireSetup((await ctx.params).id);
  const body = await readJson(request, createApprovalSchema);
  await limitShareCreation(db, request.headers, setup.id);
  const { approval, token } = await createApproval(db, setup.id, body.requestedBy, body.observed, body.expiresInDays as 1 | 7 | 30, nowFor(request.headers));
  return json({ id: approval.id, url: approvalUrl(request, token), createdAt: approval.createdAt, expiresAt: approval.expiresAt }, { status: 201 });
});

export const GET = handle(async (request: NextRequest, ctx: RouteContext<'/api/setups/[id]/approvals'>) => {
  const { db, setup } = await requireSetup((await ctx.params).id);
  const now = nowFor(request.headers);
  const approvals = await listApprovals(db, setup.id);
  return json({
    approvals: approvals.map((a) => ({ id: a.id, requestedBy: a.requestedBy, createdAt: a.createdAt, expiresAt: a.expiresAt, revokedAt: a.revokedAt, lastOpenedAt: a.lastOpenedAt, grantedAt: a.grantedAt, state: approvalState(a, now) })),
  });
});
