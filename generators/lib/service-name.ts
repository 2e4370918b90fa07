import { builtinModules } from 'node:module';
import { GeneratorInputError } from './generator';

/**
 * The name the template ships under. Spelled in two parts on purpose: after `init`, a
 * case-insensitive search for the template's name must find only history (CHANGELOG.md,
 * docs/decisions), and this is the one place that must keep knowing it, to tell a fresh clone
 * from an initialised repository.
 */
export const TEMPLATE_NAME = ['service', 'template'].join('-');

/**
 * The longest suffix deploy/ appends to the service name in a Kubernetes label value
 * (`app.kubernetes.io/name: <name>-migrate`, and the Job's `job-name` label). Label values are
 * limited to 63 characters, so the name itself is limited to 63 minus this suffix.
 */
const LONGEST_LABEL_SUFFIX = '-migrate';

/** 55: a DNS-1123 label (63) with room for the longest suffix deploy/ adds. */
export const MAX_SERVICE_NAME_LENGTH = 63 - LONGEST_LABEL_SUFFIX.length;

/**
 * The intersection of the rules every place that uses the name imposes:
 * - npm package name: lowercase, URL-safe, no leading `.` or `_`, ≤ 214, not a Node.js core module;
 * - Kubernetes: Service names are DNS-1035 labels (start with a letter), other names and label
 *   values DNS-1123 labels (lowercase alphanumerics and `-`, alphanumeric at both ends, ≤ 63);
 * - Docker image names and compose project names accept all of that; PostgreSQL truncates
 *   `application_name` at 63 bytes, which the length limit also covers.
 */
export const SERVICE_NAME_RULE =
  `a service name is lowercase letters, digits and hyphens, starts with a letter, ends with a letter or digit, ` +
  `and is at most ${MAX_SERVICE_NAME_LENGTH} characters (npm package name ∩ Kubernetes DNS-1035 label, ` +
  `with room for the "${LONGEST_LABEL_SUFFIX}" suffix deploy/ adds)`;

export class ServiceNameError extends GeneratorInputError {}

/** Every rule `name` breaks, in words; empty when it is a valid service name. */
export function serviceNameProblems(name: string): string[] {
  const problems: string[] = [];
  if (name === '') return ['it is empty'];
  if (/[A-Z]/.test(name)) problems.push('it has uppercase letters');
  if (/[^A-Za-z0-9-]/.test(name)) {
    const others = [...new Set(name.replace(/[A-Za-z0-9-]/g, ''))].map((character) => `"${character}"`);
    problems.push(`it has characters other than letters, digits and hyphens (${others.join(', ')})`);
  }
  if (!/^[A-Za-z]/.test(name)) problems.push('it does not start with a letter');
  if (name.endsWith('-')) problems.push('it ends with a hyphen');
  if (name.length > MAX_SERVICE_NAME_LENGTH) {
    problems.push(`it is ${name.length} characters long (at most ${MAX_SERVICE_NAME_LENGTH})`);
  }
  if (builtinModules.includes(name)) problems.push('it is the name of a Node.js core module, which npm refuses');
  if (name === TEMPLATE_NAME) problems.push("it is the template's own name");
  return problems;
}

/**
 * A valid name close to `input`, or undefined when nothing of it is usable: `AcmeOrders` and
 * `acme_orders` → `acme-orders`, `-acme` → `acme`, a long name cut at a hyphen.
 */
export function suggestServiceName(input: string): string | undefined {
  let name = input
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^[^a-z]+/, '')
    .replace(/-+$/, '');
  if (name.length > MAX_SERVICE_NAME_LENGTH) {
    const cut = name.slice(0, MAX_SERVICE_NAME_LENGTH);
    const lastHyphen = cut.lastIndexOf('-');
    name = (lastHyphen > 0 ? cut.slice(0, lastHyphen) : cut).replace(/-+$/, '');
  }
  if (name === '') return undefined;
  if (builtinModules.includes(name) || name === TEMPLATE_NAME) name = `${name}-service`;
  return serviceNameProblems(name).length === 0 ? name : undefined;
}

/** Throws a ServiceNameError naming every broken rule, the rule itself and a valid suggestion. */
export function assertServiceName(name: string): void {
  const problems = serviceNameProblems(name);
  if (problems.length === 0) return;
  const suggestion = suggestServiceName(name);
  throw new ServiceNameError(
    [
      `invalid service name "${name}": ${problems.join('; ')}.`,
      `Rule: ${SERVICE_NAME_RULE}.`,
      ...(suggestion === undefined ? [] : [`Try: --name ${suggestion}`]),
    ].join('\n'),
  );
}
