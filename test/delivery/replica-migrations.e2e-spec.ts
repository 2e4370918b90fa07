import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory';
import { loadConfig } from '../../src/config';
import { request } from '../utils/http';
import { createTestDatabase, type TestDatabase } from '../utils/test-database';

const REPLICAS = 3;

/** RELIABILITY S16: replicas booting together with migrations at boot enabled must not race. */
describe('migrations at boot with several replicas', () => {
  let database: TestDatabase;
  const replicas: NestFastifyApplication[] = [];

  beforeAll(async () => {
    database = await createTestDatabase({ schema: 'empty' });
  });

  afterAll(async () => {
    await Promise.all(replicas.map((replica) => replica.close()));
    await database.drop();
  });

  it('applies each migration exactly once and every replica becomes ready', async () => {
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATABASE_URL: database.url,
      DB_MIGRATIONS_RUN: 'true',
    });

    const started = await Promise.allSettled(Array.from({ length: REPLICAS }, () => createApp(config)));
    for (const result of started) if (result.status === 'fulfilled') replicas.push(result.value);

    expect(started.map((result) => result.status)).toEqual(Array<string>(REPLICAS).fill('fulfilled'));
    const readiness = await Promise.all(replicas.map((replica) => request(replica, 'GET', '/health/ready')));
    expect(readiness.map((response) => response.statusCode)).toEqual(Array<number>(REPLICAS).fill(200));

    const dataSource = replicas[0]!.get(DataSource);
    const applied = await dataSource.query<{ name: string }[]>('SELECT name FROM migrations ORDER BY id');
    expect(applied.map((row) => row.name)).toEqual(dataSource.migrations.map((migration) => migration.name));
    expect(await dataSource.showMigrations()).toBe(false);
  });
});
