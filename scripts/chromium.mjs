// Finds Debian's Chromium for Playwright; installs it when missing and running as root.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

export function chromiumPath() {
  return process.env.CHROMIUM_PATH || '/usr/bin/chromium';
}

export function ensureChromium() {
  const exe = chromiumPath();
  if (fs.existsSync(exe)) return exe;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || process.env.CHROMIUM_PATH) {
    console.error(
      `Chromium was not found at ${exe}. Install Debian's package (as root: apt-get install -y chromium) or set CHROMIUM_PATH to a Chromium binary. ` +
        'Playwright cannot download its own browsers here.',
    );
    process.exit(1);
  }
  console.log('Installing Debian\'s chromium package for the browser tests (apt-get install -y chromium)…');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  const install = update.status === 0 ? spawnSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env }) : update;
  if (install.status !== 0 || !fs.existsSync(exe)) {
    console.error('Installing chromium failed. Install it yourself (apt-get install -y chromium) and run the tests again.');
    process.exit(1);
  }
  return exe;
}
