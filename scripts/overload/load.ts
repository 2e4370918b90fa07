import autocannon from 'autocannon';

/** One load job, sent by scripts/overload.ts over IPC. */
export interface LoadJob {
  readonly url: string;
  readonly connections: number;
  readonly durationSeconds: number;
  /** Requests per second across all connections; absent: as fast as the connections allow. */
  readonly overallRate?: number;
  readonly timeoutSeconds: number;
  /** Sent with every request, e.g. the Authorization header of the run's admin. */
  readonly headers: Readonly<Record<string, string>>;
}

export interface LoadOutcome {
  readonly requests: number;
  readonly durationSeconds: number;
  /** Response times in ms by status code ("timeout" and "error" for requests without a response). */
  readonly latenciesByStatus: Readonly<Record<string, number[]>>;
}

/**
 * The load generator, in a child process of its own so its CPU and event loop never delay the
 * liveness probe the parent measures. autocannon's `response` events give each response's status
 * and time.
 */
process.on('message', (job: LoadJob) => {
  const latenciesByStatus: Record<string, number[]> = {};
  const record = (status: string, ms: number): void => {
    (latenciesByStatus[status] ??= []).push(ms);
  };
  const instance = autocannon(
    {
      url: job.url,
      connections: job.connections,
      duration: job.durationSeconds,
      timeout: job.timeoutSeconds,
      headers: { ...job.headers },
      ...(job.overallRate === undefined ? {} : { overallRate: job.overallRate }),
    },
    (error, result) => {
      if (error) {
        process.stderr.write(`${String(error)}\n`);
        process.exit(1);
      }
      const timeouts = result.timeouts;
      const errors = result.errors - timeouts;
      if (timeouts > 0) latenciesByStatus.timeout = Array<number>(timeouts).fill(job.timeoutSeconds * 1000);
      if (errors > 0) latenciesByStatus.error = Array<number>(errors).fill(0);
      const outcome: LoadOutcome = {
        requests: result.requests.total,
        durationSeconds: result.duration,
        latenciesByStatus,
      };
      process.send?.(outcome, () => process.exit(0));
    },
  );
  instance.on('response', (_client, statusCode, _bytes, responseTime) => {
    record(String(statusCode), responseTime);
  });
});
