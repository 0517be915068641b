/**
 * The Nexthink user fields the Entra ID inbound connector fills (Field mapping tab, "Common"), with the
 * Entra ID (Graph user) property typically typed for each. Nexthink's NQL names them `user.ad.*`; the
 * Library documentation calls the username field `user.ad.name`. See DOMAIN.md §1.
 */
export const nexthinkUserFields = [
  {
    key: 'username',
    label: 'Username',
    nqlField: 'user.ad.username',
    defaultProperty: 'userPrincipalName',
    required: true,
    hint: 'The UPN. Workflows look users up in Graph by this value. The Library documentation calls it user.ad.name.',
  },
  { key: 'email_address', label: 'Email address', nqlField: 'user.ad.email_address', defaultProperty: 'mail', required: false, hint: 'Often differs from the UPN; never used to look users up.' },
  { key: 'full_name', label: 'Full name', nqlField: 'user.ad.full_name', defaultProperty: 'displayName', required: false, hint: '' },
  { key: 'department', label: 'Department', nqlField: 'user.ad.department', defaultProperty: 'department', required: false, hint: '' },
  { key: 'job_title', label: 'Job title', nqlField: 'user.ad.job_title', defaultProperty: 'jobTitle', required: false, hint: '' },
  { key: 'office', label: 'Office', nqlField: 'user.ad.office', defaultProperty: 'officeLocation', required: false, hint: '' },
  { key: 'city', label: 'City', nqlField: 'user.ad.city', defaultProperty: 'city', required: false, hint: '' },
  {
    key: 'country_code',
    label: 'Country code',
    nqlField: 'user.ad.country_code',
    defaultProperty: 'country',
    required: false,
    hint: 'country is free text ("Switzerland"); usageLocation holds a two-letter code ("CH").',
  },
  {
    key: 'distinguished_name',
    label: 'Distinguished name',
    nqlField: 'user.ad.distinguished_name',
    defaultProperty: '',
    required: false,
    hint: 'Hybrid only: onPremisesDistinguishedName, filled for users synced by Entra Connect.',
  },
] as const;

export type NexthinkFieldKey = (typeof nexthinkUserFields)[number]['key'];
export const nexthinkFieldKeys = nexthinkUserFields.map((f) => f.key) as [NexthinkFieldKey, ...NexthinkFieldKey[]];

export type Mapping = Partial<Record<NexthinkFieldKey, string>>;

export const defaultMapping: Mapping = Object.fromEntries(nexthinkUserFields.map((f) => [f.key, f.defaultProperty]));

/** The mapped pairs in Nexthink's order, leaving out unmapped fields. */
export function mappedFields(mapping: Mapping): { key: NexthinkFieldKey; label: string; nqlField: string; property: string }[] {
  return nexthinkUserFields
    .map((f) => ({ key: f.key, label: f.label, nqlField: f.nqlField, property: (mapping[f.key] ?? '').trim() }))
    .filter((f) => f.property !== '');
}
