import { normalizeWorkflows, type WorkflowId } from '@/lib/nexthink/workflows';
import {
  getApplicationRequest,
  getGraphServicePrincipalRequest,
  getServicePrincipalRequest,
  listAppRoleAssignmentsRequest,
  searchApplicationsRequest,
} from '@/lib/signin/graph-requests';
import type { AppRegistration, AppRoleAssignment, GraphServicePrincipal, ServicePrincipal } from '@/lib/signin/permission-table';
import { callGraph, GraphCallError } from './graph-client';

export type AppListItem = { id: string; appId: string; displayName: string; signInAudience: string; createdDateTime: string | null };

export async function searchApps(graphUrl: string, token: string, text: string): Promise<{ items: AppListItem[]; count: number | null }> {
  const res = await callGraph<{ value: AppListItem[]; '@odata.count'?: number }>(graphUrl, token, searchApplicationsRequest(text));
  return { items: res.value, count: res['@odata.count'] ?? null };
}

export type AppSnapshot = {
  app: AppRegistration;
  servicePrincipal: ServicePrincipal | null;
  graphServicePrincipal: GraphServicePrincipal;
  assignments: AppRoleAssignment[];
};

/** Everything Inspect needs about one app, read with the admin's delegated token. */
export async function readApp(graphUrl: string, token: string, appId: string): Promise<AppSnapshot> {
  const [app, servicePrincipal, graphServicePrincipal] = await Promise.all([
    callGraph<AppRegistration>(graphUrl, token, getApplicationRequest(appId)),
    callGraph<ServicePrincipal>(graphUrl, token, getServicePrincipalRequest(appId)).catch((e: unknown) => {
      if (e instanceof GraphCallError && e.status === 404) return null;
      throw e;
    }),
    callGraph<GraphServicePrincipal>(graphUrl, token, getGraphServicePrincipalRequest()),
  ]);
  const assignments = servicePrincipal
    ? (await callGraph<{ value: AppRoleAssignment[] }>(graphUrl, token, listAppRoleAssignmentsRequest(servicePrincipal.id))).value
    : [];
  return { app, servicePrincipal, graphServicePrincipal, assignments };
}

/** The setup's current choices (the workflow picker autosaves them), falling back to what the page was rendered with. */
export async function currentWorkflows(setupId: string, fallback: readonly WorkflowId[]): Promise<WorkflowId[]> {
  try {
    const res = await fetch(`/api/setups/${setupId}`, { cache: 'no-store' });
    if (!res.ok) return normalizeWorkflows(fallback);
    const json = (await res.json()) as { workflows?: string[] };
    return normalizeWorkflows(json.workflows ?? fallback);
  } catch {
    return normalizeWorkflows(fallback);
  }
}

/** "1 Dec 2025" in the admin's locale, from an ISO date-time; "—" when absent. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
}
