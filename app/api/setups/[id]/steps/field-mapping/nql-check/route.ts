import type { NextRequest } from 'next/server';
import { handle, json, readJson } from '@/lib/api/http';
import { nqlCheckInputSchema } from '@/lib/nexthink/nql-schema';
import { runNqlCheck } from '@/lib/nexthink/nql-api';
import { limitValidation } from '@/lib/security/guards';
import { requireSetup } from '@/lib/setups/require';

/** The live NQL API check. The Nexthink API secret is used for this request's two calls and dropped. */
export const POST = handle(async (request: NextRequest, ctx: RouteContext<'/api/setups/[id]/steps/field-mapping/nql-check'>) => {
  const { id } = await ctx.params;
  const { db, setup } = await requireSetup(id);
  const input = await readJson(request, nqlCheckInputSchema);
  await limitValidation(db, request.headers, setup.id);
  return json(await runNqlCheck(input, request.signal));
});
