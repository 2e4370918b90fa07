import { Inject, Logger, Module, type OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DatabaseConfig } from '../../config';
import { dataSourceOptions } from './data-source-options';
import { runMigrationsExclusively } from './migrations';
import { dropConnectionsReleasedMidQuery } from './stuck-connections';
import { transactionsModule } from './transactions';
import { TypeOrmNestLogger } from './typeorm-nest.logger';

const BOOT_CONNECT_ATTEMPTS = 5;
const BOOT_CONNECT_RETRY_DELAY_MS = 2_000;

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [DatabaseConfig],
      useFactory: (config: DatabaseConfig) => {
        const options = dataSourceOptions(config);
        return {
          ...options,
          // The entities of the modules' TypeOrmModule.forFeature(): the classes the app itself
          // imported. Loading them again by path would give the bundled server (decision 0503) a
          // second copy of each class, one TypeORM has metadata for and one the repositories use.
          entities: [],
          autoLoadEntities: true,
          logger: new TypeOrmNestLogger(options.logging),
          retryAttempts: BOOT_CONNECT_ATTEMPTS,
          retryDelay: BOOT_CONNECT_RETRY_DELAY_MS,
        };
      },
    }),
    transactionsModule(),
  ],
})
export class DatabaseModule implements OnModuleInit {
  private readonly logger = new Logger(DatabaseModule.name);

  constructor(
    @Inject(DatabaseConfig) private readonly config: DatabaseConfig,
    private readonly dataSource: DataSource,
  ) {}

  async onModuleInit(): Promise<void> {
    dropConnectionsReleasedMidQuery(this.dataSource);
    if (!this.config.migrationsRun) return;
    const applied = await runMigrationsExclusively(this.dataSource);
    this.logger.log(`Applied ${applied.length} pending migration(s) at boot`);
  }
}
