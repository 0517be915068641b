import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

const config = [
  ...nextVitals,
  ...nextTs,
  {
    // Playwright fixtures call their parameter `use`, which is not React's hook.
    files: ['e2e/**/*.ts'],
    rules: { 'react-hooks/rules-of-hooks': 'off' },
  },
  {
    // The app's code and its tests import nothing from scripts/ (shared test helpers live in e2e/support).
    files: ['lib/**/*.ts', 'lib/**/*.tsx', 'app/**/*.ts', 'app/**/*.tsx', 'components/**/*.ts', 'components/**/*.tsx'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['@/scripts/*', '**/scripts/*'], message: 'Import test helpers from e2e/support, not scripts/.' }] }] },
  },
  {
    ignores: ['.tmp/**', 'node_modules/**', '.next/**', 'next-env.d.ts', 'test-results/**', 'playwright-report/**', 'data/**'],
  },
];

export default config;
