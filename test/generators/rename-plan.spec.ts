import {
  defaultDescription,
  INITIAL_VERSION,
  isHistory,
  renamedContent,
  type ServiceIdentity,
} from '../../generators/lib/rename-plan';
import { TEMPLATE_NAME } from '../../generators/lib/service-name';

const IDENTITY: ServiceIdentity = { name: 'acme-orders', description: 'Orders of Acme' };

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

describe(renamedContent.name, () => {
  it('renames package.json, sets its description and resets its version, keeping every other field in place', () => {
    const before = json({ name: TEMPLATE_NAME, version: '2.3.0', private: true, description: 'template', scripts: {} });

    expect(renamedContent('package.json', before, IDENTITY)).toBe(
      json({
        name: 'acme-orders',
        version: INITIAL_VERSION,
        private: true,
        description: 'Orders of Acme',
        scripts: {},
      }),
    );
  });

  it("renames the lockfile's root package in both places and leaves dependencies alone", () => {
    const before = json({
      name: TEMPLATE_NAME,
      version: '2.3.0',
      lockfileVersion: 3,
      packages: {
        '': { name: TEMPLATE_NAME, version: '2.3.0', dependencies: { pg: '8.0.0' } },
        'node_modules/pg': { version: '8.0.0' },
      },
    });

    expect(JSON.parse(renamedContent('package-lock.json', before, IDENTITY))).toEqual({
      name: 'acme-orders',
      version: INITIAL_VERSION,
      lockfileVersion: 3,
      packages: {
        '': { name: 'acme-orders', version: INITIAL_VERSION, dependencies: { pg: '8.0.0' } },
        'node_modules/pg': { version: '8.0.0' },
      },
    });
  });

  it('renames every occurrence in compose, Kubernetes manifests, workflows, sources and docs, in any case', () => {
    const compose = `name: ${TEMPLATE_NAME}\nservices:\n  app:\n    image: ${TEMPLATE_NAME}:local\n`;
    const docs = `kubectl rollout status deployment/${TEMPLATE_NAME.toUpperCase()}\n`;

    expect(renamedContent('docker-compose.yml', compose, IDENTITY)).toBe(
      'name: acme-orders\nservices:\n  app:\n    image: acme-orders:local\n',
    );
    expect(renamedContent('docs/deploy.md', docs, IDENTITY)).toBe('kubectl rollout status deployment/acme-orders\n');
  });

  it("resets the kustomization's image tag to the initial version", () => {
    const before = `images:\n  - name: ${TEMPLATE_NAME}\n    newName: ghcr.io/your-org/${TEMPLATE_NAME}\n    newTag: 1.4.2\n`;

    expect(renamedContent('deploy/k8s/kustomization.yaml', before, IDENTITY)).toBe(
      `images:\n  - name: acme-orders\n    newName: ghcr.io/your-org/acme-orders\n    newTag: ${INITIAL_VERSION}\n`,
    );
  });

  it("renames the README's title", () => {
    expect(renamedContent('README.md', '# Service template: NestJS on Fastify\n\nText.\n', IDENTITY)).toBe(
      '# acme-orders: NestJS on Fastify\n\nText.\n',
    );
  });

  it('leaves history alone: the changelog and the decision records', () => {
    const text = `Released ${TEMPLATE_NAME} 0.1.0\n`;

    expect(isHistory('CHANGELOG.md')).toBe(true);
    expect(renamedContent('CHANGELOG.md', text, IDENTITY)).toBe(text);
    expect(renamedContent('docs/decisions/0300-delivery-image-and-release.md', text, IDENTITY)).toBe(text);
    expect(isHistory('docs/deploy.md')).toBe(false);
  });

  it('returns the same content when nothing names the service', () => {
    const source = "export const answer = 42; // a 'service template' in words is not the name\n";

    expect(renamedContent('src/answer.ts', source, IDENTITY)).toBe(source);
  });

  it('describes the service by default with its name', () => {
    expect(defaultDescription('acme-orders')).toMatch(/^acme-orders: /);
  });
});
