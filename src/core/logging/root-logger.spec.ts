import { createRootLogger } from './root-logger';

function capture(): { lines: Record<string, unknown>[]; write(line: string): void } {
  const lines: Record<string, unknown>[] = [];
  return {
    lines,
    write(line: string): void {
      lines.push(JSON.parse(line) as Record<string, unknown>);
    },
  };
}

describe(createRootLogger.name, () => {
  it('writes JSON lines with a string level label and an ISO 8601 time', () => {
    const destination = capture();
    const before = Date.now();

    createRootLogger('info', destination).info({ context: 'Test' }, 'hello');

    const [line] = destination.lines;
    expect(line).toMatchObject({ level: 'info', context: 'Test', msg: 'hello' });
    expect(line?.time).toBe(new Date(Date.parse(String(line?.time))).toISOString());
    expect(Date.parse(String(line?.time))).toBeGreaterThanOrEqual(before);
  });

  it('redacts credentials in request and response headers, logged nested or on their own', () => {
    const destination = capture();
    const requestSecrets = { authorization: 'Bearer a', cookie: 'b', 'x-api-key': 'c' };
    const secrets = { ...requestSecrets, 'set-cookie': 'd' };

    const logger = createRootLogger('info', destination);
    logger.info({ req: { headers: requestSecrets }, res: { headers: { 'set-cookie': 'd' } } });
    logger.info({ headers: secrets });

    const written = JSON.stringify(destination.lines);
    expect(written).not.toMatch(/Bearer a|"b"|"c"|"d"/);
    expect(destination.lines[1]).toEqual(
      expect.objectContaining({
        headers: {
          authorization: '[redacted]',
          cookie: '[redacted]',
          'x-api-key': '[redacted]',
          'set-cookie': '[redacted]',
        },
      }),
    );
  });

  it('redacts passwords and tokens at the top and in every body, DTO or payload a log call may carry', () => {
    const destination = capture();
    const credentials = {
      password: 'p1',
      currentPassword: 'p2',
      newPassword: 'p3',
      accessToken: 't1',
      refreshToken: 't2',
      token: 't3',
    };
    const containers = ['body', 'dto', 'input', 'payload', 'data', 'result'];

    const logger = createRootLogger('info', destination);
    logger.info(credentials);
    for (const container of containers) logger.info({ [container]: credentials });
    logger.info({ req: { body: credentials }, request: { body: credentials }, res: { body: credentials } });

    const written = JSON.stringify(destination.lines);
    expect(written).not.toMatch(/"p[123]"|"t[123]"/);
    expect(destination.lines[1]?.body).toMatchObject({ password: '[redacted]', refreshToken: '[redacted]' });
  });

  it("redacts a failed statement's parameters, which may hold a password or token hash", () => {
    const destination = capture();
    const failure = Object.assign(new Error('duplicate key'), {
      query: 'INSERT INTO sessions ...',
      parameters: ['hash-of-a-refresh-token'],
    });

    createRootLogger('info', destination).error({ err: failure }, 'request failed');

    expect(JSON.stringify(destination.lines)).not.toContain('hash-of-a-refresh-token');
    expect(destination.lines[0]?.err).toMatchObject({ query: 'INSERT INTO sessions ...', parameters: '[redacted]' });
  });

  it('writes nothing below its level', () => {
    const destination = capture();

    createRootLogger('warn', destination).info('quiet');

    expect(destination.lines).toEqual([]);
  });
});
