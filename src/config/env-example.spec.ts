import { getMetadataStorage } from 'class-validator';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ENVIRONMENT_SCHEMAS, loadConfig } from './config';

const ENV_EXAMPLE = join(__dirname, '..', '..', '.env.example');

function documentedVariables(): Map<string, string> {
  const entries = readFileSync(ENV_EXAMPLE, 'utf8')
    .split('\n')
    .filter((line) => /^[A-Z][A-Z0-9_]*=/.test(line))
    .map((line): [string, string] => {
      const separator = line.indexOf('=');
      return [line.slice(0, separator), line.slice(separator + 1)];
    });
  return new Map(entries);
}

function declaredVariables(): Map<string, unknown> {
  const declared = new Map<string, unknown>();
  for (const schema of ENVIRONMENT_SCHEMAS) {
    const defaults = new schema() as unknown as Record<string, unknown>;
    const properties = getMetadataStorage()
      .getTargetValidationMetadatas(schema, '', true, false)
      .map((metadata) => metadata.propertyName);
    for (const property of properties) declared.set(property, defaults[property]);
  }
  return declared;
}

function asEnvironmentValue(value: unknown): string {
  if (value === undefined) return '';
  if (Array.isArray(value)) return value.join(',');
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new Error(`unexpected default ${JSON.stringify(value)}`);
}

describe('.env.example', () => {
  it('documents every variable the configuration declares', () => {
    const documented = documentedVariables();

    expect([...declaredVariables().keys()].filter((name) => !documented.has(name))).toEqual([]);
  });

  it('documents no variable the configuration does not read', () => {
    const declared = declaredVariables();

    expect([...documentedVariables().keys()].filter((name) => !declared.has(name))).toEqual([]);
  });

  it('shows the actual default of every variable that has one', () => {
    const documented = documentedVariables();
    const mismatches = [...declaredVariables()]
      .filter(([, fallback]) => fallback !== undefined)
      .filter(([name, fallback]) => documented.get(name) !== asEnvironmentValue(fallback))
      .map(
        ([name, fallback]) => `${name}: documented ${documented.get(name)}, default ${asEnvironmentValue(fallback)}`,
      );

    expect(mismatches).toEqual([]);
  });

  it('is a valid configuration once a database is named', () => {
    const documented = Object.fromEntries(documentedVariables());

    expect(() => loadConfig({ ...documented, DATABASE_URL: 'postgres://app@db.internal:5432/app' })).not.toThrow();
  });
});
