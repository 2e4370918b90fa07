import autocannon from 'autocannon';
import type { LoadCommand, LoadReply, LoadResult } from './load-protocol';
import { SEQUENCE_PLACEHOLDER } from './routes';
import { percentileOfSorted } from './stats';

/**
 * Child process that generates load, so the client's CPU never counts against either server. It
 * runs one autocannon job per command received over IPC and answers with the measured result.
 */
process.on('message', (command: LoadCommand) => {
  runLoad(command).then(
    (result) => {
      reply({ id: command.id, result });
    },
    (error: unknown) => {
      reply({ id: command.id, error: error instanceof Error ? error.message : String(error) });
    },
  );
});

function reply(message: LoadReply): void {
  process.send?.(message);
}

function runLoad(command: LoadCommand): Promise<LoadResult> {
  const { request, expectedStatus } = command;
  // autocannon's own latency histogram has 1 ms resolution, too coarse for responses that take a
  // few milliseconds; its response events carry finer times, kept here unrounded.
  const latencies: number[] = [];
  let sequence = 0;
  let pathIndex = 0;
  const nextPath = (): string => request.paths[pathIndex++ % request.paths.length] ?? '/';
  const nextBody = (): string | undefined =>
    request.bodyTemplate?.replaceAll(SEQUENCE_PLACEHOLDER, `${command.runTag}-${sequence++}`);

  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: command.baseUrl,
        connections: command.connections,
        duration: command.durationSeconds,
        method: request.method,
        headers: { ...request.headers },
        requests: [
          {
            setupRequest: (base) => {
              const body = nextBody();
              return { ...base, path: nextPath(), ...(body === undefined ? {} : { body }) };
            },
          },
        ],
      },
      (error, result) => {
        if (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
          return;
        }
        latencies.sort((a, b) => a - b);
        const statusCounts = Object.fromEntries(
          Object.entries(result.statusCodeStats ?? {}).map(([status, stats]) => [status, stats.count ?? 0]),
        );
        const expectedResponses = statusCounts[String(expectedStatus)] ?? 0;
        const allResponses = Object.values(statusCounts).reduce((sum, count) => sum + count, 0);
        resolve({
          requestsPerSecond: expectedResponses / result.duration,
          expectedResponses,
          unexpectedResponses: allResponses - expectedResponses + result.errors,
          statusCounts,
          errors: result.errors,
          p50Ms: percentileOfSorted(latencies, 50),
          p99Ms: percentileOfSorted(latencies, 99),
          durationSeconds: result.duration,
        });
      },
    );
    instance.on('response', (_client, statusCode, _bytes, responseTimeMs) => {
      if (statusCode === expectedStatus) latencies.push(responseTimeMs);
    });
  });
}
