import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import {
  aptPackagesOf,
  type Dockerfile,
  environmentOf,
  execForm,
  instructionsOf,
  parseDockerfile,
  stageNamed,
} from '../../scripts/lib/dockerfile';
import { dockerignoreFilter } from './support/dockerignore';

const ROOT = join(__dirname, '..', '..');

describe('Dockerfile', () => {
  const dockerfile: Dockerfile = parseDockerfile(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'));
  const runtime = dockerfile.stages.at(-1)!;

  it('builds in stages: dependencies, build, production dependencies, runtime last', () => {
    expect(dockerfile.stages.map((stage) => stage.name)).toEqual(['deps', 'build', 'runtime-deps', 'runtime']);
    expect(stageNamed(dockerfile, 'build').base).toBe('deps');
  });

  it('runs on a slim image of the current Node LTS', () => {
    expect(runtime.base).toMatch(/^node:24(\.\d+)*-\w+-slim(@sha256:[a-f0-9]{64})?$/);
    expect(stageNamed(dockerfile, 'runtime-deps').base).toBe(runtime.base);
  });

  it('installs production dependencies only for the runtime, from the lockfile', () => {
    const commands = instructionsOf(stageNamed(dockerfile, 'runtime-deps'), 'RUN').map((run) => run.argument);

    expect(commands).toEqual([expect.stringMatching(/^npm ci --omit=dev\b/)]);
  });

  it('copies only build output, production node_modules and package.json into the runtime stage', () => {
    const copies = instructionsOf(runtime, 'COPY').map((copy) => ({ from: copy.flags.from, argument: copy.argument }));

    expect(copies).toEqual([
      { from: 'runtime-deps', argument: '/app/node_modules ./node_modules' },
      { from: 'build', argument: '/app/dist ./dist' },
      { from: undefined, argument: 'package.json ./' },
    ]);
    expect(instructionsOf(runtime, 'ADD')).toEqual([]);
  });

  it("runs one RUN in the runtime stage: Debian's jemalloc, preloaded into every process (decision 0504)", () => {
    const [install, ...otherRuns] = instructionsOf(runtime, 'RUN');
    const commands = install!.argument.split(/\s*&&\s*/);
    const link = /^ln -s "\$\(dpkg -L (\S+) \| grep '\/(\S+)\$'\)" (\S+)$/.exec(commands.at(-1)!);
    const position = (keyword: string, argument = ''): number =>
      runtime.instructions.findIndex(
        (instruction) => instruction.keyword === keyword && instruction.argument.startsWith(argument),
      );

    expect(otherRuns).toEqual([]);
    expect(aptPackagesOf(install!)).toEqual(['libjemalloc2']);
    expect(commands).toEqual([
      'apt-get update',
      'apt-get install -y --no-install-recommends libjemalloc2',
      'rm -rf /var/lib/apt/lists/*',
      expect.stringMatching(/^ln -s /),
    ]);
    const [, linkedPackage, linkedFile, linkPath] = link ?? [];
    expect(linkedPackage).toBe('libjemalloc2');
    expect(linkedFile?.replaceAll('\\', '')).toBe(basename(linkPath ?? ''));
    expect(environmentOf(runtime).LD_PRELOAD).toBe(linkPath);
    expect(environmentOf(runtime).MALLOC_CONF).toBe('background_thread:true,dirty_decay_ms:1000,muzzy_decay_ms:0');
    // Installing as root, before the code so code changes reuse the layer; preloading only after it.
    expect(position('RUN')).toBeLessThan(position('COPY'));
    expect(position('RUN')).toBeLessThan(position('USER'));
    expect(position('RUN')).toBeLessThan(position('ENV', 'LD_PRELOAD='));
  });

  it('runs as a numeric non-root user, so Kubernetes runAsNonRoot can verify it', () => {
    const [user] = instructionsOf(runtime, 'USER');

    expect(user?.argument).toMatch(/^[1-9]\d*(:[1-9]\d*)?$/);
  });

  it('starts node as PID 1 in exec form, in production mode', () => {
    const [command] = instructionsOf(runtime, 'CMD');

    expect(execForm(command!.argument)).toEqual([
      'node',
      '--max-semi-space-size=8',
      '--no-allocation-site-pretenuring',
      'dist/main.js',
    ]);
    expect(instructionsOf(runtime, 'ENTRYPOINT')).toEqual([]);
    expect(environmentOf(runtime)).toMatchObject({ NODE_ENV: 'production', PORT: '3000' });
  });

  it('runs the same command as `npm run start:prod`, so a local production run matches the image', () => {
    const [command] = instructionsOf(runtime, 'CMD');
    const packageJson = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };

    expect(packageJson.scripts['start:prod']).toBe(execForm(command!.argument)!.join(' '));
  });

  it('declares a HEALTHCHECK on /health/live with node, since slim images have no curl', () => {
    const [healthcheck] = instructionsOf(runtime, 'HEALTHCHECK');
    const argv = execForm(healthcheck!.argument.replace(/^CMD\s+/, ''));

    expect(argv?.slice(0, 2)).toEqual(['node', '-e']);
    expect(argv?.[2]).toContain('/health/live');
    expect(healthcheck?.flags.timeout).toMatch(/^\d+s$/);
  });
});

describe('.dockerignore', () => {
  const included = dockerignoreFilter(readFileSync(join(ROOT, '.dockerignore'), 'utf8'));
  const dockerfile = parseDockerfile(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'));

  it.each([
    '.env',
    '.env.production',
    '.git/HEAD',
    'node_modules/pg/package.json',
    'dist/main.js',
    '.data/pg/PG_VERSION',
  ])('keeps %s out of the build context', (path) => {
    expect(included(path)).toBe(false);
  });

  it.each([
    'test/e2e/app.e2e-spec.ts',
    'src/config/config.spec.ts',
    'docs/architecture.md',
    'deploy/k8s/deployment.yaml',
  ])('keeps tests and documentation (%s) out of the build context', (path) => {
    expect(included(path)).toBe(false);
  });

  it('sends every file the Dockerfile copies from the context', () => {
    const contextSources = dockerfile.stages
      .flatMap((stage) => instructionsOf(stage, 'COPY'))
      .filter((copy) => copy.flags.from === undefined)
      .flatMap((copy) => copy.argument.split(/\s+/).slice(0, -1));

    expect(contextSources.filter((source) => !included(source))).toEqual([]);
    expect(included('src/main.ts')).toBe(true);
    expect(included('src/modules/users/users.service.ts')).toBe(true);
  });
});
