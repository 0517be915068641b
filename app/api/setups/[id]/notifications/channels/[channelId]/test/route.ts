import type { NextRequest } from 'next/server';
import { ApiError } from '@/lib/api/errors';
import { handle, json } from '@/lib/api/http';
import { listChannels } from '@/lib/notify/channels';
import { sendTestNotification } from '@/lib/notify/deliver';
import { limitValidation } from '@/lib/security/guards';
import { requireSetup } from '@/lib/setups/require';
import { nowFor } from '@/lib/time/clock';

/** Sends a test notice to the channel now and answers with what the receiver said; it is kept in the history. */
export const POST = handle(async (request: NextRequest, ctx: RouteContext<'/api/setups/[id]/notifications/channels/[channelId]/test'>) => {
  const { id, channelId } = await ctx.params;
  const { db, setup } = await requireSetup(id);
  if (!(await listChannels(db, setup.id)).some((c) => c.id === channelId)) {
    throw new ApiError('not_found:channel', 'This setup has no notification channel with this id.');
  }
  await limitValidation(db, request.headers, setup.id);
  const result = await sendTestNotification(db, setup.id, channelId, { now: nowFor(request.headers) });
  return json({ delivered: result.ok, answer: result.answer });
});
