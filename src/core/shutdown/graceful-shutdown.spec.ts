import { type INestApplicationContext, Logger } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import type { AppConfig } from '../../config';
import { installGracefulShutdown, type ProcessHost } from './graceful-shutdown';
import { ShutdownState } from './shutdown-state';

const config: AppConfig = {
  environment: 'test',
  logLevel: 'silent',
  shutdownReadinessDelayMs: 1_000,
  shutdownTimeoutMs: 5_000,
};

class FakeProcess extends EventEmitter implements ProcessHost {
  readonly exit = jest.fn<undefined, [number]>();
}

interface Harness {
  readonly host: FakeProcess;
  readonly state: ShutdownState;
  readonly close: jest.Mock<Promise<void>, []>;
}

function install(close: () => Promise<void> = () => Promise.resolve()): Harness {
  const host = new FakeProcess();
  const state = new ShutdownState();
  const closeMock = jest.fn(close);
  const app = { get: jest.fn(() => state), close: closeMock } as unknown as jest.Mocked<INestApplicationContext>;
  installGracefulShutdown(app, config, host);
  return { host, state, close: closeMock };
}

describe(installGracefulShutdown.name, () => {
  beforeEach(() => {
    jest.useFakeTimers();
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'fatal').mockImplementation(() => undefined);
  });

  afterEach(() => {
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  it('fails readiness at once but closes only after the readiness delay', async () => {
    const { host, state, close } = install();

    host.emit('SIGTERM');

    expect(state.isShuttingDown).toBe(true);
    await jest.advanceTimersByTimeAsync(config.shutdownReadinessDelayMs - 1);
    expect(close).not.toHaveBeenCalled();
    await jest.advanceTimersByTimeAsync(1);
    expect(close).toHaveBeenCalledTimes(1);
  });

  it('exits 0 once the application has closed', async () => {
    const { host } = install();

    host.emit('SIGINT');
    await jest.advanceTimersByTimeAsync(config.shutdownReadinessDelayMs);

    expect(host.exit).toHaveBeenCalledWith(0);
    expect(host.exit).toHaveBeenCalledTimes(1);
  });

  it('closes once when a second signal arrives mid-shutdown', async () => {
    const { host, close } = install();

    host.emit('SIGTERM');
    await jest.advanceTimersByTimeAsync(500);
    host.emit('SIGTERM');
    host.emit('SIGINT');
    await jest.advanceTimersByTimeAsync(config.shutdownReadinessDelayMs);

    expect(close).toHaveBeenCalledTimes(1);
    expect(host.exit).toHaveBeenCalledWith(0);
  });

  it('force-exits with 1 when closing outlasts the deadline', async () => {
    const { host } = install(() => new Promise<void>(() => undefined));

    host.emit('SIGTERM');
    await jest.advanceTimersByTimeAsync(config.shutdownTimeoutMs - 1);
    expect(host.exit).not.toHaveBeenCalled();
    await jest.advanceTimersByTimeAsync(1);

    expect(host.exit).toHaveBeenCalledWith(1);
  });

  it('exits 1 when closing fails', async () => {
    const { host } = install(() => Promise.reject(new Error('pool would not close')));

    host.emit('SIGTERM');
    await jest.advanceTimersByTimeAsync(config.shutdownReadinessDelayMs);

    expect(host.exit).toHaveBeenCalledWith(1);
  });

  it.each([
    ['uncaughtException', new Error('boom')],
    ['unhandledRejection', 'rejected'],
  ])('logs a %s as fatal, then shuts down gracefully with exit code 1', async (event, payload) => {
    const { host, close } = install();

    host.emit(event, payload);
    await jest.advanceTimersByTimeAsync(config.shutdownReadinessDelayMs);

    expect(Logger.prototype.fatal).toHaveBeenCalled();
    expect(close).toHaveBeenCalledTimes(1);
    expect(host.exit).toHaveBeenCalledWith(1);
  });

  it('keeps exit code 1 when a crash happens during a signal-initiated shutdown', async () => {
    const { host } = install();

    host.emit('SIGTERM');
    host.emit('uncaughtException', new Error('late crash'));
    await jest.advanceTimersByTimeAsync(config.shutdownReadinessDelayMs);

    expect(host.exit).toHaveBeenCalledWith(1);
  });
});
