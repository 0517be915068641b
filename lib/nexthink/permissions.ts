/**
 * Microsoft Graph application permissions (app roles) the workflow catalog refers to, and which of them
 * covers which for the catalog's calls. Sources per entry: docs/permission-catalog.md.
 */

type GraphAppPermissionDef = {
  readonly name: string;
  readonly appRoleId: string;
  readonly displayName: string;
  readonly access: 'read' | 'write';
};

// GUIDs: the fixtures README table (e2e/fixtures/microsoft/README.md), except Directory.ReadWrite.All and
// Group.ReadWrite.All, taken from Microsoft's "Permissions differences between Azure AD Graph and Microsoft Graph".
export const graphAppPermissions = [
  { name: 'User.Read.All', appRoleId: 'df021288-bdef-4463-88db-98f22de89214', displayName: "Read all users' full profiles", access: 'read' },
  { name: 'User.ReadWrite.All', appRoleId: '741f803b-c850-494e-b5df-cde7c675a1ca', displayName: "Read and write all users' full profiles", access: 'write' },
  { name: 'Directory.Read.All', appRoleId: '7ab1d382-f21e-4acd-a863-ba3e13f7da61', displayName: 'Read directory data', access: 'read' },
  { name: 'Directory.ReadWrite.All', appRoleId: '19dbc75e-c2e2-444c-a770-ec69d8559fc7', displayName: 'Read and write directory data', access: 'write' },
  { name: 'Group.Read.All', appRoleId: '5b567255-7703-4780-807c-7be8301ae99b', displayName: 'Read all groups', access: 'read' },
  { name: 'Group.ReadWrite.All', appRoleId: '62a82d76-70ea-41e2-9197-370581804d09', displayName: 'Read and write all groups', access: 'write' },
  { name: 'GroupMember.Read.All', appRoleId: '98830695-27a2-44f7-8c18-0c3ebc9698f6', displayName: 'Read all group memberships', access: 'read' },
  { name: 'GroupMember.ReadWrite.All', appRoleId: 'dbaae8cf-10b5-4b86-a4a1-f871c94c6695', displayName: 'Read and write all group memberships', access: 'write' },
  { name: 'Device.Read.All', appRoleId: '7438b122-aefc-4978-80ed-43db9fcc7715', displayName: 'Read all devices', access: 'read' },
  { name: 'Device.ReadWrite.All', appRoleId: '1138cb37-bd11-4084-a2b7-9f71582aeddb', displayName: 'Read and write devices', access: 'write' },
  {
    name: 'UserAuthenticationMethod.Read.All',
    appRoleId: '38d9df27-64da-44fd-b7c5-a6fbac20248f',
    displayName: "Read all users' authentication methods",
    access: 'read',
  },
  {
    name: 'UserAuthenticationMethod.ReadWrite.All',
    appRoleId: '50483e42-d915-4231-9639-7fdb7fd190e5',
    displayName: "Read and write all users' authentication methods",
    access: 'write',
  },
  { name: 'User.RevokeSessions.All', appRoleId: '77f3a031-c388-4f99-b373-dc68676a979e', displayName: 'Revoke all sign in sessions for a user', access: 'write' },
  { name: 'Application.Read.All', appRoleId: '9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30', displayName: 'Read all applications', access: 'read' },
  { name: 'Application.ReadWrite.All', appRoleId: '1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9', displayName: 'Read and write all applications', access: 'write' },
  {
    name: 'AppRoleAssignment.ReadWrite.All',
    appRoleId: '06b708a9-e830-4db3-a914-8e69da51d44f',
    displayName: 'Manage app permission grants and app role assignments',
    access: 'write',
  },
  { name: 'AuditLog.Read.All', appRoleId: 'b0afded3-3588-46d8-8b3d-9842eff778da', displayName: 'Read all audit log data', access: 'read' },
  { name: 'Mail.Send', appRoleId: 'b633e1c5-b582-4048-a93e-9f11b44c7e96', displayName: 'Send mail as any user', access: 'write' },
] as const satisfies readonly GraphAppPermissionDef[];

export type GraphAppPermission = (typeof graphAppPermissions)[number];
export type GraphPermission = GraphAppPermission['name'];
export type PermissionAccess = GraphAppPermission['access'];

export const graphPermissionNames = graphAppPermissions.map((p) => p.name) as [GraphPermission, ...GraphPermission[]];

const byName = new Map<string, GraphAppPermission>(graphAppPermissions.map((p) => [p.name, p]));

/** Exact, case-sensitive: Entra emits permission names in one spelling. */
export function isGraphPermission(value: unknown): value is GraphPermission {
  return typeof value === 'string' && byName.has(value);
}

export function graphAppPermission(name: GraphPermission): GraphAppPermission {
  const found = byName.get(name);
  if (!found) throw new Error(`not a catalogued Graph permission: ${name}`);
  return found;
}

/**
 * For each permission a catalog call can require: the other application permissions that Graph's per-API
 * tables accept for every catalog call requiring it (the "Higher privileged permissions" column; for the one
 * inferred row, see docs/permission-catalog.md). Closed under transitivity, which requiredPermissions relies on.
 * A permission without an entry is satisfied only by itself: no catalog call requires Group.Read.All, and for
 * User.RevokeSessions.All Graph's current table lists no higher application permission.
 */
export const broaderPermissions: { readonly [P in GraphPermission]?: readonly GraphPermission[] } = {
  'User.Read.All': ['User.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
  'GroupMember.Read.All': ['GroupMember.ReadWrite.All', 'Group.Read.All', 'Group.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
  'GroupMember.ReadWrite.All': ['Group.ReadWrite.All', 'Directory.ReadWrite.All'],
  'Device.Read.All': ['Device.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
  'UserAuthenticationMethod.Read.All': ['UserAuthenticationMethod.ReadWrite.All'],
};

/**
 * Whether a granted application permission (a `roles` claim entry, any string) allows what `required`
 * allows for the catalog's calls. Case-sensitive; a delegated scope name never satisfies anything here.
 */
export function satisfies(granted: string, required: GraphPermission): boolean {
  if (granted === required) return true;
  return broaderPermissions[required]?.some((p) => p === granted) ?? false;
}
