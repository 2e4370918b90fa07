import { readFile } from 'node:fs/promises';

/** Kernel clock ticks per second (USER_HZ); 100 on every Linux architecture Node supports. */
const CLOCK_TICKS_PER_SECOND = 100;

/**
 * CPU time the process has used so far (user + system, every thread included), in microseconds,
 * from `/proc/<pid>/stat`. Resolution is one clock tick (10 ms), so callers measure whole rounds.
 */
export async function readCpuMicros(pid: number): Promise<number> {
  return cpuMicrosFromStat(await readFile(`/proc/${pid}/stat`, 'utf8'));
}

/** Resident set size in bytes, from `/proc/<pid>/status` (VmRSS). */
export async function readRssBytes(pid: number): Promise<number> {
  return rssBytesFromStatus(await readFile(`/proc/${pid}/status`, 'utf8'));
}

/**
 * The command name (field 2) is in parentheses and may itself contain spaces or parentheses, so
 * fields are counted from the last `)`: utime and stime are fields 14 and 15 of the whole line.
 */
export function cpuMicrosFromStat(stat: string): number {
  const afterName = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const fieldsBeforeState = 2;
  const utime = Number(afterName[14 - fieldsBeforeState - 1]);
  const stime = Number(afterName[15 - fieldsBeforeState - 1]);
  if (!Number.isInteger(utime) || !Number.isInteger(stime)) throw new Error(`unexpected /proc stat line: ${stat}`);
  return ((utime + stime) * 1_000_000) / CLOCK_TICKS_PER_SECOND;
}

export function rssBytesFromStatus(status: string): number {
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
  if (!match?.[1]) throw new Error('VmRSS missing from /proc status');
  return Number(match[1]) * 1024;
}
