import { cpuMicrosFromStat, readCpuMicros, readRssBytes, rssBytesFromStatus } from './proc';

describe('cpuMicrosFromStat', () => {
  it('adds utime and stime (fields 14 and 15) and converts clock ticks to microseconds', () => {
    const stat = '4242 (node) S 1 4242 4242 0 -1 4194560 1000 0 0 0 250 30 0 0 20 0 11 0 100 0 0';
    expect(cpuMicrosFromStat(stat)).toBe(2_800_000);
  });

  it('counts fields from the last parenthesis, so a command name with spaces and parentheses is harmless', () => {
    const stat = '4242 (my (odd) name) R 1 4242 4242 0 -1 4194560 1000 0 0 0 7 3 0 0 20 0 11 0 100 0 0';
    expect(cpuMicrosFromStat(stat)).toBe(100_000);
  });

  it('rejects a line it cannot read', () => {
    expect(() => cpuMicrosFromStat('garbage')).toThrow(/unexpected \/proc stat line/);
  });
});

describe('rssBytesFromStatus', () => {
  it('reads VmRSS in kilobytes', () => {
    expect(rssBytesFromStatus('Name:\tnode\nVmPeak:\t 2000 kB\nVmRSS:\t   71680 kB\nThreads:\t11\n')).toBe(73_400_320);
  });

  it('rejects a status without VmRSS', () => {
    expect(() => rssBytesFromStatus('Name:\tnode\n')).toThrow(/VmRSS missing/);
  });
});

describe('reading this process', () => {
  it('reports CPU time and resident memory of a live process', async () => {
    await expect(readCpuMicros(process.pid)).resolves.toBeGreaterThan(0);
    await expect(readRssBytes(process.pid)).resolves.toBeGreaterThan(10 * 1024 * 1024);
  });
});
