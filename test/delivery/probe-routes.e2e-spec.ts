import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { execForm, instructionsOf, parseDockerfile } from '../../scripts/lib/dockerfile';
import { createTestApp, type TestApp } from '../utils/test-app';

const ROOT = join(__dirname, '..', '..');

type ProbeName = 'startupProbe' | 'livenessProbe' | 'readinessProbe';

function kubernetesProbePaths(): Record<ProbeName, string> {
  const deployment = parse(readFileSync(join(ROOT, 'deploy', 'k8s', 'deployment.yaml'), 'utf8')) as {
    spec: { template: { spec: { containers: Record<ProbeName, { httpGet: { path: string } }>[] } } };
  };
  const [container] = deployment.spec.template.spec.containers;
  return {
    startupProbe: container!.startupProbe.httpGet.path,
    livenessProbe: container!.livenessProbe.httpGet.path,
    readinessProbe: container!.readinessProbe.httpGet.path,
  };
}

/** Every health path the deployment files name, so a renamed route breaks this test, not a rollout. */
function declaredProbePaths(): string[] {
  const runtime = parseDockerfile(readFileSync(join(ROOT, 'Dockerfile'), 'utf8')).stages.at(-1)!;
  const healthcheck = execForm(instructionsOf(runtime, 'HEALTHCHECK')[0]!.argument.replace(/^CMD\s+/, ''))!.join(' ');
  const compose = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8');
  const fromScripts = [healthcheck, compose].flatMap((text) => text.match(/\/health\/\w+/g) ?? []);
  return [...new Set([...Object.values(kubernetesProbePaths()), ...fromScripts])].sort();
}

describe('health paths named by the deployment files', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp();
  });

  afterAll(async () => {
    await testApp.close();
  });

  it.each(declaredProbePaths())('%s answers 200 on the real app', async (path) => {
    const response = await testApp.request('GET', path);

    expect(response.statusCode).toBe(200);
  });

  it('keeps the liveness probe up while the database is gone; only readiness reports it', async () => {
    const { livenessProbe, readinessProbe } = kubernetesProbePaths();

    await testApp.database.drop();

    expect((await testApp.request('GET', livenessProbe)).statusCode).toBe(200);
    expect((await testApp.request('GET', readinessProbe)).statusCode).toBe(503);
  });
});
