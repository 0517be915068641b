import { test as base } from '@playwright/test';
import { EmulatorControl } from './emulator-control';
import { E2E } from './ports';
import { Wizard } from './wizard';

export const test = base.extend<{ wizard: Wizard; emulator: EmulatorControl }>({
  wizard: async ({ page }, use) => {
    await use(new Wizard(page));
  },
  emulator: async ({}, use) => {
    await use(new EmulatorControl(E2E.loginUrl));
  },
});

export { expect } from '@playwright/test';
