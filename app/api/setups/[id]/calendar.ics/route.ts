import type { NextRequest } from 'next/server';
import { ApiError } from '@/lib/api/errors';
import { handle } from '@/lib/api/http';
import { expiryCalendar } from '@/lib/notify/calendar';
import { statusLink } from '@/lib/notify/deliver';
import { requireSetup } from '@/lib/setups/require';

/** The secret's expiry and a rotation reminder 30 days before, for Outlook or Google Calendar. */
export const GET = handle(async (_request: NextRequest, ctx: RouteContext<'/api/setups/[id]/calendar.ics'>) => {
  const { setup } = await requireSetup((await ctx.params).id);
  if (!setup.secretExpiresOn) throw new ApiError('not_found:secret_expiry', 'This setup has no secret expiry date yet: enter it in step 2 first.');
  return new Response(expiryCalendar(setup, statusLink(setup.id)), {
    headers: {
      'content-type': 'text/calendar; charset=utf-8',
      'content-disposition': `attachment; filename="secret-expiry-${setup.secretExpiresOn}.ics"`,
      'cache-control': 'no-store',
    },
  });
});
