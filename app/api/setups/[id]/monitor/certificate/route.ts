import type { NextRequest } from 'next/server';
import { ApiError } from '@/lib/api/errors';
import { handle } from '@/lib/api/http';
import { certificateDer } from '@/lib/monitor/certificate';
import { getMonitorIdentity } from '@/lib/monitor/identity';
import { tenantOf } from '@/lib/monitor/view';
import { requireSetup } from '@/lib/setups/require';

/** The public certificate to upload on the monitoring app: `?format=cer` (DER) or `pem`. Never the key. */
export const GET = handle(async (request: NextRequest, ctx: RouteContext<'/api/setups/[id]/monitor/certificate'>) => {
  const { db, setup } = await requireSetup((await ctx.params).id, { need: 'read' });
  const identity = await getMonitorIdentity(db, tenantOf(setup));
  if (!identity) throw new ApiError('not_found:monitor', 'This tenant has no monitoring identity yet: create it first.');
  const format = request.nextUrl.searchParams.get('format') ?? 'cer';
  if (format !== 'cer' && format !== 'pem') throw new ApiError('bad_request:format', 'format must be cer or pem.', { format: 'cer or pem' });
  const body = format === 'pem' ? Buffer.from(identity.certificatePem) : certificateDer(identity.certificatePem);
  return new Response(new Uint8Array(body), {
    headers: {
      'content-type': format === 'pem' ? 'application/x-pem-file' : 'application/pkix-cert',
      'content-disposition': `attachment; filename="nexthink-setup-monitor-${identity.thumbprintSha1.slice(0, 8)}.${format}"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
  });
});
