import type { Cloud } from './scenario';

/** Clouds that share one Entra authority host: a tenant is "cross cloud" when its instance differs. */
export type LoginInstance = 'global' | 'us' | 'china';

export interface CloudInfo {
  readonly id: Cloud;
  readonly instance: LoginInstance;
  readonly loginHost: string;
  readonly cloudInstanceName: string;
  readonly graphHost: string;
  readonly aadGraphHost: string;
  readonly rbacUrl: string;
  readonly defaultRegion: string;
  /** v1.0 access tokens' `iss`/`idp`. */
  readonly v1IssuerBase: string;
}

export const CLOUDS: Readonly<Record<Cloud, CloudInfo>> = {
  global: {
    id: 'global',
    instance: 'global',
    loginHost: 'login.microsoftonline.com',
    cloudInstanceName: 'microsoftonline.com',
    graphHost: 'graph.microsoft.com',
    aadGraphHost: 'graph.windows.net',
    rbacUrl: 'https://pas.windows.net',
    defaultRegion: 'WW',
    v1IssuerBase: 'https://sts.windows.net',
  },
  usgov: {
    id: 'usgov',
    instance: 'us',
    loginHost: 'login.microsoftonline.us',
    cloudInstanceName: 'microsoftonline.us',
    graphHost: 'graph.microsoft.us',
    aadGraphHost: 'graph.windows.net',
    rbacUrl: 'https://pasff.usgovcloudapi.net',
    defaultRegion: 'USGov',
    v1IssuerBase: 'https://login.microsoftonline.us',
  },
  usgovdod: {
    id: 'usgovdod',
    instance: 'us',
    loginHost: 'login.microsoftonline.us',
    cloudInstanceName: 'microsoftonline.us',
    graphHost: 'dod-graph.microsoft.us',
    aadGraphHost: 'graph.windows.net',
    rbacUrl: 'https://pasff.usgovcloudapi.net',
    defaultRegion: 'USGov',
    v1IssuerBase: 'https://login.microsoftonline.us',
  },
  china: {
    id: 'china',
    instance: 'china',
    loginHost: 'login.partner.microsoftonline.cn',
    cloudInstanceName: 'partner.microsoftonline.cn',
    graphHost: 'microsoftgraph.chinacloudapi.cn',
    aadGraphHost: 'graph.chinacloudapi.cn',
    rbacUrl: 'https://pas.chinacloudapi.cn',
    defaultRegion: 'AS',
    v1IssuerBase: 'https://sts.chinacloudapi.cn',
  },
};

export const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';

/** Graph hosts whose resource principal exists in a tenant of this cloud (US Gov tenants know both US Graph hosts). */
export function graphHostsFor(cloud: Cloud): readonly string[] {
  if (cloud === 'usgov' || cloud === 'usgovdod') return ['graph.microsoft.us', 'dod-graph.microsoft.us'];
  return [CLOUDS[cloud].graphHost];
}

export function v1Issuer(cloud: Cloud, tenantId: string): string {
  return `${CLOUDS[cloud].v1IssuerBase}/${tenantId}/`;
}
