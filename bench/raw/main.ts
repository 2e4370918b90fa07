import { buildRawApp, rawAuthFromEnv } from './app';

/** Entry of the raw baseline server; the benchmark harness sets every variable. */
async function main(): Promise<void> {
  const app = buildRawApp({
    databaseUrl: requireVariable('DATABASE_URL'),
    poolSize: Number(process.env.DB_POOL_SIZE ?? 10),
    logLevel: process.env.LOG_LEVEL ?? 'info',
    authentication: rawAuthFromEnv(process.env),
  });
  const close = (): void => {
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', close);
  process.once('SIGINT', close);
  await app.listen({ host: process.env.HOST ?? '127.0.0.1', port: Number(process.env.PORT ?? 3000) });
}

function requireVariable(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
