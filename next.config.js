// @ts-check

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // better-sqlite3 is a native addon, pg has optional native parts (pg-boss brings its own pg): load them from node_modules at run time.
  serverExternalPackages: ['better-sqlite3', 'pg', 'pg-boss'],
  // .next/standalone/server.js with only the node_modules it needs: the container image (Dockerfile).
  output: 'standalone',
};

module.exports = nextConfig;
