/**
 * Every property of `microsoft.graph.user` in Graph v1.0 (resource reference "user resource type",
 * Properties table). $select is validated against this list.
 */
export const USER_PROPERTIES = [
  'aboutMe',
  'accountEnabled',
  'ageGroup',
  'assignedLicenses',
  'assignedPlans',
  'authorizationInfo',
  'birthday',
  'businessPhones',
  'city',
  'companyName',
  'consentProvidedForMinor',
  'country',
  'createdDateTime',
  'creationType',
  'customSecurityAttributes',
  'deletedDateTime',
  'department',
  'displayName',
  'employeeHireDate',
  'employeeId',
  'employeeLeaveDateTime',
  'employeeOrgData',
  'employeeType',
  'externalUserState',
  'externalUserStateChangeDateTime',
  'faxNumber',
  'givenName',
  'hireDate',
  'id',
  'identities',
  'imAddresses',
  'interests',
  'isResourceAccount',
  'jobTitle',
  'lastPasswordChangeDateTime',
  'legalAgeGroupClassification',
  'licenseAssignmentStates',
  'mail',
  'mailboxSettings',
  'mailNickname',
  'mobilePhone',
  'mySite',
  'officeLocation',
  'onPremisesDistinguishedName',
  'onPremisesDomainName',
  'onPremisesExtensionAttributes',
  'onPremisesImmutableId',
  'onPremisesLastSyncDateTime',
  'onPremisesProvisioningErrors',
  'onPremisesSamAccountName',
  'onPremisesSecurityIdentifier',
  'onPremisesSyncEnabled',
  'onPremisesUserPrincipalName',
  'otherMails',
  'passwordPolicies',
  'passwordProfile',
  'pastProjects',
  'postalCode',
  'preferredDataLocation',
  'preferredLanguage',
  'preferredName',
  'provisionedPlans',
  'proxyAddresses',
  'responsibilities',
  'schools',
  'securityIdentifier',
  'serviceProvisioningErrors',
  'showInAddressList',
  'signInActivity',
  'signInSessionsValidFromDateTime',
  'skills',
  'state',
  'streetAddress',
  'surname',
  'usageLocation',
  'userPrincipalName',
  'userType',
] as const;

export type UserProperty = (typeof USER_PROPERTIES)[number];

/** Returned by GET /users and GET /users/{id} without $select, in the wire order of the user-list fixture. */
export const USER_DEFAULT_PROPERTIES = [
  'businessPhones',
  'displayName',
  'givenName',
  'jobTitle',
  'mail',
  'mobilePhone',
  'officeLocation',
  'preferredLanguage',
  'surname',
  'userPrincipalName',
  'id',
] as const satisfies readonly UserProperty[];

/** Readable with User.ReadBasic.All ("basic profile"). */
export const USER_BASIC_PROPERTIES: ReadonlySet<string> = new Set([
  'displayName',
  'givenName',
  'id',
  'mail',
  'securityIdentifier',
  'surname',
  'userPrincipalName',
]);

const USER_COLLECTION_PROPERTIES: ReadonlySet<string> = new Set([
  'assignedLicenses',
  'assignedPlans',
  'businessPhones',
  'identities',
  'imAddresses',
  'interests',
  'licenseAssignmentStates',
  'onPremisesProvisioningErrors',
  'otherMails',
  'pastProjects',
  'provisionedPlans',
  'proxyAddresses',
  'responsibilities',
  'schools',
  'serviceProvisioningErrors',
  'skills',
]);

/** Properties usable in a standard (non-advanced) $filter on users. */
export const USER_FILTERABLE_PROPERTIES: ReadonlySet<string> = new Set([
  'accountEnabled',
  'city',
  'companyName',
  'country',
  'createdDateTime',
  'department',
  'displayName',
  'employeeId',
  'givenName',
  'id',
  'jobTitle',
  'mail',
  'mailNickname',
  'onPremisesSamAccountName',
  'onPremisesSyncEnabled',
  'onPremisesUserPrincipalName',
  'state',
  'surname',
  'usageLocation',
  'userPrincipalName',
  'userType',
]);

/** Selecting these needs more than a user permission (Graph answers 403). */
export const USER_PROPERTY_EXTRA_ROLES: Readonly<Record<string, readonly string[]>> = {
  signInActivity: ['AuditLog.Read.All'],
  mailboxSettings: ['MailboxSettings.Read', 'MailboxSettings.ReadWrite'],
  customSecurityAttributes: ['CustomSecAttributeAssignment.Read.All', 'CustomSecAttributeAssignment.ReadWrite.All'],
};

const USER_PROPERTY_BY_LOWER = new Map<string, UserProperty>(USER_PROPERTIES.map((p) => [p.toLowerCase(), p]));

export function canonicalUserProperty(name: string): UserProperty | undefined {
  return USER_PROPERTY_BY_LOWER.get(name.toLowerCase());
}

export function defaultUserValue(property: string): unknown {
  if (USER_COLLECTION_PROPERTIES.has(property)) return [];
  if (property === 'onPremisesExtensionAttributes') {
    const attrs: Record<string, null> = {};
    for (let i = 1; i <= 15; i += 1) attrs[`extensionAttribute${i}`] = null;
    return attrs;
  }
  if (property === 'authorizationInfo') return { certificateUserIds: [] };
  return null;
}
