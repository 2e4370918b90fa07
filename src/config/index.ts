export { AppConfig, type LogLevel, type NodeEnvironment } from './app.config';
export { type Config, type EnvironmentSource, InvalidConfigError, loadConfig } from './config';
export { ConfigModule } from './config.module';
export { DatabaseConfig } from './database.config';
export { HttpConfig } from './http.config';
export { IdempotencyConfig } from './idempotency.config';
export { OverloadConfig } from './overload.config';
export { StartupError } from './startup-error';
export { ThrottleConfig } from './throttle.config';
