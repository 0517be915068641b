import { expect, type Locator, type Page } from '@playwright/test';
import type { TenantInput } from '../emulator/scenario';

const num = (v: string | undefined, d: number) => (v ? Number(v) : d);

/** The sign-in app the e2e server is configured with, and the emulator's HTTPS listeners msal-browser talks to. */
export const SIGNIN = {
  clientId: '0c6f9d0e-5a7b-4c1e-9f43-2d8e6b1a7c55',
  loginPort: num(process.env.E2E_SIGNIN_LOGIN_PORT, 4513),
  graphPort: num(process.env.E2E_SIGNIN_GRAPH_PORT, 4514),
};

export type AdminRole = 'Global Administrator' | 'Privileged Role Administrator' | 'Application Administrator' | 'Cloud Application Administrator';

/** Adds an admin who can sign in interactively to a test tenant; returns their user principal name. */
export function addAdmin(tenant: TenantInput, role: AdminRole, name = role === 'Global Administrator' ? 'ga' : 'appadmin'): string {
  const upn = `${name}@${tenant.domains[0]}`;
  tenant.admins = [...(tenant.admins ?? []), { userPrincipalName: upn, displayName: `${role} (${name})`, roles: [role] }];
  return upn;
}

/** Page object for the "Sign in with Microsoft" panel and the Microsoft (emulator) window it opens. */
export class Signin {
  constructor(readonly page: Page) {}

  region(): Locator {
    return this.page.getByRole('region', { name: /Sign in with Microsoft/ });
  }

  /** Clicks something that opens Microsoft's window and returns that window. */
  async popupFrom(click: () => Promise<void>): Promise<Page> {
    const popup = this.page.waitForEvent('popup');
    await click();
    return popup;
  }

  /** Signs in through the emulator's sign-in page, accepting the consent it asks for. */
  async signIn(upn: string) {
    const popup = await this.popupFrom(() => this.region().getByRole('button', { name: 'Sign in with Microsoft' }).click());
    await popup.getByLabel('Email, phone, or Skype').fill(upn);
    await popup.getByRole('button', { name: 'Next' }).click();
    await this.accept(popup);
    await expect(this.region().getByText(`(${upn}), tenant`)).toBeVisible();
  }

  /** Accepts the emulator's consent page, listing the permissions it asks for. */
  async accept(popup: Page, permissions: string[] = []) {
    await expect(popup.getByRole('heading', { name: 'Permissions requested' })).toBeVisible();
    for (const p of permissions) await expect(popup.getByText(`(${p})`)).toBeVisible();
    const closed = popup.waitForEvent('close');
    await popup.getByRole('button', { name: 'Accept' }).click();
    await closed;
  }

  tool(name: string): Locator {
    return this.region().getByRole('group', { name: 'With your tenant' }).getByRole('button', { name });
  }
}
