import { DataSource } from 'typeorm';
import { loadConfig } from '../../config';
import { migrationDataSourceOptions } from './data-source-options';

/** Entry point for the TypeORM CLI: `npm run migration:generate|migration:revert`. */
export default new DataSource(migrationDataSourceOptions(loadConfig().database));
