import { ClsPluginTransactional } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { type DynamicModule } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { ClsModule } from 'nestjs-cls';

/**
 * Unit of work across repositories (decision 0104). A service method marked `@Transactional()`
 * runs in one database transaction; every repository reaches the database through
 * `TransactionHost.tx`, the EntityManager of the current transaction, or the data source's own
 * manager outside one, so repositories need not know whether they are in a transaction.
 *
 * No CLS middleware is mounted: `@Transactional()` opens the context it needs, so requests that
 * do not write in a transaction pay nothing for it.
 */
export function transactionsModule(): DynamicModule {
  return ClsModule.forRoot({
    global: true,
    plugins: [
      new ClsPluginTransactional({
        adapter: new TransactionalAdapterTypeOrm({ dataSourceToken: getDataSourceToken() }),
      }),
    ],
  });
}
