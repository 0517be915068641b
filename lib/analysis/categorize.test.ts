import { describe, expect, it } from 'vitest';
import { analysisStatus, isGuestUpn, isOnMicrosoftUpn, UserTally } from './categorize';

const member = (upn: string, extra: Record<string, unknown> = {}) => ({
  userPrincipalName: upn,
  mail: upn,
  department: 'IT',
  accountEnabled: true,
  userType: 'Member',
  onPremisesSyncEnabled: null,
  ...extra,
});

describe('categorisation rules', () => {
  it('tells guests by #EXT# in any case, and onmicrosoft members by their suffix', () => {
    expect(isGuestUpn('jane_fabrikam.com#EXT#@contoso.onmicrosoft.com')).toBe(true);
    expect(isGuestUpn('jane_fabrikam.com#ext#@contoso.onmicrosoft.com')).toBe(true);
    expect(isGuestUpn('jane@contoso.com')).toBe(false);
    expect(isOnMicrosoftUpn('adm@contoso.onmicrosoft.com')).toBe(true);
    expect(isOnMicrosoftUpn('adm@Contoso.OnMicrosoft.com')).toBe(true);
    expect(isOnMicrosoftUpn('adm@contoso.onmicrosoft.us')).toBe(true);
    expect(isOnMicrosoftUpn('adm@contoso.partner.onmschina.cn')).toBe(true);
    expect(isOnMicrosoftUpn('adm@onmicrosoft.com.evil.example')).toBe(false);
  });

  it('counts every category; a guest is never also an onmicrosoft member', () => {
    const t = new UserTally(['userPrincipalName', 'mail', 'department']);
    t.add(member('a@contoso.com'));
    t.add(member('b_fabrikam.com#EXT#@contoso.onmicrosoft.com', { userType: 'Guest', department: null }));
    t.add(member('c@contoso.onmicrosoft.com', { accountEnabled: false }));
    t.add(member('d@contoso.com', { onPremisesSyncEnabled: true, mail: '', department: '   ' }));
    t.add(member('e@contoso.com', { mail: null, accountEnabled: false, onPremisesSyncEnabled: true }));
    const { totals, examples } = t.snapshot();
    expect(totals).toEqual({ total: 5, guests: 1, onmicrosoft: 1, disabled: 2, synced: 2, missing: { userPrincipalName: 0, mail: 2, department: 2 } });
    expect(examples.guests).toEqual(['b_fabrikam.com#EXT#@contoso.onmicrosoft.com']);
    expect(examples.onmicrosoft).toEqual(['c@contoso.onmicrosoft.com']);
    expect(examples.disabled).toEqual(['c@contoso.onmicrosoft.com', 'e@contoso.com']);
    expect(examples.missing['mail']).toEqual(['d@contoso.com', 'e@contoso.com']);
    expect(examples.missing['department']).toEqual(['b_fabrikam.com#EXT#@contoso.onmicrosoft.com', 'd@contoso.com']);
  });

  it('matches mapped properties case-insensitively (Graph answers with canonical names)', () => {
    const t = new UserTally(['UserPrincipalName', 'Department', 'businessPhones']);
    t.add({ userPrincipalName: 'a@x.com', department: null, businessPhones: [] });
    t.add({ userPrincipalName: 'b@x.com', department: 'Sales', businessPhones: ['+41 21 000 00 00'] });
    expect(t.snapshot().totals.missing).toEqual({ UserPrincipalName: 0, Department: 1, businessPhones: 1 });
  });

  it('keeps at most 50 examples per category whatever the count', () => {
    const t = new UserTally(['mail']);
    for (let i = 0; i < 10_000; i++) t.add(member(`u${i}@contoso.onmicrosoft.com`, { mail: null, accountEnabled: false }));
    const { totals, examples } = t.snapshot();
    expect(totals.onmicrosoft).toBe(10_000);
    expect(examples.onmicrosoft).toHaveLength(50);
    expect(examples.disabled).toHaveLength(50);
    expect(examples.missing['mail']).toHaveLength(50);
  });

  it('rolls up to Passed, Warning or Failed', () => {
    const base = { total: 10, guests: 2, disabled: 1, onmicrosoft: 0, synced: 5, missing: { userPrincipalName: 0, mail: 0 } };
    expect(analysisStatus(base, 'userPrincipalName')).toBe('pass');
    expect(analysisStatus({ ...base, onmicrosoft: 1 }, 'userPrincipalName')).toBe('warn');
    expect(analysisStatus({ ...base, missing: { userPrincipalName: 0, mail: 3 } }, 'userPrincipalName')).toBe('warn');
    expect(analysisStatus({ ...base, total: 0 }, 'userPrincipalName')).toBe('fail');
    expect(analysisStatus(base, undefined)).toBe('warn');
  });
});
