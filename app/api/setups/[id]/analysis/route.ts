import type { NextRequest } from 'next/server';
import { handle, json } from '@/lib/api/http';
import { latestAnalysis } from '@/lib/analysis/store';
import { requireSetup } from '@/lib/setups/require';

/** The latest completed tenant-wide analysis: counts and examples, never the user list. */
export const GET = handle(async (_request: NextRequest, ctx: RouteContext<'/api/setups/[id]/analysis'>) => {
  const { id } = await ctx.params;
  const { db, setup } = await requireSetup(id, { need: 'read' });
  return json({ analysis: (await latestAnalysis(db, setup.id)) ?? null });
});
