import fs from 'node:fs';
import path from 'node:path';

/** The shared, verbatim Microsoft payloads (copied verbatim into e2e/fixtures/microsoft), read by unit tests. */
export const FIXTURE_DIR = path.resolve(__dirname, '../../e2e/fixtures/microsoft');

export function fixtureNames(prefix = ''): string[] {
  return fs
    .readdirSync(FIXTURE_DIR)
    .filter((f) => f.endsWith('.json') && f.startsWith(prefix))
    .sort();
}

export function fixtureText(name: string): string {
  return fs.readFileSync(path.join(FIXTURE_DIR, name), 'utf8');
}

export function fixture<T = unknown>(name: string): T {
  return JSON.parse(fixtureText(name)) as T;
}
