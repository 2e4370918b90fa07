import { Controller, Get, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** A route that needs the database and nothing else, for testing database failure handling. */
@Controller({ path: 'db-probe', version: '1' })
class DbProbeController {
  constructor(private readonly dataSource: DataSource) {}

  @Get()
  async probe(): Promise<{ ok: boolean }> {
    await this.dataSource.query('SELECT 1');
    return { ok: true };
  }
}

@Module({ controllers: [DbProbeController] })
export class DbProbeModule {}
