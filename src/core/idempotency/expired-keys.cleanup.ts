import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { IdempotencyConfig } from '../../config';
import { IdempotencyKeysRepository } from './idempotency-keys.repository';

/** Small batches keep every DELETE short, so cleanup never holds locks or a connection for long. */
export const CLEANUP_BATCH_SIZE = 500;
/** Bounds one run; whatever remains is left to the next tick rather than hogging the pool. */
const MAX_BATCHES_PER_RUN = 20;

/**
 * Deletes expired idempotency keys in the background. Requests never wait for it: expired keys are
 * already treated as free by the claim itself, so this only reclaims space. Each instance runs it;
 * `FOR UPDATE SKIP LOCKED` lets concurrent runs share the work instead of blocking each other.
 */
@Injectable()
export class ExpiredKeysCleanup implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ExpiredKeysCleanup.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly keys: IdempotencyKeysRepository,
    @Inject(IdempotencyConfig) private readonly config: IdempotencyConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.tick();
    }, this.config.cleanupIntervalMs);
    // Never the reason the process stays alive.
    this.timer.unref();
  }

  /** Stops before the pool closes (onApplicationShutdown), and waits for a run in progress. */
  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** Deletes expired keys until none are left or the run's bound is reached; returns how many. */
  async run(): Promise<number> {
    let deleted = 0;
    for (let batch = 0; batch < MAX_BATCHES_PER_RUN; batch++) {
      const count = await this.keys.deleteExpired(CLEANUP_BATCH_SIZE);
      deleted += count;
      if (count < CLEANUP_BATCH_SIZE) break;
    }
    return deleted;
  }

  private tick(): void {
    if (this.running !== undefined) return;
    this.running = this.run()
      .then(
        (deleted) => {
          if (deleted > 0) this.logger.debug(`deleted ${deleted} expired idempotency key(s)`);
        },
        (error: unknown) => {
          this.logger.warn(`idempotency key cleanup failed: ${String(error)}`);
        },
      )
      .finally(() => {
        this.running = undefined;
      });
  }
}
