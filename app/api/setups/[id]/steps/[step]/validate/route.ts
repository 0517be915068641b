import type { NextRequest } from 'next/server';
import { z } from 'zod';
import { ApiError } from '@/lib/api/errors';
import { handle, json, readJson } from '@/lib/api/http';
import { limitValidation } from '@/lib/security/guards';
import { requireSetup } from '@/lib/setups/require';
import { trackInFlight } from '@/lib/shutdown';
import { isStepId, stepIds } from '@/lib/steps/registry';
import { validateStep } from '@/lib/steps/validate';
import { consentGranted, consentSeen } from '@/lib/approvals/granted';

const bodySchema = z
  .object({ clientSecret: z.string({ error: 'must be a string' }).max(1024, 'at most 1024 characters').optional() })
  .strict();

export const POST = handle(async (request: NextRequest, ctx: RouteContext<'/api/setups/[id]/steps/[step]/validate'>) => {
  const started = performance.now();
  const { id, step } = await ctx.params;
  const { db, setup } = await requireSetup(id);
  if (!isStepId(step)) throw new ApiError('not_found:step', `No such step. Steps: ${stepIds.join(', ')}.`);
  const body = await readJson(request, bodySchema, { allowEmpty: true });
  await limitValidation(db, request.headers, setup.id);
  const guarded = performance.now();
  const timing: { checks?: number; store?: number } = {};
  const result = await trackInFlight(() => validateStep(db, setup, step, body.clientSecret, request.signal, timing));
  if (step === 'certificates-secrets' && consentSeen(result.checks)) await consentGranted(db, setup.id, new Date(result.startedAt));
  // The server's whole time for this request (store reads and writes included) first, for operators and the
  // benchmark; then its parts: the guard (setup, body, rate limits), the checks (upstream calls), the store.
  const dur = (name: string, ms: number | undefined) => `${name};dur=${(ms ?? 0).toFixed(1)}`;
  const serverTiming = [dur('validate', performance.now() - started), dur('guard', guarded - started), dur('checks', timing.checks), dur('store', timing.store)].join(', ');
  return json(result, { headers: { 'server-timing': serverTiming } });
});
