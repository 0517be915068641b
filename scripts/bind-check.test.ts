import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bindRefusal, isLoopback } from './lib/bind-check.mjs';

describe('npm start without sign-in', () => {
  it('listens on this machine without asking', () => {
    for (const h of ['127.0.0.1', 'localhost', '::1', '[::1]', '127.0.0.2']) {
      expect(isLoopback(h), h).toBe(true);
      expect(bindRefusal(h, undefined), h).toBeUndefined();
    }
  });

  it('refuses another address until WIZARD_AUTH is said, naming the variables', () => {
    for (const h of ['0.0.0.0', '::', '192.168.1.20', 'wizard.example.com']) {
      expect(bindRefusal(h, undefined), h).toMatch(/HOSTNAME_BIND=.*WIZARD_AUTH=entra .*ENTRA_SIGNIN_CLIENT_ID.*WIZARD_AUTH=none/);
      expect(bindRefusal(h, ''), h).toBeDefined();
      expect(bindRefusal(h, 'none'), h).toBeUndefined();
      expect(bindRefusal(h, 'entra'), h).toBeUndefined();
    }
  });

  it('scripts/start.mjs stops before building or listening', () => {
    const r = spawnSync(process.execPath, [path.join(__dirname, 'start.mjs')], {
      env: { ...process.env, HOSTNAME_BIND: '0.0.0.0', PORT: '1', WIZARD_AUTH: '' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('WIZARD_AUTH=none');
  });
});
