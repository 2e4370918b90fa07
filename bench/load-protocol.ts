import type { LoadRequest } from './routes';

/** Sent by the harness to the load-generator process. */
export interface LoadCommand {
  readonly id: number;
  readonly baseUrl: string;
  readonly request: LoadRequest;
  readonly expectedStatus: number;
  readonly connections: number;
  readonly durationSeconds: number;
  /** Makes `{{seq}}` values unique across runs even when the table is not reset in between. */
  readonly runTag: string;
}

export interface LoadResult {
  /** Responses with the expected status per second of load. */
  readonly requestsPerSecond: number;
  readonly expectedResponses: number;
  /** Responses with any other status, plus connection errors and timeouts. */
  readonly unexpectedResponses: number;
  readonly statusCounts: Readonly<Record<string, number>>;
  readonly errors: number;
  /** Latency percentiles of expected responses, in milliseconds at microsecond resolution. */
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly durationSeconds: number;
}

export type LoadReply =
  { readonly id: number; readonly result: LoadResult } | { readonly id: number; readonly error: string };
