import type { NextRequest } from 'next/server';
import { z } from 'zod';
import { ApiError } from '@/lib/api/errors';
import { handle, json, readJson } from '@/lib/api/http';
import { getDb } from '@/lib/db/connection';
import { getSetup } from '@/lib/db/setups';
import { setupIdSchema } from '@/lib/setups/schema';
import { checkConsent } from '@/lib/steps/consent';

const bodySchema = z.object({ clientSecret: z.string({ error: 'must be a string' }).min(1, 'is required').max(1024, 'at most 1024 characters') }).strict();

/** One "Wait for consent" round: which required permissions a fresh token still lacks. Stores nothing. */
export const POST = handle(async (request: NextRequest, ctx: RouteContext<'/api/setups/[id]/consent'>) => {
  const { id } = await ctx.params;
  if (!setupIdSchema.safeParse(id).success) throw new ApiError('not_found:setup', 'No setup with this id.');
  const body = await readJson(request, bodySchema);
  const setup = await getSetup(await getDb(), id);
  if (!setup) throw new ApiError('not_found:setup', 'No setup with this id.');
  return json(await checkConsent(setup, body.clientSecret, request.signal));
});
