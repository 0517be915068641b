# syntax=docker/dockerfile:1
# The wizard as a container: `node server.js` from Next.js's standalone output, as a non-root user.
#   docker build -t entra-setup-wizard .
#   docker run -p 3000:3000 -v wizard-data:/data entra-setup-wizard                      (SQLite in /data)
#   docker run -p 3000:3000 -e DATABASE_URL=postgres://… entra-setup-wizard               (PostgreSQL)
# compose.yaml runs two instances behind a reverse proxy with one PostgreSQL.
# Reachable by others, the container requires "Sign in with Microsoft" (WIZARD_AUTH=entra): it refuses to start
# without -e ENTRA_SIGNIN_CLIENT_ID=<the sign-in app>, unless -e WIZARD_AUTH=none is said explicitly.
ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
# better-sqlite3 compiles from source when no prebuilt binary matches.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY --from=deps /app/node_modules ./node_modules
COPY . .
# The standalone server serves .next/static and public only when they sit beside it.
RUN node node_modules/next/dist/bin/next build \
 && cp -r .next/static .next/standalone/.next/static \
 && cp -r public .next/standalone/public

FROM ${NODE_IMAGE} AS runner
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    PORT=3000 \
    HOSTNAME=0.0.0.0 \
    DATABASE_PATH=/data/wizard.db \
    WIZARD_AUTH=entra
RUN mkdir -p /data && chown node:node /data
# Only what the server needs: server.js, the build, and the traced production node_modules (no dev dependencies).
COPY --from=build --chown=node:node /app/.next/standalone ./
USER node
EXPOSE 3000
VOLUME ["/data"]
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# SIGTERM: stop accepting, finish in-flight validations (at most SHUTDOWN_TIMEOUT_MS, 25 s), exit.
STOPSIGNAL SIGTERM
CMD ["node", "server.js"]
