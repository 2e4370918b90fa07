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
 * The plugin alone, registered globally so every repository can inject its `TransactionHost`:
 * `@Transactional()` opens the context it needs, so requests pay nothing for CLS.
 * `ClsModule.forRoot()` would also register a global guard and a global interceptor, no-ops
 * unless mounted, that Nest would still run on every request of every route (the interceptor
 * costing a whole rxjs pipeline per request).
 */
export function transactionsModule(): DynamicModule {
  return {
    ...ClsModule.registerPlugins([
      new ClsPluginTransactional({
        adapter: new TransactionalAdapterTypeOrm({ dataSourceToken: getDataSourceToken() }),
      }),
    ]),
    global: true,
  };
}
