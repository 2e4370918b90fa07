import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadConfig } from '../../src/config';
import { configVariables } from './support/config-variables';

const ROOT = join(__dirname, '..', '..');

interface ComposeService {
  readonly image?: string;
  readonly build?: string;
  readonly command?: readonly string[];
  readonly environment?: Readonly<Record<string, string>>;
  readonly healthcheck?: { readonly test: readonly string[] };
  readonly depends_on?: Readonly<Record<string, { readonly condition: string }>>;
}

/** `${NAME:?message}`: compose takes the value from the shell and refuses to start without one. */
const REQUIRED_FROM_SHELL = /^\$\{(\w+):\?[^}]*\}$/;

/** The environment as compose would pass it once the shell provides the required values (a valid sample each). */
function withRequiredFromShell(environment: Readonly<Record<string, string>>): Record<string, string> {
  const samples: Readonly<Record<string, string>> = {
    AUTH_JWT_KEYS: `main:${'A'.repeat(43)}`,
    SMTP_URL: 'smtp://mail.example.com:587',
  };
  return Object.fromEntries(
    Object.entries(environment).map(([name, value]) => {
      const required = REQUIRED_FROM_SHELL.exec(value)?.[1];
      return [name, required === undefined ? value : (samples[required] ?? '')];
    }),
  );
}

describe('docker-compose.yml', () => {
  const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
    services: Readonly<Record<string, ComposeService>>;
  };
  const { postgres, redis, migrate, app } = compose.services;

  it('runs PostgreSQL, Redis, a one-off migration and the app', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['app', 'migrate', 'postgres', 'redis']);
  });

  it('gives every long-running service a healthcheck', () => {
    for (const service of [postgres, redis, app]) {
      expect(service?.healthcheck?.test.length).toBeGreaterThan(0);
    }
  });

  it('starts the app only after healthy dependencies and a successful migration', () => {
    expect(app?.depends_on).toEqual({
      postgres: { condition: 'service_healthy' },
      redis: { condition: 'service_healthy' },
      migrate: { condition: 'service_completed_successfully' },
    });
    expect(migrate?.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
  });

  it('builds the app and the migration from the Dockerfile, migrating with the image command', () => {
    expect(app?.build).toBe('.');
    expect(migrate?.build).toBe('.');
    expect(migrate?.image).toBe(app?.image);
    expect(migrate?.command).toEqual(['node', 'dist/migrate.js']);
  });

  it('checks readiness with node, which the slim image has (curl it has not)', () => {
    expect(app?.healthcheck?.test.slice(0, 2)).toEqual(['CMD', 'node']);
    expect(app?.healthcheck?.test.join(' ')).toContain('/health/ready');
  });

  it('wires the app to both databases through the hostnames of their services', () => {
    const databaseUrl = new URL(app?.environment?.DATABASE_URL ?? '');
    const redisUrl = new URL(app?.environment?.REDIS_URL ?? '');

    expect(databaseUrl.hostname).toBe('postgres');
    expect(databaseUrl.username).toBe(postgres?.environment?.POSTGRES_USER);
    expect(databaseUrl.password).toBe(postgres?.environment?.POSTGRES_PASSWORD);
    expect(databaseUrl.pathname).toBe(`/${postgres?.environment?.POSTGRES_DB}`);
    expect(redisUrl.hostname).toBe('redis');
  });

  it('sets only variables the app reads, with values its configuration accepts', () => {
    const known = configVariables();
    const environment = app?.environment ?? {};

    expect(Object.keys(environment).filter((name) => !known.has(name))).toEqual([]);
    expect(() => loadConfig(withRequiredFromShell(environment))).not.toThrow();
  });

  it('takes the access-token keys from the shell, refusing to start without them', () => {
    expect(app?.environment?.AUTH_JWT_KEYS).toMatch(/^\$\{AUTH_JWT_KEYS:\?.+\}$/);
    expect(app?.environment?.SMTP_URL).toMatch(/^\$\{SMTP_URL:\?.+\}$/);
  });
});
