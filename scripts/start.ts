import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { migrate } from '../src/migrate';
import { loadDotEnv, startDevelopmentDatabase } from './lib/development-database';
import { prettyLogStream, wantsPrettyLogs } from './lib/pretty-logs';

const ROOT = join(__dirname, '..');

/** Where this launcher's lines and the app's go: stdout, or pino-pretty in front of it (see wantsPrettyLogs). */
let output: NodeJS.WritableStream = process.stdout;

/**
 * `npm start` / `npm run start:dev`: runs the service from source for local development. Without
 * DATABASE_URL it starts PostgreSQL from npm (data in .data/postgres), applies migrations, then
 * runs the app in a child process; Ctrl-C drains the app first, then stops the database. At a
 * terminal in development the app's JSON log lines are shown through pino-pretty.
 */
async function main(): Promise<void> {
  const watch = process.argv.includes('--watch');
  loadDotEnv();
  if (wantsPrettyLogs(process.env.NODE_ENV, process.stdout.isTTY)) output = prettyLogStream();
  const embedded = process.env.DATABASE_URL ? undefined : await startDevelopmentDatabase(log);
  try {
    await migrate(output);
    const exitCode = await runApp(watch);
    process.exitCode = exitCode;
  } finally {
    await embedded?.stop();
  }
}

/** Signals reach the whole foreground process group; forwarding covers `kill <launcher pid>`. */
function runApp(watch: boolean): Promise<number> {
  const args = [...(watch ? ['--watch-path=src', '--watch'] : []), '-r', '@swc-node/register', 'src/main.ts'];
  const pretty = output !== process.stdout;
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    stdio: ['inherit', pretty ? 'pipe' : 'inherit', 'inherit'],
    env: process.env,
  });
  child.stdout?.pipe(output, { end: false });
  const forward = (signal: NodeJS.Signals): void => {
    forwardSignal(child, signal);
  };
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  return new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(code ?? (signal ? 0 : 1));
    });
  });
}

function forwardSignal(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.exitCode === null) child.kill(signal);
}

function log(message: string): void {
  output.write(`${JSON.stringify({ level: 'info', msg: message })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
