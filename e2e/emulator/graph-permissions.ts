import { deterministicGuid } from './ids';

/**
 * Microsoft Graph's own service principal as a tenant sees it: the ids of its application permissions
 * (appRoles) and delegated permissions (oauth2PermissionScopes). The ids are the same in every tenant
 * (docs/MICROSOFT-IDENTITY.md §5; delegated ids from a public full list of Graph permissions, cross-checked);
 * the service principal's object id differs per tenant.
 */

export const GRAPH_APP_ROLES: readonly { readonly value: string; readonly id: string; readonly displayName: string }[] = [
  { value: 'User.Read.All', id: 'df021288-bdef-4463-88db-98f22de89214', displayName: "Read all users' full profiles" },
  { value: 'User.ReadWrite.All', id: '741f803b-c850-494e-b5df-cde7c675a1ca', displayName: "Read and write all users' full profiles" },
  { value: 'Directory.Read.All', id: '7ab1d382-f21e-4acd-a863-ba3e13f7da61', displayName: 'Read directory data' },
  { value: 'Directory.ReadWrite.All', id: '19dbc75e-c2e2-444c-a770-ec69d8559fc7', displayName: 'Read and write directory data' },
  { value: 'Group.Read.All', id: '5b567255-7703-4780-807c-7be8301ae99b', displayName: 'Read all groups' },
  { value: 'Group.ReadWrite.All', id: '62a82d76-70ea-41e2-9197-370581804d09', displayName: 'Read and write all groups' },
  { value: 'GroupMember.Read.All', id: '98830695-27a2-44f7-8c18-0c3ebc9698f6', displayName: 'Read all group memberships' },
  { value: 'GroupMember.ReadWrite.All', id: 'dbaae8cf-10b5-4b86-a4a1-f871c94c6695', displayName: 'Read and write all group memberships' },
  { value: 'Device.Read.All', id: '7438b122-aefc-4978-80ed-43db9fcc7715', displayName: 'Read all devices' },
  { value: 'Device.ReadWrite.All', id: '1138cb37-bd11-4084-a2b7-9f71582aeddb', displayName: 'Read and write devices' },
  { value: 'UserAuthenticationMethod.Read.All', id: '38d9df27-64da-44fd-b7c5-a6fbac20248f', displayName: "Read all users' authentication methods" },
  { value: 'UserAuthenticationMethod.ReadWrite.All', id: '50483e42-d915-4231-9639-7fdb7fd190e5', displayName: "Read and write all users' authentication methods" },
  { value: 'User.RevokeSessions.All', id: '77f3a031-c388-4f99-b373-dc68676a979e', displayName: 'Revoke all sign in sessions for a user' },
  { value: 'Application.Read.All', id: '9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30', displayName: 'Read all applications' },
  { value: 'Application.ReadWrite.All', id: '1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9', displayName: 'Read and write all applications' },
  { value: 'AppRoleAssignment.ReadWrite.All', id: '06b708a9-e830-4db3-a914-8e69da51d44f', displayName: 'Manage app permission grants and app role assignments' },
  { value: 'AuditLog.Read.All', id: 'b0afded3-3588-46d8-8b3d-9842eff778da', displayName: 'Read all audit log data' },
  { value: 'Mail.Send', id: 'b633e1c5-b582-4048-a93e-9f11b44c7e96', displayName: 'Send mail as any user' },
  { value: 'Organization.Read.All', id: '498476ce-e0fe-48b0-b801-37ba7e2685c6', displayName: 'Read organization information' },
];

