import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/** Runs axe-core on the page as it is now (every rule axe enables by default) and fails on any violation. */
export async function expectAccessible(page: Page, state: string) {
  // Next.js streams a page's metadata right after its content: let the <title> arrive first.
  await expect.poll(() => page.title(), { message: `${state}: page title` }).not.toBe('');
  const results = await new AxeBuilder({ page }).analyze();
  const violations = results.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
  expect(violations, `axe violations on ${state}`).toEqual([]);
}
