import { randomUUID } from 'node:crypto';
import { Agent, type IncomingHttpHeaders, request } from 'node:http';
import type { Headers } from './http';

/*
 * The clients of the shutdown-under-keep-alive scenario (RELIABILITY S1), shared by
 * test/e2e/shutdown-keep-alive.e2e-spec.ts and `npm run faults` (scripts/faults.ts).
 */

export interface Outcome {
  /** Wall-clock time the request was sent, to compare with the app's log. */
  readonly sentAt: number;
  readonly status?: number;
  readonly headers?: IncomingHttpHeaders;
  readonly body?: string;
  readonly error?: string;
}

export function send(
  port: number,
  agent: Agent,
  method: 'GET' | 'POST',
  path: string,
  payload?: string,
  credentials: Headers = {},
): Promise<Outcome> {
  const sentAt = Date.now();
  return new Promise((resolve) => {
    const headers: Record<string, string> = { ...credentials };
    if (payload !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(Buffer.byteLength(payload));
    }
    const outgoing = request({ host: '127.0.0.1', port, method, path, agent, headers }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => {
        resolve({ sentAt, status: response.statusCode, headers: response.headers, body });
      });
      response.on('error', (error: NodeJS.ErrnoException) => {
        resolve({ sentAt, error: error.code ?? error.message });
      });
    });
    outgoing.on('error', (error: NodeJS.ErrnoException) => {
      resolve({ sentAt, error: error.code ?? error.message });
    });
    outgoing.end(payload);
  });
}

/** What a keep-alive client sends, alternately: a GET, then a POST creating a row. */
export interface KeepAliveWorkload {
  readonly readPath: string;
  readonly writePath: string;
  /** The body of a new row, different every call. */
  writeBody(): string;
}

/** How the accounts REGISTRATION_WORKLOAD creates are told from the others. */
export const KEEP_ALIVE_EMAIL_PREFIX = 'keep-alive-';

/**
 * Registrations, read back as `/v1/auth/me`: routes every service keeps, so the scenario survives
 * `init --without-examples`. The app must allow registration (AUTH_REGISTRATION_ENABLED).
 */
export const REGISTRATION_WORKLOAD: KeepAliveWorkload = {
  readPath: '/v1/auth/me',
  writePath: '/v1/auth/register',
  writeBody: () =>
    JSON.stringify({ email: `${KEEP_ALIVE_EMAIL_PREFIX}${randomUUID()}@example.com`, password: `pw-${randomUUID()}` }),
};

/**
 * Articles of the example module, written here rather than taken from its test factory:
 * `init --without-examples` removes the factory, while `npm run faults` keeps this file and says
 * it needs the articles module (scripts/lib/example-module.ts).
 */
export const ARTICLES_WORKLOAD: KeepAliveWorkload = {
  readPath: '/v1/articles?limit=1',
  writePath: '/v1/articles',
  writeBody: () => {
    const id = randomUUID();
    return JSON.stringify({
      slug: `keep-alive-${id}`,
      title: `Keep-alive ${id}`,
      body: 'Sent on a kept-alive connection.',
    });
  },
};

/** Answers received so far by the clients sharing it, for a warm-up that waits for real traffic. */
export interface KeepAliveProgress {
  answered: number;
}

/**
 * One client on one keep-alive connection, sending the workload's GET and POST back to back. Like
 * a client behind a load balancer, it moves off this instance once told to close the connection
 * (it would reconnect elsewhere), or at the first error.
 */
export async function keepAliveClient(
  port: number,
  credentials: Headers,
  workload: KeepAliveWorkload,
  progress: KeepAliveProgress = { answered: 0 },
): Promise<Outcome[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const outcomes: Outcome[] = [];
  try {
    for (let index = 0; ; index += 1) {
      const outcome =
        index % 2 === 0
          ? await send(port, agent, 'GET', workload.readPath, undefined, credentials)
          : await send(port, agent, 'POST', workload.writePath, workload.writeBody(), credentials);
      outcomes.push(outcome);
      if (outcome.status !== undefined) progress.answered += 1;
      if (outcome.error !== undefined || outcome.headers?.connection === 'close') return outcomes;
    }
  } finally {
    agent.destroy();
  }
}

/** The time of the app's first log line containing `message`. */
export function logTime(output: string, message: string): number {
  const line = output.split('\n').find((candidate) => candidate.includes(message));
  if (line === undefined) throw new Error(`no log line with "${message}" in:\n${output}`);
  return Date.parse((JSON.parse(line) as { time: string }).time);
}
