import type { NextRequest } from 'next/server';
import { ApiError } from '@/lib/api/errors';
import { handle, json } from '@/lib/api/http';
import { lookupCustomCall, requiredPermissions, workflows, normalizeWorkflows } from '@/lib/nexthink/workflows';

/** The catalog as the API shows it: static, built once. */
const list = workflows.map((w) => ({
  id: w.id,
  label: w.label,
  description: w.description,
  group: w.group,
  alwaysOn: 'alwaysOn' in w ? w.alwaysOn : false,
  publicPermissionList: w.publicPermissionList,
  ...('note' in w && w.note && { note: w.note }),
  permissions: requiredPermissions([w.id]).filter((p) => p.neededBy.includes(w.id)).map((p) => ({ permission: p.permission, appRoleId: p.appRoleId, type: 'Application' })),
  calls: w.calls.map((c) => ({ method: c.method, path: c.path, what: c.what, permission: c.permission, ...('alsoNeeds' in c && { alsoNeeds: c.alsoNeeds }), source: c.source, docsUrl: c.docsUrl })),
}));

/**
 * The workflow catalog with the Graph application permission of each call; `?select=a,b` adds the minimal
 * set, and `?call=POST /groups/{id}/members/$ref` looks up the permission of one custom thinklet call.
 */
export const GET = handle(async (request: NextRequest) => {
  const call = request.nextUrl.searchParams.get('call');
  if (call !== null) {
    const m = /[\u0000-\u001f\u007f]/.test(call) ? null : /^ *([A-Za-z]{3,7}) +(\S.{0,1999})$/.exec(call);
    if (!m) throw new ApiError('bad_request:call', 'call must be an HTTP method and a Graph path, e.g. "GET /users/{id}".', { call: 'must be "METHOD /path"' });
    return json({ lookup: lookupCustomCall(m[1]!, m[2]!) });
  }
  const select = request.nextUrl.searchParams.get('select');
  if (select === null) return json({ workflows: list });
  const asked = select.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = asked.filter((id) => !list.some((w) => w.id === id));
  if (unknown.length > 0) {
    throw new ApiError('bad_request:select', `Unknown workflow ids in select. Ids: ${list.map((w) => w.id).join(', ')}.`, { select: `${unknown.length} unknown workflow id${unknown.length === 1 ? '' : 's'}` });
  }
  const chosen = normalizeWorkflows(asked);
  return json({ workflows: list, selected: chosen, required: requiredPermissions(chosen) });
});
