import { assertServable, InvalidConfigError, loadConfig } from './config';

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

  it('defaults overload shedding to event-loop delay, heap and pool queue, utilisation off', () => {
    expect(loadConfig({ DATABASE_URL }).overload).toEqual({
      maxEventLoopDelayMs: 100,
      maxEventLoopUtilization: 0,
      maxHeapUsedPercent: 85,
      maxDbPoolWaiting: 50,
      sampleIntervalMs: 500,
      retryAfterSeconds: 2,
    });
  });

  it('reads overload thresholds, utilisation in percent, and 0 as off', () => {
    const { overload } = loadConfig({
      DATABASE_URL,
      OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0',
      OVERLOAD_MAX_EVENT_LOOP_UTILIZATION_PERCENT: '95',
      OVERLOAD_MAX_DB_POOL_WAITING: '0',
    });

    expect(overload).toMatchObject({ maxEventLoopDelayMs: 0, maxEventLoopUtilization: 0.95, maxDbPoolWaiting: 0 });
  });

  it.each([
    ['OVERLOAD_MAX_HEAP_USED_PERCENT', '101'],
    ['OVERLOAD_MAX_EVENT_LOOP_UTILIZATION_PERCENT', '0.9'],
    ['OVERLOAD_SAMPLE_INTERVAL_MS', '5'],
    ['OVERLOAD_RETRY_AFTER_SECONDS', '0'],
    ['OVERLOAD_MAX_DB_POOL_WAITING', '-1'],
  ])('rejects %s=%s', (name, value) => {
    expect(problemsOf({ DATABASE_URL, [name]: value })).toEqual([expect.stringContaining(name)]);
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

  it.each(['10.0.0.0/33', 'proxy.internal', '*', '1.2.3.4/8/9', '10.0.0.0/0', '10.0.0.0/00', '10.0.0.0/08', '::/129'])(
    'rejects the proxy range %j, which would otherwise crash the boot or mean something unclear',
    (range) => {
      expect(problemsOf({ DATABASE_URL, TRUST_PROXY: range })).toEqual([expect.stringContaining('TRUST_PROXY')]);
    },
  );

  it('names every invalid proxy range and why, in one problem', () => {
    const problems = problemsOf({ DATABASE_URL, TRUST_PROXY: '10.0.0.0/8,10.0.0.0/00,proxy.internal' });

    expect(problems).toHaveLength(1);
    const [reasons] = problems[0]?.split(' (got ') ?? [];
    expect(reasons).toContain('"10.0.0.0/00" has a prefix length other than a decimal number from 1 to 32');
    expect(reasons).toContain('"proxy.internal" is not an IP address');
    expect(reasons).not.toContain('"10.0.0.0/8"');
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

  it.each(['0.0.0.0/1,128.0.0.0/1', '::/1,8000::/1', '::ffff:0:0/96', '64:ff9b::/96', '1.0.0.0/8', '2001:db8::/32'])(
    'refuses proxy ranges %j that reach public addresses in production, one problem each',
    (ranges) => {
      const problems = problemsOf({ DATABASE_URL, NODE_ENV: 'production', TRUST_PROXY: ranges });

      expect(problems).toHaveLength(ranges.split(',').length);
      ranges.split(',').forEach((range, index) => {
        expect(problems[index]).toMatch(new RegExp(`^TRUST_PROXY: ${range.replace(/\./g, '\\.')} .*spoof`));
      });
    },
  );

  it.each([
    '10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,100.64.0.0/10',
    'loopback,linklocal,uniquelocal',
    '127.0.0.1,::1,fe80::/10,fd12:3456::/32',
    '203.0.113.0/24,198.51.100.7,2001:db8:1::/48,2001:db8::1',
    '::ffff:10.0.0.0/104,::ffff:203.0.113.0/120',
  ])('trusts private ranges and small public ones in production: %j', (ranges) => {
    expect(loadConfig({ DATABASE_URL, NODE_ENV: 'production', TRUST_PROXY: ranges }).http.trustProxy).toEqual(
      ranges.split(','),
    );
  });

  it('reports unsafe proxy ranges in production together with the other problems', () => {
    const problems = problemsOf({ DATABASE_URL, NODE_ENV: 'production', PORT: 'abc', TRUST_PROXY: '0.0.0.0/1' });

    expect(problems).toEqual([expect.stringContaining('PORT'), expect.stringContaining('TRUST_PROXY: 0.0.0.0/1 ')]);
  });

  it('accepts wide proxy ranges outside production, where nothing is at stake', () => {
    expect(loadConfig({ DATABASE_URL, TRUST_PROXY: '0.0.0.0/1,128.0.0.0/1' }).http.trustProxy).toHaveLength(2);
  });

  it.each([
    ['a port past 65535', 'postgres://app:secret@db.internal:99999/app', 'is not a valid URL'],
    ['a port that is not a number', 'postgres://app:secret@db.internal:54x2/app', 'is not a valid URL'],
    ['port 0', 'postgres://app:secret@db.internal:0/app', 'port 0'],
    ['a % not starting an escape in the password', 'postgres://app:50%off@db.internal/app', 'invalid %-escape'],
    ['an escape that is not UTF-8 in the user name', 'postgres://%FF:secret@db.internal/app', 'invalid %-escape'],
    ['another scheme', 'mysql://app:secret@db.internal/app', 'must be a postgres:// or postgresql:// URL'],
    ['no scheme', 'db.internal:5432/app', 'must be a postgres:// or postgresql:// URL'],
  ])('rejects a DATABASE_URL with %s before any connection is tried', (_case, url, reason) => {
    const problems = problemsOf({ DATABASE_URL: url });

    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^DATABASE_URL: DATABASE_URL /);
    expect(problems[0]).toContain(reason);
    expect(problems[0]).toMatch(/\(value hidden\)$/);
  });

  it.each([
    'postgres://app:secret@db.internal:5432/app',
    'postgresql://app:p%40ss%25word@db.internal/app?sslmode=require',
    'postgres://app@127.0.0.1/app',
    'postgres://app:secret@/app',
  ])('accepts the database URL %j', (url) => {
    expect(loadConfig({ DATABASE_URL: url }).database.url).toBe(url);
  });

  it.each([
    ['redis://cache.internal:6379x', 'is not a valid URL'],
    ['redis://:50%off@cache.internal:6379', 'invalid %-escape'],
    ['http://cache.internal:6379', 'must be a redis:// or rediss:// URL'],
  ])('rejects the REDIS_URL %j, naming the variable', (url, reason) => {
    const problems = problemsOf({ DATABASE_URL, REDIS_URL: url });

    expect(problems).toEqual([expect.stringMatching(/^REDIS_URL: REDIS_URL /)]);
    expect(problems[0]).toContain(reason);
  });

  it.each(['0.0.0.0', '::', '127.0.0.1', '::1', 'localhost', 'api.internal', 'pod-7.svc.cluster.local'])(
    'accepts HOST %j',
    (host) => {
      expect(loadConfig({ DATABASE_URL, HOST: host }).http.host).toBe(host);
    },
  );

  it.each(['not a host', '[::]', '0.0.0.0:3000', 'http://localhost', '-leading.example', 'a..b', '1.2.3.4.5/8'])(
    'rejects HOST %j',
    (host) => {
      expect(problemsOf({ DATABASE_URL, HOST: host })).toEqual([expect.stringMatching(/^HOST: HOST must be an IP/)]);
    },
  );

  it('checks the order of timeouts even when other variables are invalid, skipping pairs with an invalid member', () => {
    const problems = problemsOf({
      PORT: 'abc',
      HEADERS_TIMEOUT_MS: '40000',
      REQUEST_TIMEOUT_MS: '30000',
      DB_QUERY_TIMEOUT_MS: 'soon',
      DB_STATEMENT_TIMEOUT_MS: '5000',
    });

    expect(problems).toEqual([
      expect.stringMatching(/^PORT:/),
      expect.stringMatching(/^DATABASE_URL:/),
      expect.stringMatching(/^DB_QUERY_TIMEOUT_MS: DB_QUERY_TIMEOUT_MS must be an integer/),
      expect.stringMatching(/^HEADERS_TIMEOUT_MS: must not exceed REQUEST_TIMEOUT_MS/),
    ]);
  });

  it('lists every kind of problem at once: invalid values, inconsistent timeouts and unsafe production settings', () => {
    const problems = problemsOf({
      NODE_ENV: 'production',
      HOST: 'not a host',
      DATABASE_URL: 'postgres://app:secret@db.internal:99999/app',
      HEADERS_TIMEOUT_MS: '40000',
      TRUST_PROXY: '0.0.0.0/1',
    });

    expect(problems.map((problem) => problem.split(':')[0])).toEqual([
      'HOST',
      'DATABASE_URL',
      'HEADERS_TIMEOUT_MS',
      'TRUST_PROXY',
    ]);
  });

  it('does not echo secret values in its messages', () => {
    const problems = problemsOf({ DATABASE_URL: 'mysql://user:hunter2@localhost/app' });

    expect(problems.join('\n')).not.toContain('hunter2');
  });
});

describe(assertServable.name, () => {
  it('requires AUTH_JWT_KEYS in production only', () => {
    const production = loadConfig({ DATABASE_URL, NODE_ENV: 'production' });
    expect(() => {
      assertServable(production);
    }).toThrow(/AUTH_JWT_KEYS: required in production/);
    expect(() => {
      assertServable(
        loadConfig({
          DATABASE_URL,
          NODE_ENV: 'production',
          AUTH_JWT_KEYS: `main:${'A'.repeat(43)}`,
          SMTP_URL: 'smtp://relay:587',
        }),
      );
    }).not.toThrow();
    expect(() => {
      assertServable(loadConfig({ DATABASE_URL, NODE_ENV: 'development' }));
    }).not.toThrow();
  });

  it('requires SMTP_URL in production only, naming it beside the missing keys', () => {
    expect(() => {
      assertServable(loadConfig({ DATABASE_URL, NODE_ENV: 'production' }));
    }).toThrow(/AUTH_JWT_KEYS: required in production.*\n.*SMTP_URL: required in production/);
    expect(() => {
      assertServable(loadConfig({ DATABASE_URL, NODE_ENV: 'development' }));
    }).not.toThrow();
  });

  it('refuses an SMTP_URL that is not smtp:// or smtps://, without echoing it', () => {
    expect(() => loadConfig({ DATABASE_URL, SMTP_URL: 'http://user:hunter2@relay' })).toThrow(
      /SMTP_URL: .*must be a smtp:\/\/ or smtps:\/\/ URL \(value hidden\)/,
    );
    expect(() => loadConfig({ DATABASE_URL, SMTP_URL: 'http://user:hunter2@relay' })).not.toThrow(/hunter2/);
  });

  it('reads AUTH_PASSWORD_RESET_URL with its {token} placeholder', () => {
    const url = 'https://app.example.com/reset-password#token={token}';

    expect(loadConfig({ DATABASE_URL, AUTH_PASSWORD_RESET_URL: url }).auth.passwordResetUrl).toBe(url);
    expect(loadConfig({ DATABASE_URL }).auth.passwordResetUrl).toBeUndefined();
  });

  it.each([
    ['no placeholder', 'https://app.example.com/reset-password'],
    ['the placeholder twice', 'https://app.example.com/{token}?again={token}'],
    ['a scheme other than http(s)', 'javascript:alert(1)//{token}'],
    ['not a URL', 'reset-password?token={token}'],
  ])('refuses an AUTH_PASSWORD_RESET_URL with %s', (_label, url) => {
    expect(problemsOf({ DATABASE_URL, AUTH_PASSWORD_RESET_URL: url })).toEqual([
      expect.stringMatching(/^AUTH_PASSWORD_RESET_URL: .*must be an http\(s\) URL holding \{token\} exactly once/),
    ]);
  });

  it.each([
    ['no kid', 'A'.repeat(43)],
    ['a secret under 32 bytes', `main:${'A'.repeat(42)}`],
    ['a secret that is not base64url', `main:${'+'.repeat(43)}`],
    ['the same kid twice', `main:${'A'.repeat(43)},main:${'B'.repeat(43)}`],
  ])('refuses AUTH_JWT_KEYS with %s, without echoing it', (_label, keys) => {
    expect(() => loadConfig({ DATABASE_URL, AUTH_JWT_KEYS: keys })).toThrow(/AUTH_JWT_KEYS: .*\(value hidden\)/);
  });

  it('parses kid:secret pairs, the first one signing', () => {
    const { jwtKeys } = loadConfig({
      DATABASE_URL,
      AUTH_JWT_KEYS: `new:${'A'.repeat(43)}, old:${'B'.repeat(43)}`,
    }).auth;
    expect(jwtKeys?.map((key) => [key.id, key.secret.length])).toEqual([
      ['new', 32],
      ['old', 32],
    ]);
  });
});
