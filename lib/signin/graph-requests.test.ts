import { describe, expect, it } from 'vitest';
import {
  addPasswordRequest,
  adminConsentUrl,
  createApplicationRequest,
  createServicePrincipalRequest,
  deleteApplicationRequest,
  getApplicationRequest,
  getGraphServicePrincipalRequest,
  getServicePrincipalRequest,
  grantAppRoleRequest,
  listAppRoleAssignmentsRequest,
  odataString,
  searchApplicationsRequest,
  secretEndDateTime,
} from './graph-requests';
import { graphScopes, scopeExplanations } from './scopes';

const APP = '5f1c7a52-8a4e-4c6b-9a0e-3d2b6f4e9c11';
const OBJ = '03ef14b0-ca33-4840-8f4f-d6e91916010e';
const SP = '8e881353-1735-45af-af21-ee1344582a4d';
const GRAPH_SP = '7408235b-7540-4850-82fe-a5f15ed019e2';
const TENANT = '8eaef023-2b34-4da1-9baa-8bc8c9d6a490';

describe('searchApplicationsRequest', () => {
  it('searches display names with $search, $count and ConsistencyLevel: eventual', () => {
    const r = searchApplicationsRequest('  Nexthink  connector ');
    expect(r.method).toBe('GET');
    expect(r.headers).toEqual({ ConsistencyLevel: 'eventual' });
    expect(r.path).toBe(
      '/v1.0/applications?$search=%22displayName%3ANexthink%20connector%22&$orderby=displayName&$count=true&$top=25&$select=id%2CappId%2CdisplayName%2CsignInAudience%2CcreatedDateTime',
    );
  });

  it('looks a pasted client ID up exactly with $filter', () => {
    const r = searchApplicationsRequest(APP.toUpperCase());
    expect(r.path).toBe(`/v1.0/applications?$filter=${encodeURIComponent(`appId eq '${APP}'`)}&$select=id%2CappId%2CdisplayName%2CsignInAudience%2CcreatedDateTime`);
    expect(r.headers).toBeUndefined();
  });

  it('lists the first page by name when nothing is typed, and strips quotes that would end the $search string', () => {
    expect(searchApplicationsRequest('').path).toMatch(/^\/v1\.0\/applications\?\$orderby=displayName&\$count=true&\$top=25&/);
    expect(searchApplicationsRequest('a"b\\c').path).toContain('$search=%22displayName%3Aa%20b%20c%22');
  });
});

describe('reads', () => {
  it('address the app and its service principal by client ID (alternate key)', () => {
    expect(getApplicationRequest(APP).path).toBe(
      `/v1.0/applications(appId='${APP}')?$select=id%2CappId%2CdisplayName%2CsignInAudience%2CcreatedDateTime%2CpasswordCredentials%2CrequiredResourceAccess`,
    );
    expect(getServicePrincipalRequest(APP).path).toBe(`/v1.0/servicePrincipals(appId='${APP}')?$select=id%2CappId%2CdisplayName%2CaccountEnabled`);
    expect(getGraphServicePrincipalRequest().path).toBe(
      "/v1.0/servicePrincipals(appId='00000003-0000-0000-c000-000000000000')?$select=id%2CappId%2CdisplayName%2CappRoles%2Coauth2PermissionScopes",
    );
    expect(listAppRoleAssignmentsRequest(SP).path).toBe(`/v1.0/servicePrincipals/${SP}/appRoleAssignments`);
  });

  it('refuse anything but a GUID where Graph expects an id, so no input can change the path', () => {
    expect(() => getApplicationRequest("x') or (1 eq 1")).toThrow(/GUID/);
    expect(() => listAppRoleAssignmentsRequest('../users')).toThrow(/GUID/);
  });

  it('quote OData strings by doubling single quotes', () => {
    expect(odataString("O'Brien")).toBe("'O''Brien'");
  });
});

