import fs from 'node:fs';
import path from 'node:path';
import { parseEnv } from 'node:util';

/**
 * Reads the project's .env into process.env for the start scripts, which need PORT and HOSTNAME_BIND before
 * Next.js (which reads .env itself, inside the server) is started. Variables already set win, as in Next.js.
 */
export function loadDotEnv(root) {
  const file = path.join(root, '.env');
  if (!fs.existsSync(file)) return;
  for (const [key, value] of Object.entries(parseEnv(fs.readFileSync(file, 'utf8')))) {
    if (process.env[key] === undefined) process.env[key] = value;
  }
}
