import { runInNewContext } from 'node:vm';
import { QueryFailedError } from 'typeorm';
import { describeDatabaseFailure } from './database-failure';

function withCode(error: Error, code: string): Error {
  return Object.assign(error, { code });
}

describe(describeDatabaseFailure.name, () => {
  it.each([
    [
      'a refused connection reported as an AggregateError without message',
      withCode(new AggregateError([], ''), 'ECONNREFUSED'),
    ],
    ['a reset socket', withCode(new Error('read ECONNRESET'), 'ECONNRESET')],
    ['a timeout opening a new connection', new Error('Connection terminated due to connection timeout')],
    ['a terminated session', withCode(new Error('terminating connection due to administrator command'), '57P01')],
  ])('maps %s to 503 with Retry-After', (_case, error) => {
    expect(describeDatabaseFailure(error)).toMatchObject({
      status: 503,
      code: 'DATABASE_UNAVAILABLE',
      headers: { 'retry-after': expect.any(String) as unknown },
    });
  });

  it('maps a wait for a free pooled connection to its own code, with a shorter Retry-After', () => {
    const problem = describeDatabaseFailure(new Error('timeout exceeded when trying to connect'));

    expect(problem).toMatchObject({ status: 503, code: 'DATABASE_POOL_EXHAUSTED' });
    expect(Number(problem?.headers?.['retry-after'])).toBeGreaterThan(0);
    expect(Number(problem?.headers?.['retry-after'])).toBeLessThan(
      Number(describeDatabaseFailure(new Error('connect ECONNREFUSED'))?.headers?.['retry-after']),
    );
  });

  it('keeps refused connections and connect timeouts as DATABASE_UNAVAILABLE, not pool exhaustion', () => {
    const refused = withCode(new Error('connect ECONNREFUSED 127.0.0.1:5432'), 'ECONNREFUSED');
    const connectTimeout = new Error('Connection terminated due to connection timeout', {
      cause: new Error('Connection terminated unexpectedly'),
    });

    expect(describeDatabaseFailure(refused)?.code).toBe('DATABASE_UNAVAILABLE');
    expect(describeDatabaseFailure(connectTimeout)?.code).toBe('DATABASE_UNAVAILABLE');
  });

  it('reads the SQLSTATE of the driver error a query failure wraps', () => {
    const driverError = withCode(new Error('canceling statement due to statement timeout'), '57014');

    expect(describeDatabaseFailure(new QueryFailedError('SELECT 1', [], driverError))).toMatchObject({ status: 503 });
  });

  it('recognises errors created in another realm', () => {
    const foreign: unknown = runInNewContext("Object.assign(new Error('connect failed'), { code: 'ECONNREFUSED' })");

    expect(foreign instanceof Error).toBe(false);
    expect(describeDatabaseFailure(foreign)).toMatchObject({ status: 503 });
  });

  it('leaves other errors alone, such as constraint violations and plain bugs', () => {
    const uniqueViolation = withCode(new Error('duplicate key value violates unique constraint'), '23505');

    expect(describeDatabaseFailure(new QueryFailedError('INSERT', [], uniqueViolation))).toBeUndefined();
    expect(describeDatabaseFailure(new TypeError('x is undefined'))).toBeUndefined();
    expect(describeDatabaseFailure({ code: 'ECONNREFUSED' })).toBeUndefined();
  });
});
