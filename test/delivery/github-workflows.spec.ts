import { validateWorkflow } from '@action-validator/core';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const ROOT = join(__dirname, '..', '..');
const CI_WORKFLOW = join(ROOT, '.github', 'workflows', 'ci.yml');
const PINNED_USES = /^\s*-?\s*uses:\s*[\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+){0,2}$/;

interface Step {
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Readonly<Record<string, unknown>>;
}

interface Job {
  readonly needs?: string;
  readonly strategy?: { readonly matrix: { readonly node: readonly number[] } };
  readonly services?: Readonly<Record<string, { readonly image: string }>>;
  readonly steps: readonly Step[];
}

interface Workflow {
  readonly on: Readonly<Record<string, unknown>>;
  readonly permissions: Readonly<Record<string, string>>;
  readonly concurrency: { readonly group: string; readonly 'cancel-in-progress': boolean };
  readonly env: Readonly<Record<string, string>>;
  readonly jobs: Readonly<Record<string, Job>>;
}

describe('.github/workflows/ci.yml', () => {
  const source = readFileSync(CI_WORKFLOW, 'utf8');
  const workflow = parse(source) as Workflow;
  const runs = (job: string): string[] => workflow.jobs[job]!.steps.flatMap((step) => (step.run ? [step.run] : []));

  it('is a valid GitHub Actions workflow', () => {
    expect(validateWorkflow(source).errors).toEqual([]);
  });

  it('is checked by a validator that does reject broken workflows', () => {
    const broken = source
      .replace(/runs-on: .*\n/g, '')
      .replace('cancel-in-progress: true', 'cancel-in-progress: maybe');

    expect(validateWorkflow(broken).errors.length).toBeGreaterThan(0);
  });

  it('runs on push and pull request', () => {
    expect(Object.keys(workflow.on).sort()).toEqual(['pull_request', 'push']);
  });

  it('grants read-only repository access and nothing else', () => {
    expect(workflow.permissions).toEqual({ contents: 'read' });
  });

  it('cancels superseded runs of the same branch or pull request', () => {
    expect(workflow.concurrency['cancel-in-progress']).toBe(true);
    expect(workflow.concurrency.group).toContain('github.ref');
  });

  it('pins every action to a full commit SHA with its version as a comment', () => {
    const usesLines = source.split('\n').filter((line) => /^\s*-?\s*uses:/.test(line));

    expect(usesLines.length).toBeGreaterThanOrEqual(5);
    expect(usesLines.filter((line) => !PINNED_USES.test(line))).toEqual([]);
  });

  it('verifies on Node 22 and 24 with the npm cache', () => {
    const verify = workflow.jobs.verify!;
    const setupNode = verify.steps.find((step) => step.uses?.startsWith('actions/setup-node@'));

    expect(verify.strategy?.matrix.node).toEqual([22, 24]);
    expect(setupNode?.with).toMatchObject({ cache: 'npm', 'node-version': '${{ matrix.node }}' });
  });

  it('formats, lints, type-checks, tests and builds with the scripts developers run', () => {
    expect(runs('verify')).toEqual([
      'npm ci --no-audit --no-fund',
      'npm run format:check',
      'npm run lint',
      'npm run typecheck',
      'sudo apt-get update && sudo apt-get install -y --no-install-recommends libjemalloc2',
      'npm test -- --ci',
      'npm run test:slow -- --ci',
      'npm run build',
    ]);
  });

  it('tests against PostgreSQL and Redis service containers through DATABASE_URL and REDIS_URL', () => {
    const services = workflow.jobs.verify!.services!;

    expect(services.postgres?.image).toMatch(/^postgres:\d+/);
    expect(services.redis?.image).toMatch(/^redis:\d+/);
    expect(workflow.env.DATABASE_URL).toMatch(/^postgres:\/\/.*@127\.0\.0\.1:5432\//);
    expect(workflow.env.REDIS_URL).toBe('redis://127.0.0.1:6379');
  });

  it('builds the image, migrates with it, waits for readiness, checks its allocator and stops it with SIGTERM', () => {
    const image = workflow.jobs.image!;
    const script = runs('image').join('\n');

    expect(image.needs).toBe('verify');
    expect(image.steps.some((step) => step.uses?.startsWith('docker/build-push-action@'))).toBe(true);
    expect(script).toContain('node dist/migrate.js');
    expect(script).toContain('/health/ready');
    expect(script).toMatch(/docker exec app grep -q libjemalloc \/proc\/1\/maps[\s\S]*docker stop/);
    expect(script).toMatch(/docker stop[\s\S]*ExitCode[\s\S]*test "\$status" = 0/);
  });
});

describe('.github/dependabot.yml', () => {
  interface Update {
    readonly 'package-ecosystem': string;
    readonly groups?: Readonly<Record<string, unknown>>;
  }
  const config = parse(readFileSync(join(ROOT, '.github', 'dependabot.yml'), 'utf8')) as {
    version: number;
    updates: Update[];
  };

  it('updates npm packages, pinned actions and the base image, in groups', () => {
    expect(config.version).toBe(2);
    expect(config.updates.map((update) => update['package-ecosystem']).sort()).toEqual([
      'docker',
      'github-actions',
      'npm',
    ]);
    expect(config.updates.filter((update) => Object.keys(update.groups ?? {}).length === 0)).toEqual([]);
  });
});
