import type { NextRequest } from 'next/server';
import { z } from 'zod';
import { ApiError } from '@/lib/api/errors';
import { handle, json, readJson } from '@/lib/api/http';
import { getDb } from '@/lib/db/connection';
import { getSetup } from '@/lib/db/setups';
import { setupIdSchema } from '@/lib/setups/schema';
import { isStepId } from '@/lib/steps/registry';
import { validateStep } from '@/lib/steps/validate';

const bodySchema = z
  .object({ clientSecret: z.string({ error: 'must be a string' }).max(1024, 'at most 1024 characters').optional() })
  .strict();

export const POST = handle(async (request: NextRequest, ctx: RouteContext<'/api/setups/[id]/steps/[step]/validate'>) => {
  const { id, step } = await ctx.params;
  if (!setupIdSchema.safeParse(id).success) throw new ApiError('not_found:setup', 'No setup with this id.');
  if (!isStepId(step)) throw new ApiError('not_found:step', `No step "${step.slice(0, 40)}". Steps: app-registration, certificates-secrets, tenant-id, field-mapping.`);
  const body = await readJson(request, bodySchema, { allowEmpty: true });
  const db = await getDb();
  const setup = await getSetup(db, id);
  if (!setup) throw new ApiError('not_found:setup', 'No setup with this id.');
  const result = await validateStep(db, setup, step, body.clientSecret, request.signal);
  return json(result);
});
