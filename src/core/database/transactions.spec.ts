import { TransactionHost } from '@nestjs-cls/transactional';
import { type DynamicModule, Module, type Provider } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import { transactionsModule } from './transactions';

const REQUEST_PIPELINE_TOKENS: readonly string[] = [APP_GUARD, APP_INTERCEPTOR, APP_PIPE, APP_FILTER];

/** Every provider token a module definition brings in, through its imports too. */
function providedTokens(module: DynamicModule): unknown[] {
  const own = (module.providers ?? []).map((provider: Provider) =>
    typeof provider === 'function' ? provider : provider.provide,
  );
  const imported = (module.imports ?? []).flatMap((entry) =>
    typeof entry === 'object' && 'module' in entry ? providedTokens(entry) : [],
  );
  return [...own, ...imported];
}

@Module({})
class DataSourceStubModule {}

function dataSourceStub(manager: object): Pick<DynamicModule, 'providers' | 'exports'> {
  return { providers: [{ provide: getDataSourceToken(), useValue: { manager } }], exports: [getDataSourceToken()] };
}

describe(transactionsModule.name, () => {
  it('adds nothing to the request pipeline: no global guard, interceptor, pipe or filter', () => {
    const tokens = providedTokens(transactionsModule());

    expect(tokens).toContain(TransactionHost);
    expect(tokens.filter((token) => REQUEST_PIPELINE_TOKENS.includes(token as string))).toEqual([]);
  });

  it('gives every module a TransactionHost whose tx is the data source manager outside a transaction', async () => {
    const manager = { name: 'default manager' };
    const moduleRef = await Test.createTestingModule({
      imports: [{ module: DataSourceStubModule, global: true, ...dataSourceStub(manager) }, transactionsModule()],
    }).compile();

    expect(moduleRef.get(TransactionHost).tx).toBe(manager);
  });
});