export const GRAPH_SCOPES: readonly { readonly value: string; readonly id: string; readonly adminConsentDisplayName: string; readonly type: 'User' | 'Admin' }[] = [
  { value: 'openid', id: '37f7f235-527c-4136-accd-4a02d197296e', adminConsentDisplayName: 'Sign users in', type: 'User' },
  { value: 'profile', id: '14dad69e-099b-42c9-810b-d002981feec1', adminConsentDisplayName: "View users' basic profile", type: 'User' },
  { value: 'email', id: '64a6cdd6-aab1-4aaf-94b8-3cc8405e90d0', adminConsentDisplayName: "View users' email address", type: 'User' },
  { value: 'offline_access', id: '7427e0e9-2fba-42fe-b0c0-848c9e6a8182', adminConsentDisplayName: 'Maintain access to data you have given it access to', type: 'User' },
  { value: 'User.Read', id: 'e1fe6dd8-ba31-4d61-89e7-88639da4683d', adminConsentDisplayName: 'Sign in and read user profile', type: 'User' },
  { value: 'User.Read.All', id: 'a154be20-db9c-4678-8ab7-66f6cc099a59', adminConsentDisplayName: "Read all users' full profiles", type: 'Admin' },
  { value: 'User.ReadBasic.All', id: 'b340eb25-3456-403f-be2f-af7a0d370277', adminConsentDisplayName: "Read all users' basic profiles", type: 'User' },
  { value: 'Group.Read.All', id: '5f8c59db-677d-491f-a6b8-5f174b11ec1d', adminConsentDisplayName: 'Read all groups', type: 'Admin' },
  { value: 'GroupMember.Read.All', id: 'bc024368-1153-4739-b217-4326f2e966d0', adminConsentDisplayName: 'Read group memberships', type: 'Admin' },
  { value: 'Directory.Read.All', id: '06da0dbc-49e2-44d2-8312-53f166ab848a', adminConsentDisplayName: 'Read directory data', type: 'Admin' },
  { value: 'Application.Read.All', id: 'c79f8feb-a9db-4090-85f9-90d820caa0eb', adminConsentDisplayName: 'Read applications', type: 'Admin' },
  { value: 'Application.ReadWrite.All', id: 'bdfbf15f-ee85-4955-8675-146e8e5296b5', adminConsentDisplayName: 'Read and write all applications', type: 'Admin' },
  { value: 'AppRoleAssignment.ReadWrite.All', id: '84bccea3-f856-4a8a-967b-dbe0a3d53a64', adminConsentDisplayName: 'Manage app permission grants and app role assignments', type: 'Admin' },
  { value: 'Policy.Read.All', id: '572fea84-0151-49b2-9301-11cb16974376', adminConsentDisplayName: "Read your organization's policies", type: 'Admin' },
  { value: 'AuditLog.Read.All', id: 'e4c9e354-4dc5-45b8-9e7c-e1393b0b1a20', adminConsentDisplayName: 'Read audit log data', type: 'Admin' },
];

const rolesByValue = new Map(GRAPH_APP_ROLES.map((r) => [r.value.toLowerCase(), r]));
const rolesById = new Map(GRAPH_APP_ROLES.map((r) => [r.id, r]));
const scopesByValue = new Map(GRAPH_SCOPES.map((s) => [s.value.toLowerCase(), s]));
const scopesById = new Map(GRAPH_SCOPES.map((s) => [s.id, s]));

export function appRoleByValue(value: string) {
  return rolesByValue.get(value.toLowerCase());
}
export function appRoleById(id: string) {
  return rolesById.get(id.toLowerCase());
}
export function scopeByValue(value: string) {
  return scopesByValue.get(value.toLowerCase());
}
export function scopeById(id: string) {
  return scopesById.get(id.toLowerCase());
}

/** Microsoft Graph's service principal object id in a tenant (stable per tenant). */
export function graphServicePrincipalId(tenantId: string): string {
  return deterministicGuid(tenantId, 'servicePrincipal', '00000003-0000-0000-c000-000000000000');
}

/**
 * Built-in directory roles that matter here, with their template ids (the `wids` claim) and what they may do
 * with app registrations (docs/MICROSOFT-IDENTITY.md §8). Only Global Administrator and Privileged Role
 * Administrator may grant Microsoft Graph application permissions.
 */
export const DIRECTORY_ROLES = {
  'Global Administrator': { id: '62e90394-69f5-4237-9190-012177145e10', manageApps: true, grantGraphAppRoles: true, readReports: true },
  'Privileged Role Administrator': { id: 'e8611ab8-c189-46e8-94e1-60213ab1f814', manageApps: false, grantGraphAppRoles: true, readReports: false },
  'Application Administrator': { id: '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3', manageApps: true, grantGraphAppRoles: false, readReports: false },
  'Cloud Application Administrator': { id: '158c047a-c907-4556-b7ef-446551a6b5f7', manageApps: true, grantGraphAppRoles: false, readReports: false },
  'Application Developer': { id: 'cf1c38e5-3621-4004-a7cb-879624dced7c', manageApps: false, grantGraphAppRoles: false, readReports: false },
  // The roles Graph names for the sign-in activity reports (delegated AuditLog.Read.All).
  'Reports Reader': { id: '4a5d8f65-41da-4de4-8968-e035b65339cf', manageApps: false, grantGraphAppRoles: false, readReports: true },
  'Security Reader': { id: '5d6b6bb7-de71-4623-b4af-96380a352509', manageApps: false, grantGraphAppRoles: false, readReports: true },
  'Global Reader': { id: 'f2ef992c-3afb-46b9-b7cf-a126ee74c451', manageApps: false, grantGraphAppRoles: false, readReports: true },
} as const;

export type DirectoryRole = keyof typeof DIRECTORY_ROLES;
export const DIRECTORY_ROLE_NAMES = Object.keys(DIRECTORY_ROLES) as [DirectoryRole, ...DirectoryRole[]];
