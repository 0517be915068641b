/** Property lists of the other directory objects the emulator serves (Graph v1.0). */

export const GROUP_DEFAULT_PROPERTIES = [
  'id',
  'deletedDateTime',
  'classification',
  'createdDateTime',
  'creationOptions',
  'description',
  'displayName',
  'expirationDateTime',
  'groupTypes',
  'isAssignableToRole',
  'mail',
  'mailEnabled',
  'mailNickname',
  'membershipRule',
  'membershipRuleProcessingState',
  'onPremisesDomainName',
  'onPremisesLastSyncDateTime',
  'onPremisesNetBiosName',
  'onPremisesSamAccountName',
  'onPremisesSecurityIdentifier',
  'onPremisesSyncEnabled',
  'preferredDataLocation',
  'preferredLanguage',
  'proxyAddresses',
  'renewedDateTime',
  'resourceBehaviorOptions',
  'resourceProvisioningOptions',
  'securityEnabled',
  'securityIdentifier',
  'theme',
  'uniqueName',
  'visibility',
  'onPremisesProvisioningErrors',
  'serviceProvisioningErrors',
] as const;

export const GROUP_PROPERTIES: readonly string[] = [
  ...GROUP_DEFAULT_PROPERTIES,
  'allowExternalSenders',
  'assignedLabels',
  'assignedLicenses',
  'autoSubscribeNewMembers',
  'hasMembersWithLicenseErrors',
  'hideFromAddressLists',
  'hideFromOutlookClients',
  'isSubscribedByMail',
  'licenseProcessingState',
  'unseenCount',
];

const GROUP_COLLECTIONS = new Set([
  'groupTypes',
  'proxyAddresses',
  'resourceBehaviorOptions',
  'resourceProvisioningOptions',
  'creationOptions',
  'onPremisesProvisioningErrors',
  'serviceProvisioningErrors',
  'assignedLabels',
  'assignedLicenses',
]);

export const GROUP_FILTERABLE_PROPERTIES: ReadonlySet<string> = new Set([
  'id',
  'displayName',
  'mail',
  'mailEnabled',
  'mailNickname',
  'securityEnabled',
  'onPremisesSyncEnabled',
]);

export const DEVICE_DEFAULT_PROPERTIES = [
  'id',
  'deletedDateTime',
  'accountEnabled',
  'approximateLastSignInDateTime',
  'complianceExpirationDateTime',
  'createdDateTime',
  'deviceCategory',
  'deviceId',
  'deviceMetadata',
  'deviceOwnership',
  'deviceVersion',
  'displayName',
  'domainName',
  'enrollmentProfileName',
  'enrollmentType',
  'externalSourceName',
  'isCompliant',
  'isManaged',
  'isRooted',
  'managementType',
  'manufacturer',
  'mdmAppId',
  'model',
  'onPremisesLastSyncDateTime',
  'onPremisesSecurityIdentifier',
  'onPremisesSyncEnabled',
  'operatingSystem',
  'operatingSystemVersion',
  'physicalIds',
  'profileType',
  'registrationDateTime',
  'sourceType',
  'systemLabels',
  'trustType',
  'extensionAttributes',
  'alternativeSecurityIds',
] as const;

export const DEVICE_PROPERTIES: readonly string[] = [...DEVICE_DEFAULT_PROPERTIES];

const DEVICE_COLLECTIONS = new Set(['physicalIds', 'systemLabels', 'alternativeSecurityIds']);

export const DEVICE_FILTERABLE_PROPERTIES: ReadonlySet<string> = new Set([
  'id',
  'deviceId',
  'displayName',
  'accountEnabled',
  'operatingSystem',
  'operatingSystemVersion',
  'trustType',
]);

export function defaultGroupValue(property: string): unknown {
  return GROUP_COLLECTIONS.has(property) ? [] : null;
}

export function defaultDeviceValue(property: string): unknown {
  if (DEVICE_COLLECTIONS.has(property)) return [];
  if (property === 'extensionAttributes') {
    const attrs: Record<string, null> = {};
    for (let i = 1; i <= 15; i += 1) attrs[`extensionAttribute${i}`] = null;
    return attrs;
  }
  return null;
}

/** Keys of an organization object, in the order of the organization fixtures. */
export const ORGANIZATION_PROPERTIES = [
  'id',
  'deletedDateTime',
  'businessPhones',
  'city',
  'country',
  'countryLetterCode',
  'createdDateTime',
  'defaultUsageLocation',
  'displayName',
  'isMultipleDataLocationsForServicesEnabled',
  'marketingNotificationEmails',
  'onPremisesLastSyncDateTime',
  'onPremisesSyncEnabled',
  'partnerTenantType',
  'postalCode',
  'preferredLanguage',
  'securityComplianceNotificationMails',
  'securityComplianceNotificationPhones',
  'state',
  'street',
  'technicalNotificationMails',
  'tenantType',
  'directorySizeQuota',
  'assignedPlans',
  'privacyProfile',
  'provisionedPlans',
  'verifiedDomains',
] as const;
