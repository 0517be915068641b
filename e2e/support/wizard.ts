import { expect, type Locator, type Page } from '@playwright/test';

export type StepId = 'app-registration' | 'certificates-secrets' | 'tenant-id' | 'field-mapping';

/** Page object for the wizard, located by role and label as an admin sees it. */
export class Wizard {
  constructor(readonly page: Page) {}

  async newSetup(): Promise<string> {
    await this.page.goto('/');
    await this.page.getByRole('button', { name: 'New setup' }).click();
    await this.page.waitForURL(/\/setups\/[A-Za-z0-9_-]{22}\/app-registration$/);
    return this.setupId();
  }

  setupId(): string {
    const m = this.page.url().match(/\/setups\/([A-Za-z0-9_-]{22})/);
    if (!m?.[1]) throw new Error(`not on a setup page: ${this.page.url()}`);
    return m[1];
  }

  async fillAppRegistration(v: { tenant: string; clientId: string; cloud?: string }) {
    if (v.cloud) await this.page.getByRole('combobox', { name: 'Cloud', exact: true }).selectOption({ label: v.cloud });
    await this.field('Directory (tenant) ID').fill(v.tenant);
    await this.field('Application (client) ID').fill(v.clientId);
  }

  /** An input by its exact label (the pictures of the portal mention the same names). */
  field(label: string | RegExp): Locator {
    return this.page.getByLabel(label, { exact: true });
  }

  secretField(): Locator {
    return this.field('Client secret value');
  }

  async validate() {
    await this.page.getByRole('button', { name: 'Validate' }).click();
    await this.page.waitForURL(/\/validate$/);
    await this.waitForResults();
  }

  async waitForResults() {
    await expect(this.page.getByRole('button', { name: 'Run again' })).toBeVisible({ timeout: 30_000 });
    await expect(this.page.getByRole('heading', { name: 'Results' })).toBeFocused();
  }

  async runAgain() {
    const ranAt = this.page.getByRole('region', { name: 'Results' }).locator('time');
    const before = await ranAt.getAttribute('datetime');
    await this.page.getByRole('button', { name: 'Run again' }).click();
    await expect(ranAt).not.toHaveAttribute('datetime', before ?? '');
    await this.waitForResults();
  }

  /** Waits until the autosave indicator says everything typed is on the server. */
  async saved() {
    await expect(this.page.getByText('All changes saved.')).toBeVisible();
  }

  check(title: string | RegExp): Locator {
    return this.page.getByRole('list', { name: 'Checks' }).getByRole('listitem').filter({ has: this.page.getByRole('heading', { name: title }) });
  }

  async expectCheck(title: string | RegExp, status: 'Passed' | 'Warning' | 'Failed' | 'Skipped', text?: string | RegExp) {
    const item = this.check(title);
    await expect(item).toHaveCount(1);
    await expect(item.getByText(status, { exact: true })).toBeVisible();
    if (text) await expect(item).toContainText(text);
    return item;
  }

  async continueToNext() {
    await this.page.getByRole('link', { name: /^Continue: / }).click();
  }
}
