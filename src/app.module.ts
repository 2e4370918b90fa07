import { type DynamicModule, Module, type Provider, type Type } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import type { Logger as Pino } from 'pino';
import { type Config, ConfigModule } from './config';
import { DatabaseModule } from './core/database/database.module';
import { ProblemDetailsFilter } from './core/errors/problem-details.filter';
import { HealthModule } from './core/health/health.module';
import { IdempotencyModule } from './core/idempotency/idempotency.module';
import { loggingModule } from './core/logging/nest-logger';
import { MailModule } from './core/mail/mail.module';
import { MetricsModule } from './core/metrics/metrics.module';
import { ShutdownModule } from './core/shutdown/shutdown.module';
import { ThrottlingModule } from './core/throttling/throttling.module';
import { StrictValidationPipe } from './core/validation/strict-validation.pipe';
import { featureModules } from './modules';

/**
 * How every route validates its input and renders its errors. Global wherever they are provided;
 * the HTTP-layer tests' small module provides them too.
 */
export const REQUEST_PIPELINE_PROVIDERS: readonly Provider[] = [
  { provide: APP_FILTER, useClass: ProblemDetailsFilter },
  { provide: APP_PIPE, useClass: StrictValidationPipe },
];

@Module({})
export class AppModule {
  /**
   * `logger`: the pino instance `createApp` builds for Fastify; Nest logs through it as well.
   * `extraModules`: mounted after the registry's feature modules (AppOptions.extraModules).
   */
  static forRoot(config: Config, logger: Pino, extraModules: readonly Type[] = []): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        loggingModule(logger),
        DatabaseModule,
        ShutdownModule,
        ThrottlingModule,
        HealthModule,
        MetricsModule,
        IdempotencyModule,
        MailModule,
        ...featureModules,
        ...extraModules,
      ],
      providers: [...REQUEST_PIPELINE_PROVIDERS],
    };
  }
}
