import type { FastifyRequest } from 'fastify';

/** Where the lines go: Nest's `Logger` in the application, a fake in unit tests. */
export interface ExpectedFailureSink {
  warn(message: unknown): void;
  log(message: unknown): void;
}

export type ExpectedFailureLevel = 'warn' | 'info';

/** How often a failure that keeps recurring is summarised. */
export const EXPECTED_FAILURE_SUMMARY_INTERVAL_MS = 10_000;

export interface ExpectedFailure {
  /** What occurrences are counted under: the same failure for the same reason. */
  readonly key: string;
  readonly level: ExpectedFailureLevel;
  /** The stable code of the problem answered, on every line. */
  readonly code: string;
  readonly message: string;
  /** Written on the first line only, such as the cause (never a stack). */
  readonly details?: Readonly<Record<string, unknown>>;
}

interface Window {
  readonly failure: ExpectedFailure;
  /** Occurrences since the last line written for this key. */
  count: number;
  readonly timer: NodeJS.Timeout;
}

/**
 * Logs expected failures, such as a 503 while the database is down, without flooding: the first
 * occurrence of a key is written at once, then one summary line per interval with the number of
 * further occurrences, and nothing once an interval passes without any. An outage at a thousand
 * requests per second thus writes a line every few seconds instead of a line (with a stack) per
 * request, while the first line still says what failed and the summaries how much.
 */
export class ExpectedFailureLog {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly sink: ExpectedFailureSink,
    private readonly intervalMs = EXPECTED_FAILURE_SUMMARY_INTERVAL_MS,
  ) {}

  record(failure: ExpectedFailure): void {
    const window = this.windows.get(failure.key);
    if (window !== undefined) {
      window.count += 1;
      return;
    }
    this.write(failure.level, {
      ...failure.details,
      code: failure.code,
      msg: `${failure.message} (repeats are summarised every ${this.intervalMs} ms)`,
    });
    this.openWindow(failure);
  }

  /** Writes the pending summaries now, at shutdown, instead of losing them with the timers. */
  flush(): void {
    for (const key of [...this.windows.keys()]) this.summarise(key, false);
  }

  private openWindow(failure: ExpectedFailure): void {
    // Unref'd: a pending summary never keeps the process alive.
    const timer = setTimeout(() => {
      this.summarise(failure.key, true);
    }, this.intervalMs).unref();
    this.windows.set(failure.key, { failure, count: 0, timer });
  }

  private summarise(key: string, continuing: boolean): void {
    const window = this.windows.get(key);
    if (window === undefined) return;
    clearTimeout(window.timer);
    this.windows.delete(key);
    if (window.count === 0) return;
    const { failure } = window;
    this.write(failure.level, {
      code: failure.code,
      occurrences: window.count,
      msg: `${failure.message} (${window.count} more since the previous line)`,
    });
    // Still failing: keep counting, so the next interval gets one summary line too.
    if (continuing) this.openWindow(failure);
  }

  private write(level: ExpectedFailureLevel, line: Readonly<Record<string, unknown>>): void {
    if (level === 'warn') this.sink.warn(line);
    else this.sink.log(line);
  }
}

const expectedFailures = new WeakSet<FastifyRequest>();

/** Marks a request answered with an expected failure, whose own log line then need not repeat it. */
export function markExpectedFailure(request: FastifyRequest): void {
  expectedFailures.add(request);
}

export function isExpectedFailure(request: FastifyRequest): boolean {
  return expectedFailures.has(request);
}
