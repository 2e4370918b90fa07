import { Body, Controller, HttpCode, Module, Post } from '@nestjs/common';
import type { EnvironmentSource } from '../../src/config';
import { featureModules } from '../../src/modules';
import { createTestApp, type TestApp } from './test-app';

/** Bodies that reached the handler, so tests can prove hostile ones never did. */
export const receivedBodies: unknown[] = [];

/**
 * A route that accepts any JSON body, for testing the HTTP layer (limits, parsing, encodings)
 * independently of any feature's validation rules. Registered only by the tests that need it.
 */
@Controller({ path: 'echo', version: '1' })
class EchoController {
  @Post()
  @HttpCode(200)
  echo(@Body() body: unknown): { received: true } {
    receivedBodies.push(body);
    return { received: true };
  }
}

@Module({ controllers: [EchoController] })
export class EchoModule {}

/** The real application plus the echo route, registered through the feature-module registry. */
export async function createTestAppWithEchoRoute(env: EnvironmentSource = {}): Promise<TestApp> {
  // Widened rather than cast: the registry's element type changes as modules are added.
  const modules: unknown[] = featureModules;
  modules.push(EchoModule);
  try {
    return await createTestApp(env);
  } finally {
    modules.pop();
  }
}
