import type { NextRequest } from 'next/server';
import { z } from 'zod';
import { handle, json, readJson } from '@/lib/api/http';
import { DEFAULT_SHARE_DAYS, SHARE_EXPIRY_DAYS, createShare, listShares, shareState } from '@/lib/db/shares';
import { limitShareCreation } from '@/lib/security/guards';
import { requireSetup } from '@/lib/setups/require';
import { shareUrl } from '@/lib/shares/url';
import { nowFor } from '@/lib/time/clock';

const bodySchema = z
  .object({
    expiresInDays: z.literal(SHARE_EXPIRY_DAYS, { error: `must be one of ${SHARE_EXPIRY_DAYS.join(', ')} (days)` }).default(DEFAULT_SHARE_DAYS),
  })
  .strict();

/** Creates a read-only share link. Its token is in this answer only: the server keeps just its hash. */
export const POST = handle(async (request: NextRequest, ctx: RouteContext<'/api/setups/[id]/shares'>) => {
  const { db, setup } = await requireSetup((await ctx.params).id);
  const body = await readJson(request, bodySchema, { allowEmpty: true });
  await limitShareCreation(db, request.headers, setup.id);
  const { share, token } = await createShare(db, setup.id, body.expiresInDays, nowFor(request.headers));
  return json({ id: share.id, url: shareUrl(request, token), createdAt: share.createdAt, expiresAt: share.expiresAt }, { status: 201 });
});

export const GET = handle(async (request: NextRequest, ctx: RouteContext<'/api/setups/[id]/shares'>) => {
  const { db, setup } = await requireSetup((await ctx.params).id);
  const now = nowFor(request.headers);
  const shares = await listShares(db, setup.id);
  return json({ shares: shares.map((s) => ({ id: s.id, createdAt: s.createdAt, expiresAt: s.expiresAt, revokedAt: s.revokedAt, lastOpenedAt: s.lastOpenedAt, state: shareState(s, now) })) });
});
