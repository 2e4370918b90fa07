import { migrate } from '../src/migrate';
import { createUserCommand } from '../src/modules/users/create-user.cli';
import { loadDotEnv, startDevelopmentDatabase } from './lib/development-database';

/**
 * `npm run user:create -- --email … [--role admin]`: the users module's command run from source,
 * on DATABASE_URL (from the environment or .env) or, without one, on the embedded development
 * database `npm start` uses (the running one, if `npm start` is up), migrated first.
 */
async function main(): Promise<void> {
  loadDotEnv();
  const log = (message: string): void => {
    process.stderr.write(`${JSON.stringify({ level: 'info', msg: message })}\n`);
  };
  const embedded = process.env.DATABASE_URL ? undefined : await startDevelopmentDatabase(log);
  try {
    if (embedded) await migrate(process.stderr);
    process.stdout.write(`${await createUserCommand(process.argv.slice(2))}\n`);
  } finally {
    await embedded?.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
