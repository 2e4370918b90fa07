import { MemoryThrottlerStorage } from './memory-throttler.storage';

const SWEEP_INTERVAL_MS = 60_000;

describe(MemoryThrottlerStorage.name, () => {
  let now: number;
  let storage: MemoryThrottlerStorage;

  beforeEach(() => {
    now = 1_000_000;
    storage = new MemoryThrottlerStorage(SWEEP_INTERVAL_MS, () => now);
  });

  it('counts hits within the window', async () => {
    const first = await storage.increment('count', 10_000, 5, 10_000, 'default');
    now += 2_500;
    const second = await storage.increment('count', 10_000, 5, 10_000, 'default');

    expect(first).toEqual({ totalHits: 1, timeToExpire: 10, isBlocked: false, timeToBlockExpire: 0 });
    expect(second).toEqual({ totalHits: 2, timeToExpire: 8, isBlocked: false, timeToBlockExpire: 0 });
  });

  it('starts a new window once the old one has ended', async () => {
    await storage.increment('window', 1_000, 5, 1_000, 'default');
    now += 1_000;

    expect(await storage.increment('window', 1_000, 5, 1_000, 'default')).toMatchObject({ totalHits: 1 });
  });

  it('blocks the hit past the limit for the block duration, counting nothing meanwhile', async () => {
    await storage.increment('block', 10_000, 1, 3_000, 'default');

    const blocked = await storage.increment('block', 10_000, 1, 3_000, 'default');
    now += 1_000;
    const stillBlocked = await storage.increment('block', 10_000, 1, 3_000, 'default');

    expect(blocked).toEqual({ totalHits: 2, timeToExpire: 10, isBlocked: true, timeToBlockExpire: 3 });
    expect(stillBlocked).toEqual({ totalHits: 2, timeToExpire: 2, isBlocked: true, timeToBlockExpire: 2 });
  });

  it('starts counting afresh once the block expires, even inside the old window', async () => {
    await storage.increment('expiry', 10_000, 1, 200, 'default');
    await storage.increment('expiry', 10_000, 1, 200, 'default');
    now += 200;

    expect(await storage.increment('expiry', 10_000, 1, 200, 'default')).toMatchObject({
      totalHits: 1,
      isBlocked: false,
    });
  });

  it('keeps separate counters per throttler name and key', async () => {
    await storage.increment('shared', 10_000, 5, 10_000, 'default');

    expect((await storage.increment('shared', 10_000, 5, 10_000, 'burst')).totalHits).toBe(1);
    expect((await storage.increment('other', 10_000, 5, 10_000, 'default')).totalHits).toBe(1);
  });

  it('keeps one record per client however many hits it sends', async () => {
    for (let hit = 0; hit < 10_000; hit += 1) await storage.increment('heavy', 60_000, 1_000_000, 60_000, 'default');

    expect(storage.size).toBe(1);
  });

  it('forgets clients whose window and block have ended at the next sweep', async () => {
    await storage.increment('idle', 1_000, 5, 1_000, 'default');
    await storage.increment('blocked', 1_000, 1, 120_000, 'default');
    await storage.increment('blocked', 1_000, 1, 120_000, 'default');
    now += SWEEP_INTERVAL_MS;

    await storage.increment('active', 1_000, 5, 1_000, 'default');

    expect(storage.size).toBe(2);
    expect((await storage.increment('blocked', 1_000, 1, 120_000, 'default')).isBlocked).toBe(true);
  });
});
