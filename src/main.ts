import 'reflect-metadata';
import { createApp } from './app.factory';
import { loadConfig, StartupError } from './config';
import { installGracefulShutdown } from './core/shutdown/graceful-shutdown';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const app = await createApp(config);
  installGracefulShutdown(app, config.app);
  await app.listen({ host: config.http.host, port: config.http.port });
}

bootstrap().catch((error: unknown) => {
  process.stderr.write(`${describeBootFailure(error)}\n`);
  process.exit(1);
});

/** A startup error's message is complete on its own; anything else is unexpected and keeps its stack. */
function describeBootFailure(error: unknown): string {
  if (error instanceof StartupError) return error.message;
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
