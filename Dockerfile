# syntax=docker/dockerfile:1

# Current Node LTS on Debian slim. Pin by digest in your fork for reproducible builds
# (`docker buildx imagetools inspect node:24-bookworm-slim`); Dependabot's docker ecosystem keeps it fresh.
ARG NODE_IMAGE=node:24-bookworm-slim

# --- deps: every dependency, for compiling -----------------------------------------------------
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund

# --- build: TypeScript → dist/, then dist/main.js bundled into one file (decision 0503) -----------
FROM deps AS build
COPY tsconfig.json tsconfig.build.json ./
COPY scripts/bundle-server.ts ./scripts/
COPY scripts/lib/server-bundle.ts scripts/lib/redundant-names.ts ./scripts/lib/
COPY src ./src
RUN npm run build

# --- runtime-deps: production dependencies only ----------------------------------------------------
FROM ${NODE_IMAGE} AS runtime-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --no-audit --no-fund

# --- runtime: compiled code + production node_modules + jemalloc, nothing else ------------------
FROM ${NODE_IMAGE} AS runtime
# jemalloc as the allocator of every process in the image: V8's compiler threads free their zone
# memory into glibc malloc's per-thread arenas, which keep it; under jemalloc the server's RSS
# after load is lower (docs/decisions/0504-jemalloc-allocator.md). The link gives the
# library one path on every architecture; ENV comes after it so apt-get runs without the preload.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libjemalloc2 \
 && rm -rf /var/lib/apt/lists/* \
 && ln -s "$(dpkg -L libjemalloc2 | grep '/libjemalloc\.so\.2$')" /usr/local/lib/libjemalloc.so.2
ENV LD_PRELOAD=/usr/local/lib/libjemalloc.so.2
# jemalloc's own thread hands freed pages back to the kernel after a second, not ten, off the
# request path: RSS after load within the deployment's budget (decision 0504, revisited).
ENV MALLOC_CONF=background_thread:true,dirty_decay_ms:1000,muzzy_decay_ms:0
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000
WORKDIR /app
# Files stay owned by root and read-only for the app user, so a compromised process cannot rewrite
# its own code (and readOnlyRootFilesystem in Kubernetes costs nothing).
COPY --from=runtime-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
# Numeric uid of the image's `node` user: Kubernetes runAsNonRoot can only verify a numeric user.
USER 1000:1000
EXPOSE 3000
# No curl in slim images; Node's fetch does the probe. Liveness only: it never touches the database.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/health/live`, { signal: AbortSignal.timeout(2000) }).then((response) => process.exit(response.ok ? 0 : 1), () => process.exit(1))"]
# Exec form: node is PID 1 and receives SIGTERM directly. Migrations: `docker run IMAGE node dist/migrate.js`.
# First admin: `docker run -i IMAGE node dist/modules/users/create-user.cli.js --email … --role admin` (password on stdin).
# Node sizes the heap from the container's memory limit, and for a few hundred MiB that leaves a
# 1 MiB young generation: every request's garbage is scavenged several times over and much of it
# promoted. The first flag gives it 8 MiB semi-spaces, which keeps RSS under load within the
# deployment's budget; the old space still follows the limit
# (docs/decisions/0502-young-generation-size.md). The second stops V8 from allocating the
# database driver's per-row objects straight into the old space, which under load cost frequent
# full mark-compacts (docs/decisions/0505-no-allocation-site-pretenuring.md).
CMD ["node", "--max-semi-space-size=8", "--no-allocation-site-pretenuring", "dist/main.js"]
