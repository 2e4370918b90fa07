import { InvalidConfigError, loadConfig } from './config';

const DATABASE_URL = 'postgres://app:secret@db.internal:5432/app';

function problemsOf(source: Record<string, string>): readonly string[] {
  try {
    loadConfig(source);
  } catch (error) {
    if (error instanceof InvalidConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected the configuration to be rejected');
}

describe(loadConfig.name, () => {
  it('applies documented defaults when only DATABASE_URL is set', () => {
    const config = loadConfig({ DATABASE_URL });

    expect(config.http).toMatchObject({ host: '0.0.0.0', port: 3000, bodyLimitBytes: 1_048_576, trustProxy: [] });
    expect(config.database).toMatchObject({ url: DATABASE_URL, poolSize: 10, migrationsRun: false });
    expect(config.throttle.redisUrl).toBeUndefined();
    expect(config.app.environment).toBe('development');
  });

  it('reports every problem at once rather than the first one', () => {
    const problems = problemsOf({ PORT: 'abc', LOG_LEVEL: 'loud', DB_POOL_SIZE: '0' });

    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('PORT'),
        expect.stringContaining('LOG_LEVEL'),
        expect.stringContaining('DB_POOL_SIZE'),
        expect.stringContaining('DATABASE_URL'),
      ]),
    );
  });

  it.each(['1e3', ' 12 ', '0x10', '12.5', 'Infinity'])('does not coerce %j into an integer', (value) => {
    expect(problemsOf({ DATABASE_URL, PORT: value })).toEqual([
      `PORT: PORT must be an integer number (got ${JSON.stringify(value)})`,
    ]);
  });

  it('treats an empty value as unset, so the default applies', () => {
    expect(loadConfig({ DATABASE_URL, PORT: '' }).http.port).toBe(3000);
  });

  it.each(['yes', '1', 'TRUE'])('accepts only true or false for booleans, not %j', (value) => {
    expect(problemsOf({ DATABASE_URL, DB_MIGRATIONS_RUN: value })).toEqual([
      expect.stringContaining('DB_MIGRATIONS_RUN'),
    ]);
  });

  it('parses comma-separated proxy ranges', () => {
    const config = loadConfig({ DATABASE_URL, TRUST_PROXY: '10.0.0.0/8, 192.168.1.7,loopback,fd00::/8' });

    expect(config.http.trustProxy).toEqual(['10.0.0.0/8', '192.168.1.7', 'loopback', 'fd00::/8']);
  });

  it.each(['10.0.0.0/33', 'proxy.internal', '*', '1.2.3.4/8/9'])('rejects the proxy range %j', (range) => {
    expect(problemsOf({ DATABASE_URL, TRUST_PROXY: range })).toEqual([expect.stringContaining('TRUST_PROXY')]);
  });

  it('rejects a database URL that is not PostgreSQL', () => {
    expect(problemsOf({ DATABASE_URL: 'mysql://localhost/app' })).toEqual([expect.stringContaining('DATABASE_URL')]);
  });

  it('rejects a headers timeout longer than the request timeout', () => {
    expect(problemsOf({ DATABASE_URL, HEADERS_TIMEOUT_MS: '40000', REQUEST_TIMEOUT_MS: '30000' })).toEqual([
      expect.stringContaining('HEADERS_TIMEOUT_MS'),
    ]);
  });

  it('rejects a client query timeout that would fire before the server statement timeout', () => {
    expect(problemsOf({ DATABASE_URL, DB_QUERY_TIMEOUT_MS: '5000', DB_STATEMENT_TIMEOUT_MS: '5000' })).toEqual([
      expect.stringContaining('DB_QUERY_TIMEOUT_MS'),
    ]);
  });

  it('rejects an idempotency lock that would outlive the key it locks', () => {
    expect(
      problemsOf({ DATABASE_URL, IDEMPOTENCY_LOCK_TIMEOUT_MS: '120000', IDEMPOTENCY_KEY_TTL_MS: '60000' }),
    ).toEqual([expect.stringContaining('IDEMPOTENCY_LOCK_TIMEOUT_MS')]);
  });

  it('refuses to trust every proxy address in production', () => {
    const problems = problemsOf({ DATABASE_URL, NODE_ENV: 'production', TRUST_PROXY: '0.0.0.0/0' });

    expect(problems).toEqual([expect.stringContaining('spoof')]);
  });

  it('does not echo secret values in its messages', () => {
    const problems = problemsOf({ DATABASE_URL: 'mysql://user:hunter2@localhost/app' });

    expect(problems.join('\n')).not.toContain('hunter2');
  });
});
