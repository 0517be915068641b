import type { NextRequest } from 'next/server';
import { z } from 'zod';
import { ApiError } from '@/lib/api/errors';
import { handle, readJson } from '@/lib/api/http';
import { isAnalysingAnywhere } from '@/lib/analysis/run';
import { analysisStream } from '@/lib/analysis/stream';
import { limitValidation } from '@/lib/security/guards';
import { requireSetup } from '@/lib/setups/require';

const bodySchema = z
  .object({
    clientSecret: z.string({ error: 'must be a string' }).min(1, 'enter the client secret').max(1024, 'at most 1024 characters'),
    includeUpns: z.boolean({ error: 'must be true or false' }).optional(),
  })
  .strict();

/** Streams the tenant-wide analysis as NDJSON; the connection closing cancels it. */
export const POST = handle(async (request: NextRequest, ctx: RouteContext<'/api/setups/[id]/steps/field-mapping/analyse'>) => {
  const { id } = await ctx.params;
  const { db, setup } = await requireSetup(id);
  const body = await readJson(request, bodySchema);
  await limitValidation(db, request.headers, setup.id);
  if (await isAnalysingAnywhere(db, setup.id)) throw new ApiError('rate_limited:analysis', 'An analysis of this setup is already running. Wait for it to finish or cancel it.');
  return analysisStream(db, setup, { clientSecret: body.clientSecret, includeUpns: body.includeUpns ?? false, signal: request.signal });
});
