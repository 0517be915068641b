import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

const describeViolations = (results: Awaited<ReturnType<AxeBuilder['analyze']>>) =>
  results.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);

/** Runs axe-core on the page as it is now (every rule axe enables by default) and fails on any violation. */
export async function expectAccessible(page: Page, state: string) {
  const titled = () => expect.poll(() => page.title(), { message: `${state}: page title` }).not.toBe('');
  // Next.js streams a page's metadata right after its content: let the <title> arrive first.
  await titled();
  let violations = describeViolations(await new AxeBuilder({ page }).analyze());
  // During a client-side navigation or refresh (the validation page refreshes when a run ends), Next.js swaps
  // the <title> a few tens of milliseconds after the content, so axe may catch the tab without one. Measured
  // with a MutationObserver: 20–40 ms. Only then is the check repeated, once, after the title is back: a page
  // that has no title at all fails both times.
  if (violations.some((v) => v.startsWith('document-title '))) {
    await titled();
    violations = describeViolations(await new AxeBuilder({ page }).analyze());
  }
  expect(violations, `axe violations on ${state}`).toEqual([]);
}
