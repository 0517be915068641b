import type { NextRequest } from 'next/server';
import { handle, json, readJson } from '@/lib/api/http';
import { channelInputSchema, createChannel } from '@/lib/notify/channels';
import { requireSetup } from '@/lib/setups/require';
import { nowFor } from '@/lib/time/clock';

/**
 * Adds a channel. A webhook URL is checked against the outbound rules and stored sealed; the answer shows
 * its host only. A generic webhook's signing secret is in this answer and never again.
 */
export const POST = handle(async (request: NextRequest, ctx: RouteContext<'/api/setups/[id]/notifications/channels'>) => {
  const { db, setup } = await requireSetup((await ctx.params).id);
  const body = await readJson(request, channelInputSchema);
  const { channel, signingSecret } = await createChannel(db, setup.id, body, nowFor(request.headers));
  return json({ channel, ...(signingSecret && { signingSecret }) }, { status: 201 });
});
