import { type DynamicModule, Global, Module } from '@nestjs/common';
import { AppConfig } from './app.config';
import { AuthConfig } from './auth.config';
import type { Config } from './config';
import { DatabaseConfig } from './database.config';
import { HttpConfig } from './http.config';
import { IdempotencyConfig } from './idempotency.config';
import { MailConfig } from './mail.config';
import { OverloadConfig } from './overload.config';
import { ThrottleConfig } from './throttle.config';

/**
 * Provides each configuration namespace under its abstract class, so consumers inject exactly
 * the slice they need with full typing: `constructor(private readonly database: DatabaseConfig)`.
 */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: Config): DynamicModule {
    const providers = [
      { provide: AppConfig, useValue: config.app },
      { provide: HttpConfig, useValue: config.http },
      { provide: DatabaseConfig, useValue: config.database },
      { provide: ThrottleConfig, useValue: config.throttle },
      { provide: IdempotencyConfig, useValue: config.idempotency },
      { provide: OverloadConfig, useValue: config.overload },
      { provide: AuthConfig, useValue: config.auth },
      { provide: MailConfig, useValue: config.mail },
    ];
    return { module: ConfigModule, providers, exports: providers.map((provider) => provider.provide) };
  }
}