describe('writes', () => {
  it('create a single-tenant app with the Graph application permissions configured', () => {
    const r = createApplicationRequest({
      displayName: ' Nexthink connector ',
      appRoleIds: ['df021288-bdef-4463-88db-98f22de89214'],
      redirectUri: 'https://wizard.example/redirect',
    });
    expect(r).toEqual({
      method: 'POST',
      path: '/v1.0/applications',
      body: {
        displayName: 'Nexthink connector',
        signInAudience: 'AzureADMyOrg',
        requiredResourceAccess: [
          { resourceAppId: '00000003-0000-0000-c000-000000000000', resourceAccess: [{ id: 'df021288-bdef-4463-88db-98f22de89214', type: 'Role' }] },
        ],
        web: { redirectUris: ['https://wizard.example/redirect'] },
      },
    });
    expect(() => createApplicationRequest({ displayName: '  ', appRoleIds: [] })).toThrow();
  });

  it('create the service principal, add a secret, grant an app role, delete', () => {
    expect(createServicePrincipalRequest(APP)).toEqual({ method: 'POST', path: '/v1.0/servicePrincipals', body: { appId: APP } });
    expect(addPasswordRequest(OBJ, { displayName: 'Nexthink', endDateTime: '2030-01-01T00:00:00.000Z' })).toEqual({
      method: 'POST',
      path: `/v1.0/applications/${OBJ}/addPassword`,
      body: { passwordCredential: { displayName: 'Nexthink', endDateTime: '2030-01-01T00:00:00.000Z' } },
    });
    expect(grantAppRoleRequest({ graphServicePrincipalId: GRAPH_SP, servicePrincipalId: SP, appRoleId: 'df021288-bdef-4463-88db-98f22de89214' })).toEqual({
      method: 'POST',
      path: `/v1.0/servicePrincipals/${GRAPH_SP}/appRoleAssignedTo`,
      body: { principalId: SP, resourceId: GRAPH_SP, appRoleId: 'df021288-bdef-4463-88db-98f22de89214' },
    });
    expect(deleteApplicationRequest(OBJ)).toEqual({ method: 'DELETE', path: `/v1.0/applications/${OBJ}` });
  });

  it('builds the tenant-wide admin-consent link', () => {
    expect(adminConsentUrl('https://login.microsoftonline.com/', TENANT, APP, 'https://wizard.example/redirect')).toBe(
      `https://login.microsoftonline.com/${TENANT}/adminconsent?client_id=${APP}&redirect_uri=https%3A%2F%2Fwizard.example%2Fredirect`,
    );
  });

  it('keeps secret lifetimes between 1 day and 24 months', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(secretEndDateTime(180, now)).toBe('2025-06-30T00:00:00.000Z');
    expect(secretEndDateTime(730, now)).toBe('2027-01-01T00:00:00.000Z');
    expect(() => secretEndDateTime(731, now)).toThrow();
    expect(() => secretEndDateTime(0, now)).toThrow();
  });
});

describe('scopes', () => {
  it('asks for reading at sign-in and writing only to create or rotate, on the cloud’s Graph host', () => {
    expect(graphScopes('https://graph.microsoft.com', 'read')).toEqual(['https://graph.microsoft.com/Application.Read.All']);
    expect(graphScopes('https://graph.microsoft.us/', 'create')).toEqual([
      'https://graph.microsoft.us/Application.ReadWrite.All',
      'https://graph.microsoft.us/AppRoleAssignment.ReadWrite.All',
      'https://graph.microsoft.us/Policy.Read.All',
    ]);
    expect(graphScopes('https://graph.microsoft.com', 'rotate')).toEqual(['https://graph.microsoft.com/Application.ReadWrite.All', 'https://graph.microsoft.com/Policy.Read.All']);
    expect(scopeExplanations('create').map((s) => s.scope)).toEqual(['Application.ReadWrite.All', 'AppRoleAssignment.ReadWrite.All', 'Policy.Read.All']);
    expect(graphScopes('https://graph.microsoft.com', 'activity')).toEqual(['https://graph.microsoft.com/AuditLog.Read.All']);
  });
});
