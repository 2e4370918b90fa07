import 'reflect-metadata';
import { createApp } from './app.factory';
import { loadConfig } from './config';
import { installGracefulShutdown } from './core/shutdown/graceful-shutdown';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const app = await createApp(config);
  installGracefulShutdown(app, config.app);
  await app.listen({ host: config.http.host, port: config.http.port });
}

bootstrap().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
