import type { ThrottlerStorage } from '@nestjs/throttler';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

interface Window {
  hits: number;
  endsAt: number;
  blockedUntil: number;
}

/**
 * Rate-limit counters of a single instance: a fixed-window counter per client, with the same
 * semantics as RedisThrottlerStorage's script (while blocked nothing is counted; the hit that
 * exceeds the limit starts a block and clears the window). One small record per client, O(1) per
 * request: @nestjs/throttler's own in-memory storage keeps one timestamp per hit and filters them
 * all on every request, so its cost grew with the limit (docs/performance.md).
 * Expired records are swept on the first hit after each sweep interval, so no timer is needed.
 */
export class MemoryThrottlerStorage implements ThrottlerStorage {
  private readonly windows = new Map<string, Window>();
  private nextSweepAt: number;

  constructor(
    private readonly sweepIntervalMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.nextSweepAt = now() + sweepIntervalMs;
  }

  /** Records currently held; exposed so tests can prove idle clients are forgotten. */
  get size(): number {
    return this.windows.size;
  }

  increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    const now = this.now();
    if (now >= this.nextSweepAt) this.sweep(now);
    const windowKey = `${throttlerName}:${key}`;
    let window = this.windows.get(windowKey);
    if (window !== undefined && window.blockedUntil > now) {
      const blockTtlMs = window.blockedUntil - now;
      return Promise.resolve(record(limit + 1, blockTtlMs, true, blockTtlMs));
    }
    if (window === undefined || window.endsAt <= now) {
      window = { hits: 0, endsAt: now + ttl, blockedUntil: 0 };
      this.windows.set(windowKey, window);
    }
    window.hits += 1;
    const windowTtlMs = window.endsAt - now;
    if (window.hits > limit) {
      const hits = window.hits;
      window.blockedUntil = now + blockDuration;
      window.hits = 0;
      window.endsAt = now;
      return Promise.resolve(record(hits, windowTtlMs, true, blockDuration));
    }
    return Promise.resolve(record(window.hits, windowTtlMs, false, 0));
  }

  private sweep(now: number): void {
    for (const [key, window] of this.windows) {
      if (window.endsAt <= now && window.blockedUntil <= now) this.windows.delete(key);
    }
    this.nextSweepAt = now + this.sweepIntervalMs;
  }
}

function record(
  totalHits: number,
  windowTtlMs: number,
  isBlocked: boolean,
  blockTtlMs: number,
): ThrottlerStorageRecord {
  return {
    totalHits,
    timeToExpire: toSeconds(windowTtlMs),
    isBlocked,
    timeToBlockExpire: toSeconds(blockTtlMs),
  };
}

function toSeconds(milliseconds: number): number {
  return Math.ceil(milliseconds / 1000);
}
