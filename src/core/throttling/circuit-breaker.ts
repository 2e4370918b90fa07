/** `closed`: calls go to the dependency. `open`: they are skipped until a probe succeeds. */
export type CircuitState = 'closed' | 'open';

export interface CircuitBreakerOptions {
  /** How long the circuit stays open before the next probe, and between failed probes. */
  readonly probeIntervalMs: number;
  /** A cheap call to the dependency; resolving closes the circuit. */
  readonly probe: () => Promise<unknown>;
  /** Called once per transition, never for repeated failures while already open. */
  readonly onChange: (state: CircuitState, cause?: unknown) => void;
}

/**
 * A minimal circuit breaker for a dependency the service can do without (fail open). The first
 * failure opens it, so callers stop paying a timeout per call while the dependency is down; a
 * background probe, never a caller's request, tests for recovery and closes it again.
 */
export class CircuitBreaker {
  private current: CircuitState = 'closed';
  private probeTimer: NodeJS.Timeout | undefined;
  private probing = false;
  private disposed = false;

  constructor(private readonly options: CircuitBreakerOptions) {}

  get state(): CircuitState {
    return this.current;
  }

  get isOpen(): boolean {
    return this.current === 'open';
  }

  /** Records a failure of a call or of the connection; opens the circuit if it was closed. */
  fail(cause: unknown): void {
    if (this.current === 'open' || this.disposed) return;
    this.current = 'open';
    this.options.onChange('open', cause);
    this.scheduleProbe(this.options.probeIntervalMs);
  }

  /** Probes at once (e.g. the client reports it reconnected) instead of waiting for the timer. */
  probeSoon(): void {
    if (this.current === 'open' && !this.probing) this.scheduleProbe(0);
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.probeTimer);
    this.probeTimer = undefined;
  }

  private scheduleProbe(delayMs: number): void {
    if (this.disposed) return;
    clearTimeout(this.probeTimer);
    this.probeTimer = setTimeout(() => {
      this.probeTimer = undefined;
      void this.runProbe();
    }, delayMs);
    // A pending probe must never keep a process alive that is otherwise done.
    this.probeTimer.unref();
  }

  private async runProbe(): Promise<void> {
    this.probing = true;
    try {
      await this.options.probe();
    } catch {
      this.scheduleProbe(this.options.probeIntervalMs);
      return;
    } finally {
      this.probing = false;
    }
    if (this.disposed || this.current === 'closed') return;
    this.current = 'closed';
    this.options.onChange('closed');
  }
}
