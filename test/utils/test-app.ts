import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { LightMyRequestResponse } from 'fastify';
import { type AppOptions, createApp } from '../../src/app.factory';
import { type EnvironmentSource, loadConfig } from '../../src/config';
import { authHeader } from './auth';
import { type Headers, type HttpMethod, request } from './http';
import { LOAD_SHEDDING_OFF } from './load-shedding-off';
import { createTestDatabase, type TestDatabase } from './test-database';

export interface TestApp {
  readonly app: NestFastifyApplication;
  readonly database: TestDatabase;
  /**
   * `request` from test/utils/http.ts, sent to this app as an admin (one created on first use)
   * unless `headers` carries its own `authorization`.
   */
  request(method: HttpMethod, url: string, payload?: unknown, headers?: Headers): Promise<LightMyRequestResponse>;
  /** The default admin's `{ authorization }`, for requests sent some other way than `request`. */
  credentials(): Promise<Headers>;
  /** The same without any credentials, for public routes and 401s. */
  anonymous(method: HttpMethod, url: string, payload?: unknown, headers?: Headers): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

/** Variables a CI run may point at real infrastructure; everything else is fixed for determinism. */
const PASSED_THROUGH = ['REDIS_URL'] as const;

/**
 * The production app factory on a private, migrated database. Configuration comes only from the
 * defaults, the pass-through list and `env`, so a developer's shell cannot change test outcomes.
 */
export async function createTestApp(
  env: EnvironmentSource | ((database: TestDatabase) => EnvironmentSource) = {},
  options: AppOptions = {},
): Promise<TestApp> {
  const database = await createTestDatabase();
  const passedThrough = Object.fromEntries(PASSED_THROUGH.map((name) => [name, process.env[name]]));
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    ...passedThrough,
    DATABASE_URL: database.url,
    THROTTLE_KEY_PREFIX: database.name,
    // Tests send far more than a real client's share from one address; throttling tests set their own limit.
    THROTTLE_LIMIT: '1000000',
    THROTTLE_ACCOUNT_LIMIT: '1000000',
    ...LOAD_SHEDDING_OFF,
    // The cheapest argon2id the library accepts: tests create users by the hundred, not to resist cracking.
    AUTH_ARGON2_MEMORY_KIB: '1024',
    AUTH_ARGON2_ITERATIONS: '1',
    ...(typeof env === 'function' ? env(database) : env),
  });
  const app = await createApp(config, options);
  let admin: Promise<Headers> | undefined;
  const credentials = (): Promise<Headers> => (admin ??= authHeader(app, { role: 'admin' }));
  return {
    app,
    database,
    request: async (method, url, payload, headers = {}) => {
      const defaults = 'authorization' in headers ? {} : await credentials();
      return request(app, method, url, payload, { ...defaults, ...headers });
    },
    credentials,
    anonymous: (method, url, payload, headers) => request(app, method, url, payload, headers),
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}
