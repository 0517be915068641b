/**
 * Properties of microsoft.graph.user in Graph v1.0 (the user resource type reference). Graph matches
 * $select names case-insensitively, but Nexthink's connector wants the exact name, so the wizard
 * compares against this list to catch a wrong case. Directory extensions (extension_<appId>_<name>)
 * are tenant-specific and not listed.
 */
const graphUserProperties = [
  'aboutMe', 'accountEnabled', 'ageGroup', 'assignedLicenses', 'assignedPlans', 'authorizationInfo', 'birthday',
  'businessPhones', 'city', 'companyName', 'consentProvidedForMinor', 'country', 'createdDateTime', 'creationType',
  'customSecurityAttributes', 'deletedDateTime', 'department', 'displayName', 'employeeHireDate', 'employeeId',
  'employeeLeaveDateTime', 'employeeOrgData', 'employeeType', 'externalUserState', 'externalUserStateChangeDateTime',
  'faxNumber', 'givenName', 'hireDate', 'id', 'identities', 'imAddresses', 'interests', 'isManagementRestricted',
  'isResourceAccount', 'jobTitle', 'lastPasswordChangeDateTime', 'legalAgeGroupClassification',
  'licenseAssignmentStates', 'mail', 'mailboxSettings', 'mailNickname', 'mobilePhone', 'mySite', 'officeLocation',
  'onPremisesDistinguishedName', 'onPremisesDomainName', 'onPremisesExtensionAttributes', 'onPremisesImmutableId',
  'onPremisesLastSyncDateTime', 'onPremisesProvisioningErrors', 'onPremisesSamAccountName',
  'onPremisesSecurityIdentifier', 'onPremisesSyncEnabled', 'onPremisesUserPrincipalName', 'otherMails',
  'passwordPolicies', 'passwordProfile', 'pastProjects', 'postalCode', 'preferredDataLocation', 'preferredLanguage',
  'preferredName', 'print', 'provisionedPlans', 'proxyAddresses', 'responsibilities', 'schools', 'securityIdentifier',
  'serviceProvisioningErrors', 'showInAddressList', 'signInActivity', 'signInSessionsValidFromDateTime', 'skills',
  'state', 'streetAddress', 'surname', 'usageLocation', 'userPrincipalName', 'userType',
] as const;

const byLower = new Map<string, string>(graphUserProperties.map((p) => [p.toLowerCase(), p]));

/** The canonical spelling of a user property, when Graph documents one. */
export function canonicalUserProperty(name: string): string | undefined {
  return byLower.get(name.toLowerCase());
}

export function isDirectoryExtension(name: string): boolean {
  return /^extension_[0-9a-f]{32}_[A-Za-z0-9_]+$/i.test(name);
}
