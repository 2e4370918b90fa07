import 'reflect-metadata';
import { createApp } from './app.factory';
import { loadConfig } from './config';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const app = await createApp(config);
  await app.listen({ host: config.http.host, port: config.http.port });
}

void bootstrap();
