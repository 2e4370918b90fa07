import { join } from 'node:path';
import {
  deploymentMemoryLimitBytes,
  memoryQuantityBytes,
  readShippedRuntime,
  shippedAllocator,
  shippedNode,
  shippedNodeFlags,
} from './deployment';

const ROOT = join(__dirname, '..');

const dockerfileWith = (command: string): string =>
  ['FROM node:24-bookworm-slim AS build', 'RUN npm run build', 'FROM node:24-bookworm-slim AS runtime', command].join(
    '\n',
  );

const deploymentWith = (resources: string): string => `apiVersion: v1
kind: Service
metadata: { name: app }
---
apiVersion: apps/v1
kind: Deployment
spec:
  template:
    spec:
      containers:
        - name: app
          ${resources}
`;

describe(readShippedRuntime.name, () => {
  it("reads this repository's Dockerfile and Deployment", async () => {
    const runtime = await readShippedRuntime(ROOT);

    expect(runtime.nodeFlags.every((flag) => flag.startsWith('--'))).toBe(true);
    expect(runtime.memoryLimitBytes).toBeGreaterThan(0);
    expect(runtime.node.image).toMatch(/^node:\d+-/);
    expect(runtime.node.major).toBeGreaterThanOrEqual(20);
    expect(runtime.allocator).toEqual({
      preload: ['/usr/local/lib/libjemalloc.so.2'],
      mallocConf: 'background_thread:true,dirty_decay_ms:1000,muzzy_decay_ms:0',
      packages: ['libjemalloc2'],
    });
  });
});

describe(shippedAllocator.name, () => {
  it('reads LD_PRELOAD, MALLOC_CONF and the apt-get packages of the runtime stage only', () => {
    const dockerfile = [
      'FROM node:24-bookworm-slim AS build',
      'RUN apt-get install -y python3',
      'ENV LD_PRELOAD=/opt/libbuild.so',
      'FROM node:24-bookworm-slim AS runtime',
      'RUN apt-get update && apt-get install -y --no-install-recommends libjemalloc2 && rm -rf /var/lib/apt/lists/*',
      'ENV LD_PRELOAD=/usr/local/lib/libjemalloc.so.2 MALLOC_CONF=background_thread:true',
      'CMD ["node", "dist/main.js"]',
    ].join('\n');

    expect(shippedAllocator(dockerfile)).toEqual({
      preload: ['/usr/local/lib/libjemalloc.so.2'],
      mallocConf: 'background_thread:true',
      packages: ['libjemalloc2'],
    });
  });

  it('is glibc malloc for a runtime stage without LD_PRELOAD', () => {
    expect(shippedAllocator(dockerfileWith('CMD ["node", "dist/main.js"]'))).toEqual({
      preload: [],
      mallocConf: undefined,
      packages: [],
    });
  });
});

describe(shippedNode.name, () => {
  /** A build stage on another image first, so only the runtime stage's can be the answer. */
  const dockerfileFrom = (runtimeImage: string, globalArgs: readonly string[] = []): string =>
    [...globalArgs, 'FROM node:20 AS build', `FROM ${runtimeImage} AS runtime`, 'CMD ["node", "dist/main.js"]'].join(
      '\n',
    );

  it("reads the runtime stage's image through the NODE_IMAGE argument", () => {
    const dockerfile = dockerfileFrom('${NODE_IMAGE}', ['ARG NODE_IMAGE=node:24-bookworm-slim']);

    expect(shippedNode(dockerfile)).toEqual({ image: 'node:24-bookworm-slim', major: 24 });
  });

  it.each([
    ['node:22', 22],
    ['node:24.11.1-alpine', 24],
    ['docker.io/library/node:24@sha256:0123abcd', 24],
    ['registry.example.com:5000/mirror/node:20-slim', 20],
    ['node:lts-slim', undefined],
    ['gcr.io/distroless/nodejs24-debian12', undefined],
    ['mynode:24', undefined],
  ])('takes the Node major of %s as %s', (image, major) => {
    expect(shippedNode(dockerfileFrom(image))).toEqual({ image, major });
  });
});

describe(shippedNodeFlags.name, () => {
  it("returns the flags between node and the entry script of the runtime stage's CMD", () => {
    expect(shippedNodeFlags(dockerfileWith('CMD ["node", "--max-semi-space-size=16", "dist/main.js"]'))).toEqual([
      '--max-semi-space-size=16',
    ]);
    expect(shippedNodeFlags(dockerfileWith('CMD ["node", "dist/main.js"]'))).toEqual([]);
  });

  it('refuses a CMD that does not start dist/main.js with node', () => {
    expect(() => shippedNodeFlags(dockerfileWith('CMD node dist/main.js'))).toThrow(/not \["node"/);
    expect(() => shippedNodeFlags(dockerfileWith('CMD ["npm", "start"]'))).toThrow(/not \["node"/);
  });
});

describe(deploymentMemoryLimitBytes.name, () => {
  it("reads the container's memory limit", () => {
    expect(deploymentMemoryLimitBytes(deploymentWith('resources: { limits: { memory: 384Mi } }'))).toBe(
      384 * 1024 ** 2,
    );
  });

  it('is undefined without a limit', () => {
    expect(deploymentMemoryLimitBytes(deploymentWith('resources: { requests: { memory: 192Mi } }'))).toBeUndefined();
  });
});

describe(memoryQuantityBytes.name, () => {
  it.each([
    ['384Mi', 384 * 1024 ** 2],
    ['1Gi', 1024 ** 3],
    ['512Ki', 512 * 1024],
    ['1G', 1e9],
    ['500M', 5e8],
    ['1.5Gi', 1.5 * 1024 ** 3],
    ['1000000', 1e6],
  ])('%s is %d bytes', (quantity, bytes) => {
    expect(memoryQuantityBytes(quantity)).toBe(bytes);
  });

  it.each(['384MB', 'lots', '', '-1Mi'])('refuses "%s"', (quantity) => {
    expect(() => memoryQuantityBytes(quantity)).toThrow(/not a memory quantity/);
  });
});
