/**
 * Delegated Microsoft Graph permissions the signed-in admin grants to the wizard's sign-in app, asked for
 * one purpose at a time: reading when they sign in (Fill, Inspect), writing (and reading the tenant's secret
 * policy) only when they choose Create or Rotate, the credential activity report only when a rotation asks
 * whether the old secret is still used. Scopes always name the cloud's real Graph host, whatever URL the calls go to.
 */
export const delegatedScopes = {
  'Application.Read.All': 'read your app registrations, their secrets’ dates (never their values), their service principals and granted permissions',
  'Application.ReadWrite.All': 'create the app registration and its service principal, and add client secrets',
  'AppRoleAssignment.ReadWrite.All': 'grant admin consent for the Microsoft Graph application permissions the app needs',
  'Policy.Read.All': 'read your tenant’s app management policies, to propose a secret lifetime they allow',
  'AuditLog.Read.All': 'read when each of the app’s secrets last signed in (Entra’s credential activity report), to tell when the old one is unused',
} as const;

export type DelegatedScope = keyof typeof delegatedScopes;

export const purposeScopes = {
  read: ['Application.Read.All'],
  create: ['Application.ReadWrite.All', 'AppRoleAssignment.ReadWrite.All', 'Policy.Read.All'],
  rotate: ['Application.ReadWrite.All', 'Policy.Read.All'],
  policy: ['Policy.Read.All'],
  activity: ['AuditLog.Read.All'],
} as const satisfies Record<string, readonly DelegatedScope[]>;

export type SigninPurpose = keyof typeof purposeScopes;

/** Fully qualified scopes for MSAL, e.g. https://graph.microsoft.com/Application.Read.All. */
export function graphScopes(graphResource: string, purpose: SigninPurpose): string[] {
  const base = graphResource.replace(/\/+$/, '');
  return purposeScopes[purpose].map((s) => `${base}/${s}`);
}

/** What Microsoft's consent prompt will list for a purpose, in the admin's words. */
export function scopeExplanations(purpose: SigninPurpose): { scope: DelegatedScope; reason: string }[] {
  return purposeScopes[purpose].map((scope) => ({ scope, reason: delegatedScopes[scope] }));
}
