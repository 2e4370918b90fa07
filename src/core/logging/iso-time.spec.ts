import { createIsoTimeField } from './iso-time';

function expectedField(ms: number): string {
  return `,"time":"${new Date(ms).toISOString()}"`;
}

describe(createIsoTimeField.name, () => {
  it('writes what toISOString writes across minute, hour, day and year boundaries', () => {
    let now = 0;
    const field = createIsoTimeField(() => now);
    const starts = [Date.UTC(2026, 11, 31, 23, 58, 59, 990), Date.UTC(2024, 1, 28, 23, 59, 0, 0), 0, -1_500];

    for (const start of starts) {
      for (now = start; now < start + 125_000; now += 37) {
        expect(field()).toBe(expectedField(now));
      }
    }
  });

  it('writes the extended years toISOString uses outside 0000-9999', () => {
    let now = Date.UTC(10_000, 0, 1, 0, 0, 59, 999);
    const field = createIsoTimeField(() => now);

    expect(field()).toBe(expectedField(now));
    now = Date.UTC(-1, 11, 31, 23, 59, 59, 5);
    expect(field()).toBe(expectedField(now));
  });

  it('reads the real clock by default', () => {
    const before = Date.now();
    const written = Date.parse(createIsoTimeField()().slice(9, -1));

    expect(written).toBeGreaterThanOrEqual(before);
    expect(written).toBeLessThanOrEqual(Date.now());
  });
});
