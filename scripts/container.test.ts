/**
 * Docker cannot run on the project's machines, so the image is proven by its parts: these checks pin the
 * Dockerfile and compose.yaml to the start-up path that e2e/cluster runs for real (node .next/standalone/
 * server.js with .next/static and public beside it, PostgreSQL through DATABASE_URL, /api/health).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..');
const dockerfile = fs.readFileSync(path.join(root, 'Dockerfile'), 'utf8');
const compose = fs.readFileSync(path.join(root, 'compose.yaml'), 'utf8');
const nextConfig = fs.readFileSync(path.join(root, 'next.config.js'), 'utf8');

const stages = dockerfile.split(/^FROM /m).slice(1);
const final = stages.at(-1) ?? '';

describe('Dockerfile', () => {
  it('builds in stages and ships only the standalone output', () => {
    expect(nextConfig).toMatch(/output:\s*'standalone'/);
    expect(stages.length).toBeGreaterThanOrEqual(3);
    expect(dockerfile).toMatch(/npm ci/);
    expect(dockerfile).toMatch(/cp -r \.next\/static \.next\/standalone\/\.next\/static/);
    expect(dockerfile).toMatch(/cp -r public \.next\/standalone\/public/);
    expect(final).toMatch(/COPY --from=build --chown=node:node \/app\/\.next\/standalone \.\//);
    expect(final).not.toMatch(/npm (ci|install)|node_modules \.\/node_modules/);
    expect(final).toMatch(/CMD \["node", "server\.js"\]/);
    expect(final).toMatch(/HOSTNAME=0\.0\.0\.0/);
  });
  it('defaults to sign-in, which refuses to start without a sign-in app unless WIZARD_AUTH=none', async () => {
    expect(final).toMatch(/WIZARD_AUTH=entra/);
    const { parseEnv } = await import('@/lib/env');
    expect(() => parseEnv({ WIZARD_AUTH: 'entra' })).toThrow(/WIZARD_AUTH: .*set ENTRA_SIGNIN_CLIENT_ID.*or set WIZARD_AUTH=none/);
    expect(parseEnv({ WIZARD_AUTH: 'entra', ENTRA_SIGNIN_CLIENT_ID: '0c6f9d0e-5a7b-4c1e-9f43-2d8e6b1a7c55' }).WIZARD_AUTH).toBe('entra');
    expect(parseEnv({ WIZARD_AUTH: 'none' }).WIZARD_AUTH).toBe('none');
  });
  it('runs as a non-root user with a health check on /api/health', () => {
    const user = final.match(/^USER (\S+)/m)?.[1];
    expect(user).toBeDefined();
    expect(['root', '0']).not.toContain(user);
    expect(final).toMatch(/^HEALTHCHECK .*\n?.*\/api\/health/m);
  });
});

describe('compose.yaml', () => {
  it('runs two app instances on one PostgreSQL behind a reverse proxy', () => {
    expect(compose).toMatch(/^ {2}db:\n {4}image: postgres:/m);
    expect(compose).toMatch(/^ {2}app1: \*app$/m);
    expect(compose).toMatch(/^ {2}app2: \*app$/m);
    expect(compose).toMatch(/DATABASE_URL: postgres:\/\/wizard:.*@db:5432\/wizard/);
    // No fallback database password: compose refuses to start until POSTGRES_PASSWORD is set.
    expect(compose).not.toMatch(/POSTGRES_PASSWORD:-/);
    expect(compose.match(/\$\{POSTGRES_PASSWORD:\?[^}]+\}/g)).toHaveLength(2);
    expect(compose).toMatch(/condition: service_healthy/);
    expect(compose).toMatch(/^ {2}proxy:\n {4}image: caddy:/m);
    expect(compose).toMatch(/reverse_proxy app1:3000 app2:3000/);
    expect(compose).toMatch(/WIZARD_AUTH: \$\{WIZARD_AUTH:-entra\}/);
    expect(compose).toMatch(/ENTRA_SIGNIN_CLIENT_ID: \$\{ENTRA_SIGNIN_CLIENT_ID:-\}/);
  });
});
