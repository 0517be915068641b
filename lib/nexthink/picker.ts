import { requiredPermissions, workflows, type WorkflowId } from './workflows';

/** What the workflow picker shows, computed on the server so the catalog itself never ships to the browser. */
export type WorkflowChoice = {
  id: WorkflowId;
  label: string;
  description: string;
  group: 'connector' | 'thinklet' | 'library-pack' | 'custom';
  alwaysOn: boolean;
  publicPermissionList: boolean;
};

export type PermissionRow = { permission: string; neededBy: WorkflowId[]; access: 'read' | 'write'; inferred: boolean };

export function workflowChoices(): WorkflowChoice[] {
  return workflows.map((w) => ({
    id: w.id,
    label: w.label,
    description: w.description,
    group: w.group,
    alwaysOn: 'alwaysOn' in w && w.alwaysOn === true,
    publicPermissionList: w.publicPermissionList,
  }));
}

export function permissionRowsFor(selected: readonly WorkflowId[]): PermissionRow[] {
  return requiredPermissions(selected).map((r) => ({ permission: r.permission, neededBy: r.neededBy, access: r.access, inferred: r.calls.some((c) => c.source === 'inferred') }));
}
