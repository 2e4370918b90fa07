import { Logger } from '@nestjs/common';
import { TypeOrmNestLogger } from './typeorm-nest.logger';

describe(TypeOrmNestLogger.name, () => {
  let debug: jest.SpyInstance;
  let warn: jest.SpyInstance;

  beforeEach(() => {
    debug = jest.spyOn(Logger.prototype, 'debug').mockImplementation(() => undefined);
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });

  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('writes pool warnings as warnings', () => {
    new TypeOrmNestLogger(['error', 'warn']).log('warn', 'Postgres pool raised an error. Connection terminated');

    expect(warn).toHaveBeenCalledWith('Postgres pool raised an error. Connection terminated');
  });

  it('logs failed queries at debug level, without their parameters', () => {
    new TypeOrmNestLogger(['error', 'warn']).logQueryError('duplicate key', 'INSERT INTO article VALUES ($1)', [
      'secret@example.com',
    ]);

    const written = JSON.stringify(debug.mock.calls);
    expect(written).toContain('duplicate key');
    expect(written).not.toContain('secret@example.com');
  });

  it('logs queries only when query logging is enabled', () => {
    new TypeOrmNestLogger(['error', 'warn']).logQuery('SELECT 1');
    expect(debug).not.toHaveBeenCalled();

    new TypeOrmNestLogger(['query', 'error', 'warn']).logQuery('SELECT 1');
    expect(debug).toHaveBeenCalledWith(expect.stringContaining('SELECT 1'));
  });
});
