import { randomUUID } from 'node:crypto';
import { Agent, type IncomingMessage, request } from 'node:http';
import { connect } from 'node:net';
import { spawnApp, type SpawnedApp } from '../utils/spawned-app';
import { createTestDatabase, type TestDatabase, withAdminClient } from '../utils/test-database';

const READINESS_DELAY_MS = 1_500;
const SHUTDOWN_TIMEOUT_MS = 8_000;
const KEEP_ALIVE_CONNECTIONS = 50;

interface Answer {
  readonly status: number;
  readonly body: string;
}

function get(port: number, path: string, agent?: Agent): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const outgoing = request({ host: '127.0.0.1', port, path, agent }, (response: IncomingMessage) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => {
        resolve({ status: response.statusCode ?? 0, body });
      });
      response.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

/**
 * A request whose body is still arriving when the server starts closing: a registration, a write
 * every service keeps (public, so no credentials).
 */
function slowUpload(port: number, firstPart: string, rest: string, restAfterMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    const body = firstPart + rest;
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (received += chunk));
    socket.on('end', () => {
      resolve(received);
    });
    socket.on('error', reject);
    socket.on('connect', () => {
      socket.write(
        `POST /v1/auth/register HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n` +
          `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${firstPart}`,
      );
      setTimeout(() => socket.write(rest), restAfterMs);
    });
  });
}

async function databaseSessions(database: TestDatabase): Promise<number> {
  const adminUrl = process.env.TEST_DATABASE_ADMIN_URL!;
  return withAdminClient(adminUrl, async (client) => {
    const result = await client.query<{ count: string }>('SELECT count(*) FROM pg_stat_activity WHERE datname = $1', [
      database.name,
    ]);
    return Number(result.rows[0]?.count);
  });
}

describe('graceful shutdown of the real process (RELIABILITY S1)', () => {
  let database: TestDatabase;
  let app: SpawnedApp;

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await spawnApp({
      DATABASE_URL: database.url,
      SHUTDOWN_READINESS_DELAY_MS: String(READINESS_DELAY_MS),
      SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS),
      THROTTLE_LIMIT: '100000',
      AUTH_REGISTRATION_ENABLED: 'true',
    });
  }, 40_000);

  afterAll(async () => {
    if (app.process.exitCode === null) app.process.kill('SIGKILL');
    await database.drop();
  });

  it('drains on SIGTERM: readiness 503 first, traffic still served, in-flight work completed, exit 0', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: KEEP_ALIVE_CONNECTIONS });
    const warmUp = await Promise.all(
      Array.from({ length: KEEP_ALIVE_CONNECTIONS }, () => get(app.port, '/health/ready', agent)),
    );
    expect(warmUp.every((answer) => answer.status === 200)).toBe(true);

    const signalledAt = Date.now();
    app.process.kill('SIGTERM');
    const email = `in-flight-${randomUUID()}@example.com`;
    const registration = JSON.stringify({ email, password: `pw-${randomUUID()}` });
    const halfway = Math.floor(registration.length / 2);
    const inFlight = slowUpload(
      app.port,
      registration.slice(0, halfway),
      registration.slice(halfway),
      READINESS_DELAY_MS + 500,
    ).then((response) => ({ response, answeredAfterMs: Date.now() - signalledAt }));
    await new Promise((resolve) => setTimeout(resolve, 200));

    const readiness = await get(app.port, '/health/ready', agent);
    const duringDelay = await Promise.all(
      Array.from({ length: KEEP_ALIVE_CONNECTIONS * 2 }, () => get(app.port, '/health/live', agent)),
    );
    const slow = await inFlight;
    const { code } = await app.exited;
    const elapsedMs = Date.now() - signalledAt;
    agent.destroy();

    expect(readiness.status).toBe(503);
    expect(JSON.parse(readiness.body)).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    expect(duringDelay.map((answer) => answer.status)).toEqual(duringDelay.map(() => 200));
    expect(slow.answeredAfterMs).toBeGreaterThanOrEqual(READINESS_DELAY_MS + 500);
    expect(slow.response).toMatch(/^HTTP\/1\.1 201 /);
    expect(slow.response).toContain(`"email":"${email}"`);
    expect(code).toBe(0);
    expect(elapsedMs).toBeGreaterThanOrEqual(READINESS_DELAY_MS);
    expect(elapsedMs).toBeLessThan(SHUTDOWN_TIMEOUT_MS);
    await expect(get(app.port, '/health/live')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(await databaseSessions(database)).toBe(0);
    expect(app.output()).toContain('Shutdown complete');
  }, 30_000);
});
