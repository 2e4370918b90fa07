import { Controller, Get, Inject, ServiceUnavailableException, VERSION_NEUTRAL } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheckService, TypeOrmHealthIndicator, type HealthCheckResult } from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import { Public } from '../../common/auth';
import { ApiProblemResponse } from '../../common/openapi';
import { DatabaseConfig } from '../../config';
import { ServiceUnavailableError } from '../errors/service-unavailable.error';
import { ShutdownState } from '../shutdown/shutdown-state';
import { Unthrottled } from '../throttling/unthrottled.decorator';

export interface LivenessStatus {
  readonly status: 'ok';
}

/**
 * Probes for orchestrators. Liveness checks only the process, so a database outage never gets
 * healthy pods restarted; readiness checks the database within a bound below the probe timeout.
 */
@Controller({ path: 'health', version: VERSION_NEUTRAL })
@Unthrottled()
@Public()
@ApiTags('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly dataSource: DataSource,
    private readonly shutdown: ShutdownState,
    @Inject(DatabaseConfig) private readonly databaseConfig: DatabaseConfig,
  ) {}

  @Get('live')
  @ApiOkResponse({
    description: 'The process is running; says nothing about its dependencies.',
    schema: { type: 'object', required: ['status'], properties: { status: { type: 'string', enum: ['ok'] } } },
  })
  live(): LivenessStatus {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOkResponse({
    description: 'The instance can serve traffic: its database answered within the timeout.',
    schema: {
      type: 'object',
      required: ['status'],
      properties: {
        status: { type: 'string', enum: ['ok'] },
        info: { type: 'object', description: 'The checks that passed, by name (`database`).' },
        error: { type: 'object', description: 'The checks that failed, by name: empty on success.' },
        details: { type: 'object', description: 'Every check, by name.' },
      },
    },
  })
  @ApiProblemResponse(503, 'The database is unreachable, or the instance is shutting down.')
  async ready(): Promise<HealthCheckResult> {
    // A drain is intended: logged at info, not as a failure.
    if (this.shutdown.isShuttingDown) throw new ServiceUnavailableError('The service is shutting down.', {}, 'info');
    try {
      return await this.health.check([
        // Given the connection, the indicator skips its by-name import of @nestjs/typeorm, which
        // would load a second NestJS beside the bundled one (decision 0503).
        () =>
          this.database.pingCheck('database', {
            connection: this.dataSource,
            timeout: this.databaseConfig.healthTimeoutMs,
          }),
      ]);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      throw new ServiceUnavailableError('A dependency of the service is unavailable.', {
        checks: error.getResponse(),
      });
    }
  }
}
