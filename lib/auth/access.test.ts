import { describe, expect, it } from 'vitest';
import { decide, mayCreate, roleOf, type Viewer } from './access';

const A = 'aaaaaaaa-0000-4000-8000-000000000001';
const B = 'bbbbbbbb-0000-4000-8000-000000000002';
const user = (tid: string, roles: string[] = []): Viewer => ({ kind: 'user', tid, roles });

describe('who may see a setup (WIZARD_AUTH=entra)', () => {
  it('a user of the owning organisation manages it when the app defines no roles', () => {
    expect(decide(user(A), A, 'manage')).toBe('allow');
    expect(decide(user(A), A, 'read')).toBe('allow');
    expect(mayCreate(user(A))).toBe(true);
  });

  it('another organisation’s user gets exactly what an unknown id gets', () => {
    expect(decide(user(B), A, 'read')).toBe('not-found');
    expect(decide(user(B), A, 'manage')).toBe('not-found');
    expect(decide(user(B), undefined, 'read')).toBe('not-found');
  });

  it('Setup.Read reads but does not change; Setup.Manage does both', () => {
    expect(decide(user(A, ['Setup.Read']), A, 'read')).toBe('allow');
    expect(decide(user(A, ['Setup.Read']), A, 'manage')).toBe('read-only');
    expect(mayCreate(user(A, ['Setup.Read']))).toBe(false);
    expect(decide(user(A, ['Setup.Read', 'Setup.Manage']), A, 'manage')).toBe('allow');
  });

  it('roles of the app that are neither give nothing', () => {
    expect(roleOf(['Something.Else'])).toBe('none');
    expect(decide(user(A, ['Something.Else']), A, 'read')).toBe('not-found');
  });

  it('nobody signed in is sent to sign in, whether or not the setup exists; the operator sees every setup', () => {
    expect(decide({ kind: 'anonymous' }, A, 'read')).toBe('sign-in');
    expect(decide({ kind: 'anonymous' }, undefined, 'read')).toBe('sign-in');
    expect(decide({ kind: 'operator' }, A, 'manage')).toBe('allow');
    expect(decide({ kind: 'operator' }, null, 'manage')).toBe('allow');
    expect(decide(user(A), null, 'read')).toBe('not-found');
    expect(mayCreate({ kind: 'operator' })).toBe(false);
  });
});
