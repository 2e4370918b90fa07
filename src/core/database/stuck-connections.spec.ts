import { EventEmitter } from 'node:events';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { dropConnectionsReleasedMidQuery } from './stuck-connections';

interface FakeClient {
  _getActiveQuery: jest.Mock<unknown, []>;
  end: jest.Mock<Promise<void>, []>;
}

function fakeClient(activeQuery: unknown): FakeClient {
  return { _getActiveQuery: jest.fn(() => activeQuery), end: jest.fn(() => Promise.resolve()) };
}

function dataSourceWith(pool: EventEmitter): DataSource {
  return { driver: { master: pool } } as unknown as DataSource;
}

describe(dropConnectionsReleasedMidQuery.name, () => {
  it('ends a connection released while its query is still active (timed out client-side)', () => {
    const pool = new EventEmitter();
    dropConnectionsReleasedMidQuery(dataSourceWith(pool));
    const stuck = fakeClient({ text: 'SELECT 1' });

    pool.emit('release', undefined, stuck);

    expect(stuck.end).toHaveBeenCalledTimes(1);
  });

  it('keeps a connection released after its query finished', () => {
    const pool = new EventEmitter();
    dropConnectionsReleasedMidQuery(dataSourceWith(pool));
    const idle = fakeClient(null);

    pool.emit('release', undefined, idle);

    expect(idle.end).not.toHaveBeenCalled();
  });

  it('relies on an internal of pg that still exists and reads null on an idle client', () => {
    const client = new Client() as unknown as { _getActiveQuery?: () => unknown };

    expect(typeof client._getActiveQuery).toBe('function');
    expect(client._getActiveQuery?.()).toBeNull();
  });
});
