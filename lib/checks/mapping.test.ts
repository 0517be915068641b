/**
 * The unknown-property explanation, for Graph answers the emulator does not give: the property named in
 * Graph's message, or (when the message names none) the mapped names Graph's user type does not have.
 */
import { describe, expect, it } from 'vitest';
import type { Setup } from '@/lib/setups/schema';
import { createValidationContext } from './context';
import { mappedPropertiesExist } from './mapping';
import type { CheckOutcome } from './runner';

function ctxFailingWith(outcome: CheckOutcome, mapping: Setup['mapping']) {
  const setup: Setup = {
    id: 'A'.repeat(22),
    name: '',
    tenant: '8eaef023-2b34-4da1-9baa-8bc8c9d6a490',
    tenantId: null,
    cloud: 'global',
    clientId: '1671f074-56e2-4c37-873b-b7b07a120b18',
    secretExpiresOn: null,
    sampleUpn: '',
    mapping,
    workflows: [],
    createdAt: '2026-11-26T00:00:00Z',
    updatedAt: '2026-11-26T00:00:00Z',
  };
  const ctx = createValidationContext({ setup, clientSecret: 'x' });
  ctx.token = async () => ({ ok: true, accessToken: 'not-a-token', claims: undefined, httpStatus: 200, durationMs: 1, attempts: [] });
  ctx.once = (async () => ({ ok: false, outcome })) as typeof ctx.once;
  return ctx;
}

const failed = (httpStatus: number, message: string): CheckOutcome => ({ status: 'fail', summary: 'Reading users failed.', evidence: { httpStatus, code: 'BadRequest', message } });

describe('mapped properties Graph does not know', () => {
  it("names the property from Graph's message", async () => {
    const ctx = ctxFailingWith(failed(400, "Could not find a property named 'favouriteColour' on type 'microsoft.graph.user'."), { username: 'userPrincipalName', department: 'favouriteColour' });
    const r = await mappedPropertiesExist.run(ctx);
    expect(r.summary).toMatch(/^Graph has no user property "favouriteColour" \(mapped to Department\)/);
  });

  it('names the mapped properties Graph lacks when the message names none', async () => {
    const ctx = ctxFailingWith(failed(400, 'Invalid $select properties.'), { username: 'userPrincipalName', department: 'favouriteColour', city: 'city' });
    const r = await mappedPropertiesExist.run(ctx);
    expect(r.summary).toMatch(/^Graph has no user property "favouriteColour" \(mapped to Department\)/);
    expect(r.detail).toBe('Microsoft Graph says: Invalid $select properties.');
  });

  it('leaves other failures as they are', async () => {
    const outcome = failed(503, 'Service unavailable');
    const r = await mappedPropertiesExist.run(ctxFailingWith(outcome, { username: 'userPrincipalName', department: 'favouriteColour' }));
    expect(r).toEqual(outcome);
  });
});
