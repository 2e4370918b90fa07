import { ExpectedFailureLog, type ExpectedFailure } from './expected-failure-log';

const INTERVAL_MS = 1_000;
const DATABASE_DOWN: ExpectedFailure = {
  key: 'DATABASE_UNAVAILABLE',
  level: 'warn',
  code: 'DATABASE_UNAVAILABLE',
  message: 'The database is unavailable.',
  details: { cause: { code: 'ECONNREFUSED' } },
};

describe(ExpectedFailureLog.name, () => {
  const sink = { warn: jest.fn(), log: jest.fn() };
  let log: ExpectedFailureLog;

  beforeEach(() => {
    jest.useFakeTimers();
    sink.warn.mockClear();
    sink.log.mockClear();
    log = new ExpectedFailureLog(sink, INTERVAL_MS);
  });

  afterEach(() => {
    log.flush();
    jest.useRealTimers();
  });

  it('writes the first occurrence at once, with its details, then one summary per interval while it recurs', () => {
    for (let index = 0; index < 1_000; index++) log.record(DATABASE_DOWN);
    expect(sink.warn).toHaveBeenCalledTimes(1);
    expect(sink.warn).toHaveBeenLastCalledWith(
      expect.objectContaining({ code: 'DATABASE_UNAVAILABLE', cause: { code: 'ECONNREFUSED' } }),
    );

    jest.advanceTimersByTime(INTERVAL_MS);
    for (let index = 0; index < 500; index++) log.record(DATABASE_DOWN);
    jest.advanceTimersByTime(INTERVAL_MS);

    expect(sink.warn).toHaveBeenCalledTimes(3);
    expect(sink.warn.mock.calls.slice(1).map(([line]) => line as unknown)).toEqual([
      expect.objectContaining({ code: 'DATABASE_UNAVAILABLE', occurrences: 999 }),
      expect.objectContaining({ code: 'DATABASE_UNAVAILABLE', occurrences: 500 }),
    ]);
    expect(JSON.stringify(sink.warn.mock.calls.slice(1))).not.toContain('cause');
  });

  it('goes quiet after an interval without occurrences and starts afresh on the next one', () => {
    log.record(DATABASE_DOWN);
    jest.advanceTimersByTime(INTERVAL_MS * 5);
    log.record(DATABASE_DOWN);

    expect(sink.warn).toHaveBeenCalledTimes(2);
    expect(sink.warn).toHaveBeenLastCalledWith(expect.objectContaining({ cause: { code: 'ECONNREFUSED' } }));
  });

  it('counts keys apart and writes info-level failures through log', () => {
    log.record(DATABASE_DOWN);
    log.record({ key: 'drain', level: 'info', code: 'SERVICE_UNAVAILABLE', message: 'Shutting down.' });
    log.record({ key: 'drain', level: 'info', code: 'SERVICE_UNAVAILABLE', message: 'Shutting down.' });
    log.flush();

    expect(sink.warn).toHaveBeenCalledTimes(1);
    expect(sink.log.mock.calls.map(([line]) => line as unknown)).toEqual([
      expect.objectContaining({ code: 'SERVICE_UNAVAILABLE' }),
      expect.objectContaining({ code: 'SERVICE_UNAVAILABLE', occurrences: 1 }),
    ]);
  });
});
