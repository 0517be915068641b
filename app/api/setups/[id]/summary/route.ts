import type { NextRequest } from 'next/server';
import { ApiError } from '@/lib/api/errors';
import { handle, json } from '@/lib/api/http';
import { requireSetup } from '@/lib/setups/require';
import { summaryMarkdown } from '@/lib/summary/markdown';
import { loadSummary } from '@/lib/summary/load';
import { nowFor } from '@/lib/time/clock';

/** The config summary as JSON (default) or Markdown (`?format=markdown`), as a download with `&download=1`. */
export const GET = handle(async (request: NextRequest, ctx: RouteContext<'/api/setups/[id]/summary'>) => {
  const { db, setup } = await requireSetup((await ctx.params).id, { need: 'read' });
  const format = request.nextUrl.searchParams.get('format') ?? 'json';
  const download = request.nextUrl.searchParams.has('download');
  const summary = await loadSummary(db, setup, nowFor(request.headers));
  const base = `nexthink-entra-setup-${setup.id.slice(0, 8)}`;
  if (format === 'json') {
    return json(summary, download ? { headers: { 'content-disposition': `attachment; filename="${base}.json"` } } : {});
  }
  if (format === 'markdown' || format === 'md') {
    return new Response(summaryMarkdown(summary), {
      headers: {
        'content-type': 'text/markdown; charset=utf-8',
        'cache-control': 'no-store',
        ...(download && { 'content-disposition': `attachment; filename="${base}.md"` }),
      },
    });
  }
  throw new ApiError('bad_request:format', 'format must be json or markdown.', { format: 'must be json or markdown' });
});
