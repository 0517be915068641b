import type { NextRequest } from 'next/server';
import { z } from 'zod';
import { handle, json, readJson } from '@/lib/api/http';
import { limitValidation } from '@/lib/security/guards';
import { requireSetup } from '@/lib/setups/require';
import { checkConsent } from '@/lib/steps/consent';
import { consentGranted } from '@/lib/approvals/granted';

const bodySchema = z.object({ clientSecret: z.string({ error: 'must be a string' }).min(1, 'is required').max(1024, 'at most 1024 characters') }).strict();

/** One "Wait for consent" round: which required permissions a fresh token still lacks. Stores nothing but a seen grant (approval links). */
export const POST = handle(async (request: NextRequest, ctx: RouteContext<'/api/setups/[id]/consent'>) => {
  const { db, setup } = await requireSetup((await ctx.params).id);
  const body = await readJson(request, bodySchema);
  await limitValidation(db, request.headers, setup.id);
  const consent = await checkConsent(setup, body.clientSecret, request.signal);
  if (consent.state === 'granted') await consentGranted(db, setup.id, new Date(consent.checkedAt));
  return json(consent);
});
