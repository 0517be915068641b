import 'server-only';
import { clientIdExists, clientIdFormat } from '@/lib/checks/client-id';
import { emptyMappedValues, mappedPropertiesExist, mappingPreview, upnFlags, usernameMapping } from '@/lib/checks/mapping';
import type { CheckEntry } from '@/lib/checks/runner';
import { secretExpiry, secretFormat } from '@/lib/checks/secret';
import { cloudMatches, tenantExists, tenantFormat } from '@/lib/checks/tenant';
import { leastPrivilege, permissionChecks, readProbes } from '@/lib/checks/permissions';
import { tokenAppOnly, tokenIssued, tokenTenant } from '@/lib/checks/token';
import { sampleUserLookup, tokenUrlShape, tokenUrlWorks } from '@/lib/checks/token-url';
import type { StepId } from './registry';

/** The server half of the step registry: each step's checks, in the order the validation page lists them. */
export const stepChecks = {
  'app-registration': [tenantFormat, tenantExists, cloudMatches, clientIdFormat, clientIdExists],
  'certificates-secrets': [
    secretFormat,
    secretExpiry,
    tokenIssued('token', (ctx) => `Entra ID issues a token with this secret (${ctx.cloud.label} cloud)`),
    tokenTenant,
    tokenAppOnly,
    permissionChecks,
    leastPrivilege,
    readProbes,
  ],
  'tenant-id': [tokenUrlShape, tokenUrlWorks, sampleUserLookup],
  'field-mapping': [usernameMapping, mappedPropertiesExist, mappingPreview, emptyMappedValues, upnFlags],
} satisfies Record<StepId, CheckEntry[]>;
