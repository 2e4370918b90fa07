import { Deployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { Job } from 'kubernetes-models/batch/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Service } from 'kubernetes-models/v1';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { loadConfig } from '../../src/config';
import { configVariables } from './support/config-variables';

const MANIFESTS = join(__dirname, '..', '..', 'deploy', 'k8s');

/** The schema-checked model class for each kind this directory may contain. */
const MODELS: Readonly<Record<string, new (data: never) => { validate(): void }>> = {
  'apps/v1/Deployment': Deployment,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'batch/v1/Job': Job,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'v1/ConfigMap': ConfigMap,
  'v1/Service': Service,
};

interface Manifest {
  readonly file: string;
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string };
  readonly [field: string]: unknown;
}

function loadManifests(): Manifest[] {
  return readdirSync(MANIFESTS)
    .filter((file) => file.endsWith('.yaml') && file !== 'kustomization.yaml')
    .flatMap((file) =>
      parseAllDocuments(readFileSync(join(MANIFESTS, file), 'utf8')).map(
        (document) => ({ ...(document.toJS() as object), file }) as Manifest,
      ),
    );
}

describe('deploy/k8s', () => {
  const manifests = loadManifests();
  const byKind = (kind: string): Manifest => manifests.find((manifest) => manifest.kind === kind)!;
  const deployment = new Deployment(byKind('Deployment'));
  const pod = deployment.spec!.template.spec!;
  const container = pod.containers[0]!;
  const configMap = byKind('ConfigMap') as unknown as { data: Record<string, string> };

  it.each(manifests.map((manifest) => [`${manifest.kind} ${manifest.metadata.name}`, manifest] as const))(
    '%s is valid against the Kubernetes schema',
    (_name, manifest) => {
      const Model = MODELS[`${manifest.apiVersion}/${manifest.kind}`];
      expect(Model).toBeDefined();
      const data = Object.fromEntries(Object.entries(manifest).filter(([field]) => field !== 'file'));

      expect(() => {
        new Model!(data as never).validate();
      }).not.toThrow();
    },
  );

  it('has a schema validator that does reject a broken manifest', () => {
    const broken = { ...byKind('Deployment'), spec: { replicas: 'two' } };

    expect(() => {
      new Deployment(broken as never).validate();
    }).toThrow();
  });

  it('lists every manifest in kustomization.yaml and sets the image there', () => {
    const kustomization = parseAllDocuments(readFileSync(join(MANIFESTS, 'kustomization.yaml'), 'utf8'))[0]!.toJS() as {
      resources: string[];
      images: { name: string }[];
    };

    expect([...kustomization.resources].sort()).toEqual(
      [...new Set(manifests.map((manifest) => manifest.file))].sort(),
    );
    expect(kustomization.images.map((image) => image.name)).toEqual([container.image]);
  });

  it('gives the app time to drain: terminationGracePeriodSeconds above the shutdown deadline and delay', () => {
    const deadlineMs = Number(configMap.data.SHUTDOWN_TIMEOUT_MS) + Number(configMap.data.SHUTDOWN_READINESS_DELAY_MS);

    expect(pod.terminationGracePeriodSeconds! * 1_000).toBeGreaterThan(deadlineMs);
    expect(container.lifecycle?.preStop).toBeUndefined();
  });

  it('probes liveness and startup without the database and readiness with it', () => {
    expect(container.livenessProbe?.httpGet?.path).toBe('/health/live');
    expect(container.startupProbe?.httpGet?.path).toBe('/health/live');
    expect(container.readinessProbe?.httpGet?.path).toBe('/health/ready');
  });

  it('allows the first database connection within the startup probe window', () => {
    const startup = container.startupProbe!;
    const windowSeconds = (startup.periodSeconds ?? 10) * (startup.failureThreshold ?? 3);

    expect(windowSeconds).toBeGreaterThanOrEqual(30);
  });

  it('points every probe at the named container port the app listens on', () => {
    const [port] = container.ports!;

    expect(String(port?.containerPort)).toBe(configMap.data.PORT);
    for (const probe of [container.startupProbe, container.livenessProbe, container.readinessProbe]) {
      expect(probe?.httpGet?.port).toBe(port?.name);
    }
    expect(
      (byKind('Service') as unknown as { spec: { ports: { targetPort: string }[] } }).spec.ports[0]?.targetPort,
    ).toBe(port?.name);
  });

  it('keeps the readiness probe timeout above the database ping timeout', () => {
    const pingTimeoutMs = loadConfig({ ...configMap.data, DATABASE_URL: 'postgres://app@db/app' }).database
      .healthTimeoutMs;

    expect(container.readinessProbe!.timeoutSeconds! * 1_000).toBeGreaterThan(pingTimeoutMs);
  });

  it('runs hardened: non-root, read-only root filesystem, no capabilities, no privilege escalation', () => {
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
    expect(container.securityContext).toMatchObject({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    });
    expect(Object.keys(container.resources?.requests ?? {}).sort()).toEqual(['cpu', 'memory']);
    expect(container.resources?.limits?.memory).toBeDefined();
  });

  it('runs the migrations in a Job with the same image, configuration and hardening', () => {
    const job = new Job(byKind('Job'));
    const migrate = job.spec!.template.spec!.containers[0]!;

    expect(migrate.image).toBe(container.image);
    expect(migrate.command).toEqual(['node', 'dist/migrate.js']);
    expect(migrate.envFrom).toEqual(container.envFrom);
    expect(migrate.securityContext).toEqual(container.securityContext);
    expect(job.spec!.template.metadata?.labels?.['app.kubernetes.io/name']).not.toBe(
      deployment.spec!.selector.matchLabels?.['app.kubernetes.io/name'],
    );
  });

  it('leaves migrations at boot off, so replicas never race the Job', () => {
    expect(configMap.data.DB_MIGRATIONS_RUN).toBe('false');
  });

  it('takes the database URL from a Secret reference, never from the ConfigMap', () => {
    const databaseUrl = container.env?.find((variable) => variable.name === 'DATABASE_URL');

    expect(databaseUrl?.valueFrom?.secretKeyRef?.name).toBeTruthy();
    expect(configMap.data).not.toHaveProperty('DATABASE_URL');
    expect(manifests.filter((manifest) => manifest.kind === 'Secret')).toEqual([]);
  });

  it('takes the access-token keys from a required Secret reference, never from the ConfigMap', () => {
    const keys = container.env?.find((variable) => variable.name === 'AUTH_JWT_KEYS');

    expect(keys?.valueFrom?.secretKeyRef).toMatchObject({ name: 'service-template-auth', key: 'AUTH_JWT_KEYS' });
    expect(keys?.valueFrom?.secretKeyRef?.optional).toBeUndefined();
    expect(configMap.data).not.toHaveProperty('AUTH_JWT_KEYS');
  });

  it('takes the SMTP relay from a required Secret reference: its URL may hold a password', () => {
    const smtp = container.env?.find((variable) => variable.name === 'SMTP_URL');

    expect(smtp?.valueFrom?.secretKeyRef).toMatchObject({ name: 'service-template-mail', key: 'SMTP_URL' });
    expect(smtp?.valueFrom?.secretKeyRef?.optional).toBeUndefined();
    expect(configMap.data).not.toHaveProperty('SMTP_URL');
  });

  it('sets only variables the app reads, with values its configuration accepts', () => {
    const known = configVariables();
    const names = [...Object.keys(configMap.data), ...(container.env ?? []).map((variable) => variable.name)];

    expect(names.filter((name) => !known.has(name))).toEqual([]);
    expect(() => loadConfig({ ...configMap.data, DATABASE_URL: 'postgres://app@db/app' })).not.toThrow();
  });

  it('keeps at least one pod through voluntary disruptions and scales on CPU', () => {
    const hpa = new HorizontalPodAutoscaler(byKind('HorizontalPodAutoscaler'));
    const pdb = new PodDisruptionBudget(byKind('PodDisruptionBudget'));

    expect(hpa.spec?.scaleTargetRef).toMatchObject({ kind: 'Deployment', name: deployment.metadata?.name });
    expect(hpa.spec?.minReplicas).toBeGreaterThanOrEqual(2);
    expect(pdb.spec?.selector?.matchLabels).toEqual(deployment.spec!.selector.matchLabels);
  });
});
