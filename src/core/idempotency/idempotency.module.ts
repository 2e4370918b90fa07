import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ExpiredKeysCleanup } from './expired-keys.cleanup';
import { IdempotencyKeyEntity } from './idempotency-key.entity';
import { IdempotencyKeysRepository } from './idempotency-keys.repository';
import { IdempotencyHooks } from './idempotency.hooks';

/** Idempotency-Key support for every POST and PATCH route; `createApp` registers the hooks. */
@Module({
  imports: [TypeOrmModule.forFeature([IdempotencyKeyEntity])],
  providers: [IdempotencyKeysRepository, IdempotencyHooks, ExpiredKeysCleanup],
  exports: [IdempotencyHooks],
})
export class IdempotencyModule {}
