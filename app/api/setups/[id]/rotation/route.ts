import type { NextRequest } from 'next/server';
import { handle, json, readJson } from '@/lib/api/http';
import { latestRotation, startRotation } from '@/lib/db/rotations';
import { announce } from '@/lib/setups/announce';
import { applyRotationAction } from '@/lib/rotation/apply';
import { rotationView } from '@/lib/rotation/view';
import { rotationActionSchema, startRotationSchema } from '@/lib/rotation/schema';
import { limitValidation } from '@/lib/security/guards';
import { requireSetup } from '@/lib/setups/require';
import { trackInFlight } from '@/lib/shutdown';
import { nowFor } from '@/lib/time/clock';

/** The setup's latest secret rotation (running or finished), its phase and the checklist of places in Nexthink. */
export const GET = handle(async (_request: NextRequest, ctx: RouteContext<'/api/setups/[id]/rotation'>) => {
  const { db, setup } = await requireSetup((await ctx.params).id, { need: 'read' });
  return json(rotationView(setup, await latestRotation(db, setup.id)));
});

/** Starts a rotation with the secrets the app has now (they become the "old" ones), or returns the running one. */
export const POST = handle(async (request: NextRequest, ctx: RouteContext<'/api/setups/[id]/rotation'>) => {
  const { db, setup } = await requireSetup((await ctx.params).id);
  const body = await readJson(request, startRotationSchema);
  const before = await latestRotation(db, setup.id);
  const rotation = await startRotation(db, setup.id, body.oldKeys, nowFor(request.headers));
  if (before?.id !== rotation.id) {
    await announce(db, setup.id, {
      kind: 'rotation-started',
      severity: 'info',
      title: 'Secret rotation started',
      cause: 'An admin started rotating the client secret Nexthink uses.',
      fix: 'Finish it on the rotation page: the old secret keeps working until it is deleted.',
      key: `rotation:${rotation.id}:started`,
    });
  }
  return json(rotationView(setup, rotation), { status: before?.id === rotation.id ? 200 : 201 });
});

/** One step of the rotation (see lib/rotation/apply.ts for what each action requires). */
export const PATCH = handle(async (request: NextRequest, ctx: RouteContext<'/api/setups/[id]/rotation'>) => {
  const { db, setup } = await requireSetup((await ctx.params).id);
  const action = await readJson(request, rotationActionSchema);
  if (action.action === 'prove' || action.action === 'final') await limitValidation(db, request.headers, setup.id);
  const rotation = await trackInFlight(() => applyRotationAction(db, setup, action, nowFor(request.headers), request.signal));
  return json(rotationView(setup, rotation));
});
