import { runInNewContext } from 'node:vm';
import type { FastifyBaseLogger } from 'fastify';
import { PinoNestLogger } from './pino-nest.logger';
import { runWithRequestLogger } from './request-context';

function fakePino(): jest.Mocked<FastifyBaseLogger> {
  return {
    level: 'info',
    fatal: jest.fn(),
    error: jest.fn(),
    warn: jest.fn(),
    info: jest.fn(),
    debug: jest.fn(),
    trace: jest.fn(),
    silent: jest.fn(),
    child: jest.fn(),
  };
}

describe(PinoNestLogger.name, () => {
  it('writes the message with the Nest context as a field', () => {
    const root = fakePino();

    new PinoNestLogger(root).log('Mapped {/health/live, GET} route', 'RouterExplorer');

    expect(root.info).toHaveBeenCalledWith({ context: 'RouterExplorer' }, 'Mapped {/health/live, GET} route');
  });

  it('keeps the stack trace Nest passes to error before the context', () => {
    const root = fakePino();

    new PinoNestLogger(root).error('boom', 'Error: boom\n    at x', 'ArticlesService');

    expect(root.error).toHaveBeenCalledWith({ context: 'ArticlesService', stack: 'Error: boom\n    at x' }, 'boom');
  });

  it('serialises errors under err so pino prints type, message and stack', () => {
    const root = fakePino();
    const failure = new Error('database exploded');

    new PinoNestLogger(root).error(failure, 'ProblemDetailsFilter');

    expect(root.error).toHaveBeenCalledWith({ context: 'ProblemDetailsFilter', err: failure }, 'database exploded');
  });

  it('recognises errors from another realm, such as socket errors seen from a vm context', () => {
    const root = fakePino();
    const foreign: unknown = runInNewContext("new Error('connect ECONNREFUSED')");

    new PinoNestLogger(root).error(foreign, 'ProblemDetailsFilter');

    expect(root.error).toHaveBeenCalledWith({ context: 'ProblemDetailsFilter', err: foreign }, 'connect ECONNREFUSED');
  });

  it('merges object messages into the line', () => {
    const root = fakePino();

    new PinoNestLogger(root).warn({ event: 'cache-miss', key: 'a' }, 'Cache');

    expect(root.warn).toHaveBeenCalledWith({ context: 'Cache', event: 'cache-miss', key: 'a' });
  });

  it('maps verbose to trace', () => {
    const root = fakePino();

    new PinoNestLogger(root).verbose('details');

    expect(root.trace).toHaveBeenCalledWith({}, 'details');
  });

  it("uses the current request's logger, which carries the request id, inside a request", () => {
    const root = fakePino();
    const requestLogger = fakePino();

    runWithRequestLogger(requestLogger, () => {
      new PinoNestLogger(root).log('inside', 'Ctx');
    });

    expect(requestLogger.info).toHaveBeenCalledWith({ context: 'Ctx' }, 'inside');
    expect(root.info).not.toHaveBeenCalled();
  });
});
