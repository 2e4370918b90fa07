import { type INestApplicationContext, Logger } from '@nestjs/common';
import type { Server } from 'node:http';
import type { AppConfig } from '../../config';
import { ConnectionDrain, IDLE_CONNECTION_GRACE_MS } from './connection-drain';
import { ShutdownState } from './shutdown-state';

/** The slice of `process` shutdown needs; tests pass a fake. */
export interface ProcessHost {
  on(event: 'SIGTERM' | 'SIGINT', listener: () => void): unknown;
  on(event: 'uncaughtException', listener: (error: Error) => void): unknown;
  on(event: 'unhandledRejection', listener: (reason: unknown) => void): unknown;
  exit(code: number): void;
}

/** An application with an HTTP server (main.ts); unit tests pass a bare application context. */
type ShutdownTarget = INestApplicationContext & { getHttpServer?: () => Server };

/**
 * Drains the instance on SIGTERM/SIGINT: readiness turns 503 at once so load balancers stop
 * routing here, and every response asks its client to close the connection; requests keep being
 * served for `shutdownReadinessDelayMs`; then the listener closes, open connections may carry one
 * last request (ConnectionDrain), and `app.close()` lets in-flight requests finish and closes the
 * pool (onApplicationShutdown).
 * A crash (uncaught exception, unhandled rejection) takes the same path with exit code 1.
 * Whatever happens, an unref'd timer exits with 1 after `shutdownTimeoutMs`.
 */
export function installGracefulShutdown(app: ShutdownTarget, config: AppConfig, host: ProcessHost = process): void {
  const logger = new Logger('Shutdown');
  const state = app.get(ShutdownState);
  const drain = app.getHttpServer ? new ConnectionDrain(app.getHttpServer()) : undefined;
  let exitCode: number | undefined;

  const shutDown = (reason: string, code: number): void => {
    if (exitCode !== undefined) {
      exitCode = Math.max(exitCode, code);
      logger.warn(`${reason} received while already shutting down; still draining`);
      return;
    }
    exitCode = code;
    state.begin();
    drain?.announce();
    logger.log(`${reason} received: readiness failing, closing in ${config.shutdownReadinessDelayMs} ms`);
    const deadline = setTimeout(() => {
      logger.fatal(`Shutdown did not finish within ${config.shutdownTimeoutMs} ms; forcing exit`);
      host.exit(1);
    }, config.shutdownTimeoutMs);
    deadline.unref();

    void drainAndClose(app, drain, config.shutdownReadinessDelayMs, logger).then(
      () => {
        clearTimeout(deadline);
        logger.log('Shutdown complete');
        host.exit(exitCode ?? code);
      },
      (error: unknown) => {
        clearTimeout(deadline);
        logger.fatal({ msg: 'Shutdown failed', err: error });
        host.exit(1);
      },
    );
  };

  host.on('SIGTERM', () => {
    shutDown('SIGTERM', 0);
  });
  host.on('SIGINT', () => {
    shutDown('SIGINT', 0);
  });
  host.on('uncaughtException', (error) => {
    logger.fatal({ msg: 'Uncaught exception', err: error });
    shutDown('uncaughtException', 1);
  });
  host.on('unhandledRejection', (reason) => {
    logger.fatal({ msg: 'Unhandled promise rejection', err: reason });
    shutDown('unhandledRejection', 1);
  });
}

async function drainAndClose(
  app: INestApplicationContext,
  drain: ConnectionDrain | undefined,
  readinessDelayMs: number,
  logger: Logger,
): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, readinessDelayMs));
  if (drain) {
    const closing = drain.closeListener();
    logger.log(
      `Listener closed: new connections refused; open ones may carry one last request for up to ${IDLE_CONNECTION_GRACE_MS} ms`,
    );
    await closing;
  }
  await app.close();
}
