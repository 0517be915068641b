import type { NextRequest } from 'next/server';
import { ApiError } from '@/lib/api/errors';
import { handle } from '@/lib/api/http';
import { deleteChannel } from '@/lib/notify/channels';
import { requireSetup } from '@/lib/setups/require';

/** Removes a channel with its sealed URL and its history. */
export const DELETE = handle(async (_request: NextRequest, ctx: RouteContext<'/api/setups/[id]/notifications/channels/[channelId]'>) => {
  const { id, channelId } = await ctx.params;
  const { db, setup } = await requireSetup(id);
  if (!/^[0-9a-f-]{36}$/.test(channelId) || !(await deleteChannel(db, setup.id, channelId))) {
    throw new ApiError('not_found:channel', 'This setup has no notification channel with this id.');
  }
  return new Response(null, { status: 204 });
});
