import { setTimeout as sleep } from 'node:timers/promises';
import type { DataSource, Migration } from 'typeorm';

/** Arbitrary constant identifying "schema migration in progress" among advisory locks. */
const MIGRATION_LOCK_KEY = 727_274_001;
const LOCK_POLL_INTERVAL_MS = 250;

/**
 * Applies pending migrations while holding a session-level advisory lock, so replicas that boot
 * together apply each migration exactly once: the others wait, then find nothing pending.
 * Polling with pg_try_advisory_lock keeps every statement short, within statement_timeout.
 */
export async function runMigrationsExclusively(dataSource: DataSource): Promise<Migration[]> {
  const lockRunner = dataSource.createQueryRunner();
  try {
    await lockRunner.connect();
    while (!(await tryLock(lockRunner.query.bind(lockRunner)))) {
      await sleep(LOCK_POLL_INTERVAL_MS);
    }
    try {
      return await dataSource.runMigrations({ transaction: 'each' });
    } finally {
      await lockRunner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await lockRunner.release();
  }
}

type Query = (sql: string, parameters: unknown[]) => Promise<{ locked: boolean }[]>;

async function tryLock(query: Query): Promise<boolean> {
  const [row] = await query('SELECT pg_try_advisory_lock($1) AS locked', [MIGRATION_LOCK_KEY]);
  return row?.locked === true;
}
