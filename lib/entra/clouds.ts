/**
 * The Microsoft clouds an app registration can live in. Hosts from Microsoft Graph's national-cloud
 * deployment table and Entra's national-cloud authentication hosts; see docs/MICROSOFT-IDENTITY.md §2.1.
 */
export const clouds = [
  {
    id: 'global',
    label: 'Global',
    description: 'Microsoft Azure commercial cloud (also Microsoft 365 GCC)',
    loginUrl: 'https://login.microsoftonline.com',
    loginAliases: ['login.microsoftonline.com', 'login.windows.net', 'login.microsoft.com'],
    graphUrl: 'https://graph.microsoft.com',
    adminCenterUrl: 'https://entra.microsoft.com',
    cloudInstanceNames: ['microsoftonline.com'],
  },
  {
    id: 'usgov',
    label: 'US Government',
    description: 'Azure Government, Microsoft 365 GCC High',
    loginUrl: 'https://login.microsoftonline.us',
    loginAliases: ['login.microsoftonline.us', 'login.usgovcloudapi.net'],
    graphUrl: 'https://graph.microsoft.us',
    adminCenterUrl: 'https://portal.azure.us',
    cloudInstanceNames: ['microsoftonline.us'],
  },
  {
    id: 'usgovdod',
    label: 'US Government DoD',
    description: 'Azure Government, Microsoft 365 DoD',
    loginUrl: 'https://login.microsoftonline.us',
    loginAliases: ['login.microsoftonline.us', 'login.usgovcloudapi.net'],
    graphUrl: 'https://dod-graph.microsoft.us',
    adminCenterUrl: 'https://portal.azure.us',
    cloudInstanceNames: ['microsoftonline.us'],
  },
  {
    id: 'china',
    label: 'China',
    description: 'Microsoft Azure operated by 21Vianet',
    loginUrl: 'https://login.partner.microsoftonline.cn',
    loginAliases: ['login.partner.microsoftonline.cn', 'login.chinacloudapi.cn'],
    graphUrl: 'https://microsoftgraph.chinacloudapi.cn',
    adminCenterUrl: 'https://portal.azure.cn',
    cloudInstanceNames: ['partner.microsoftonline.cn', 'chinacloudapi.cn'],
  },
] as const;

export type Cloud = (typeof clouds)[number];
export type CloudId = Cloud['id'];

export const cloudIds = clouds.map((c) => c.id) as [CloudId, ...CloudId[]];

export function getCloud(id: CloudId): Cloud {
  const cloud = clouds.find((c) => c.id === id);
  if (!cloud) throw new Error(`unknown cloud ${id}`);
  return cloud;
}

/** The client-credentials scope for Microsoft Graph in a cloud: always the cloud's own Graph host. */
export function graphScope(cloud: Cloud): string {
  return `${cloud.graphUrl}/.default`;
}

/** The Access token URL Nexthink posts to, built from the tenant GUID (never a domain: a GUID survives domain renames). */
export function accessTokenUrl(cloud: Cloud, tenantId: string): string {
  return `${cloud.loginUrl}/${tenantId}/oauth2/v2.0/token`;
}

/** Nexthink's "URL address" for Graph: the host only, because Library thinklets carry `/v1.0/...` in their resource paths. */
export function graphUrlAddress(cloud: Cloud): string {
  return `${cloud.graphUrl}/`;
}

/**
 * Which clouds a discovery document's `cloud_instance_name` (and `msgraph_host`) point to.
 * US Government and DoD share a login host and instance name, so both are returned unless
 * `msgraph_host` tells them apart.
 */
export function cloudsForInstance(cloudInstanceName: string | undefined, msgraphHost?: string): CloudId[] {
  if (!cloudInstanceName) return [];
  const name = cloudInstanceName.toLowerCase();
  const matches = clouds.filter((c) => (c.cloudInstanceNames as readonly string[]).includes(name)).map((c) => c.id);
  if (matches.length > 1 && msgraphHost) {
    const host = msgraphHost.toLowerCase();
    const byGraph = clouds.filter((c) => matches.includes(c.id) && new URL(c.graphUrl).host === host).map((c) => c.id);
    if (byGraph.length > 0) return byGraph;
  }
  return matches;
}

export type AppBlade = 'Overview' | 'Credentials' | 'CallAnAPI';

/** Deep link to one blade of an app registration in the cloud's admin portal. */
export function appRegistrationLink(cloud: Cloud, clientId: string, blade: AppBlade): string {
  return `${cloud.adminCenterUrl}/#view/Microsoft_AAD_RegisteredApps/ApplicationMenuBlade/~/${blade}/appId/${encodeURIComponent(clientId)}/isMSAApp~/false`;
}

export function appRegistrationsListLink(cloud: Cloud): string {
  return `${cloud.adminCenterUrl}/#view/Microsoft_AAD_RegisteredApps/ApplicationsListBlade`;
}
