import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';

const ROOT = join(__dirname, '..', '..');
const MANIFESTS = join(ROOT, 'deploy', 'k8s');
const read = (...path: string[]): string => readFileSync(join(ROOT, ...path), 'utf8');

/** package.json names the service; `npm run init` renames it there and everywhere below together. */
const { name } = JSON.parse(read('package.json')) as { name: string };

interface Named {
  readonly kind: string;
  readonly metadata: { readonly name: string };
}

/**
 * Every delivery file names the service as package.json does, so a rename (by `init` or by hand)
 * that misses one fails here rather than in a cluster.
 */
describe('the service name in delivery files', () => {
  it('names the compose project and its image after the package', () => {
    const compose = parse(read('docker-compose.yml'), { merge: true }) as {
      name: string;
      services: Readonly<Record<string, { readonly image?: string }>>;
    };

    expect(compose.name).toBe(name);
    expect(compose.services.app?.image).toBe(`${name}:local`);
    expect(compose.services.migrate?.image).toBe(`${name}:local`);
  });

  it('names every Kubernetes object, the kustomize label and image after the package', () => {
    const manifests = readdirSync(MANIFESTS)
      .filter((file) => file.endsWith('.yaml') && file !== 'kustomization.yaml')
      .flatMap((file) => parseAllDocuments(read('deploy', 'k8s', file)).map((document) => document.toJS() as Named));
    const kustomization = parse(read('deploy', 'k8s', 'kustomization.yaml')) as {
      labels: { pairs: Record<string, string> }[];
      images: { name: string; newName: string }[];
    };

    for (const manifest of manifests) {
      expect(`${manifest.kind} ${manifest.metadata.name}`).toMatch(new RegExp(`^${manifest.kind} ${name}(-migrate)?$`));
    }
    expect(kustomization.labels[0]?.pairs['app.kubernetes.io/name']).toBe(name);
    expect(kustomization.images[0]?.name).toBe(name);
    expect(kustomization.images[0]?.newName).toMatch(new RegExp(`/${name}$`));
  });

  it('tags the image CI builds and runs after the package', () => {
    const workflow = read('.github', 'workflows', 'ci.yml');

    expect(workflow).toContain(`tags: ${name}:ci`);
    expect(workflow.match(/\S+:ci\b/g)?.filter((tag) => !tag.endsWith(`${name}:ci`))).toEqual([]);
  });
});
