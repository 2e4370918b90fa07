import { TEMPLATE_NAME } from './service-name';

/** The version a freshly initialised service starts at, whatever the template's own release is. */
export const INITIAL_VERSION = '0.1.0';

export interface ServiceIdentity {
  /** A valid service name (see service-name.ts). */
  readonly name: string;
  /** package.json's description, which the OpenAPI document shows. */
  readonly description: string;
}

export function defaultDescription(name: string): string {
  return `${name}: an HTTP service (NestJS on Fastify, TypeORM on PostgreSQL)`;
}

/**
 * Files that record the template's history rather than name this service: the changelog (its
 * entries describe template releases, which stay true) and the decision records.
 */
export function isHistory(path: string): boolean {
  return path === 'CHANGELOG.md' || path.startsWith('docs/decisions/');
}

const TEMPLATE_NAME_PATTERN = new RegExp(TEMPLATE_NAME.replace(/[-]/g, '\\-'), 'gi');

/**
 * The content `path` should have once the service is called `identity.name`; the same content
 * when nothing in it names the service. Manifests are edited as data (name, description and
 * version reset); every other file has each occurrence of the template's name replaced, which is
 * what names the service in the image, compose project, Kubernetes names, labels and selectors,
 * the workflow's image tags and the docs (the OpenAPI title and PostgreSQL's application_name are
 * read from package.json at runtime).
 */
export function renamedContent(path: string, content: string, identity: ServiceIdentity): string {
  if (isHistory(path)) return content;
  switch (path) {
    case 'package.json':
      return renamePackageManifest(content, identity);
    case 'package-lock.json':
      return renameLockfile(content, identity);
    case 'README.md':
      return replaceTemplateName(renameReadmeTitle(content, identity.name), identity.name);
    case 'deploy/k8s/kustomization.yaml':
      // The image tag deploys package.json's version; both restart at the initial version.
      return replaceTemplateName(content.replace(/^(\s*newTag:\s*).*$/m, `$1${INITIAL_VERSION}`), identity.name);
    default:
      return replaceTemplateName(content, identity.name);
  }
}

export function replaceTemplateName(content: string, name: string): string {
  return content.replace(TEMPLATE_NAME_PATTERN, name);
}

interface PackageManifest {
  name?: string;
  version?: string;
  description?: string;
  [field: string]: unknown;
}

interface Lockfile {
  name?: string;
  version?: string;
  packages?: Record<string, PackageManifest | undefined>;
  [field: string]: unknown;
}

/** npm writes both files as `JSON.stringify(…, null, 2)` and a newline; parsing keeps key order. */
function stringify(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

function renamePackageManifest(content: string, identity: ServiceIdentity): string {
  const manifest = JSON.parse(content) as PackageManifest;
  manifest.name = identity.name;
  manifest.description = identity.description;
  manifest.version = INITIAL_VERSION;
  return stringify(manifest);
}

/** The lockfile repeats the root package's name and version at its top and under `packages[""]`. */
function renameLockfile(content: string, identity: ServiceIdentity): string {
  const lockfile = JSON.parse(content) as Lockfile;
  lockfile.name = identity.name;
  lockfile.version = INITIAL_VERSION;
  const root = lockfile.packages?.[''];
  if (root) {
    root.name = identity.name;
    root.version = INITIAL_VERSION;
  }
  return stringify(lockfile);
}

/** `# Service template: NestJS on Fastify, …` → `# billing-service: NestJS on Fastify, …`. */
function renameReadmeTitle(content: string, name: string): string {
  return content.replace(/^# Service template\b/, `# ${name}`);
}
