import type { NextRequest } from 'next/server';
import { z } from 'zod';
import { ApiError } from '@/lib/api/errors';
import { handle, json, readJson } from '@/lib/api/http';
import { isGuid } from '@/lib/entra/identifiers';
import { createMonitorIdentity, deleteMonitorIdentity, getMonitorIdentity, monitorScheduleSchema, updateMonitorIdentity } from '@/lib/monitor/identity';
import { monitorView, tenantOf } from '@/lib/monitor/view';
import { requireSetup } from '@/lib/setups/require';

const patchSchema = z
  .object({
    clientId: z
      .string()
      .trim()
      .refine((v) => isGuid(v), { error: 'Paste the monitoring app\'s Application (client) ID: a GUID such as 00000000-0000-0000-0000-000000000000.' })
      .optional(),
    schedule: monitorScheduleSchema.optional(),
  })
  .strict();

/** The tenant's monitoring identity (public parts), the setup's latest monitoring run and its drift timeline. */
export const GET = handle(async (_request: NextRequest, ctx: RouteContext<'/api/setups/[id]/monitor'>) => {
  const { db, setup } = await requireSetup((await ctx.params).id, { need: 'read' });
  return json(await monitorView(db, setup));
});

/** Opt in: makes the tenant's key pair and certificate on this server (kept if it exists). */
export const POST = handle(async (_request: NextRequest, ctx: RouteContext<'/api/setups/[id]/monitor'>) => {
  const { db, setup } = await requireSetup((await ctx.params).id);
  await createMonitorIdentity(db, tenantOf(setup), setup.cloud);
  return json(await monitorView(db, setup), { status: 201 });
});

export const PATCH = handle(async (request: NextRequest, ctx: RouteContext<'/api/setups/[id]/monitor'>) => {
  const { db, setup } = await requireSetup((await ctx.params).id);
  const body = await readJson(request, patchSchema);
  // A client ID or schedule for an identity that does not exist would be dropped without a word.
  if (!(await getMonitorIdentity(db, tenantOf(setup)))) throw new ApiError('not_found:monitor', 'This tenant has no monitoring identity yet: create it first.');
  await updateMonitorIdentity(db, tenantOf(setup), body);
  return json(await monitorView(db, setup));
});

/** Removes the tenant's monitoring identity and its private key (for every setup of the tenant). */
export const DELETE = handle(async (_request: NextRequest, ctx: RouteContext<'/api/setups/[id]/monitor'>) => {
  const { db, setup } = await requireSetup((await ctx.params).id);
  await deleteMonitorIdentity(db, tenantOf(setup));
  return json(await monitorView(db, setup));
});
