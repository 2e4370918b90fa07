import { Test, type TestingModule } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, QueryFailedError } from 'typeorm';
import { CursorPosition, type SortDirection } from '../../src/common/pagination';
import { loadConfig } from '../../src/config';
import { dataSourceOptions } from '../../src/core/database/data-source-options';
import { transactionsModule } from '../../src/core/database/transactions';
import { CreateOrder1796415906078 } from '../fixtures/reserved-words/migrations/1796415906078-CreateOrder';
import {
  ORDER_GROUP_USER_CONSTRAINT,
  ORDER_TO_AFTER_FROM_CONSTRAINT,
  OrderEntity,
} from '../fixtures/reserved-words/order.entity';
import {
  OrdersRepository,
  type NewOrder,
  type OrderListFilter,
  type OrderSortField,
  type OrderSummary,
} from '../fixtures/reserved-words/orders.repository';
import { OrderChangedError, OrdersService } from '../fixtures/reserved-words/orders.service';
import { createTestDatabase, type TestDatabase } from '../utils/test-database';

/**
 * The data path on a table named `order` whose columns are SQL reserved words (issue 14): every
 * statement below would be a syntax error in PostgreSQL if one identifier were left unquoted, and
 * every column appears in some WHERE, ORDER BY or SET. `user` unquoted would not even fail: it is
 * `current_user`, so the tests compare it with the stored value.
 */
describe('SQL reserved words as identifiers', () => {
  let database: TestDatabase;
  let moduleRef: TestingModule;
  let dataSource: DataSource;
  let orders: OrdersRepository;
  let service: OrdersService;
  let users = 0;

  beforeAll(async () => {
    // Empty: the fixture's migration is the only schema this database gets.
    database = await createTestDatabase({ schema: 'empty' });
    moduleRef = await Test.createTestingModule({
      imports: [
        TypeOrmModule.forRoot({
          ...dataSourceOptions(loadConfig({ DATABASE_URL: database.url }).database),
          entities: [OrderEntity],
          migrations: [CreateOrder1796415906078],
          // The violations provoked below are expected; TypeORM's console logger would print them.
          logging: false,
        }),
        transactionsModule(),
      ],
      providers: [OrdersRepository, OrdersService],
    }).compile();
    await moduleRef.init();
    dataSource = moduleRef.get(DataSource);
    orders = moduleRef.get(OrdersRepository);
    service = moduleRef.get(OrdersService);
    await dataSource.runMigrations({ transaction: 'each' });
  });

  afterAll(async () => {
    await moduleRef.close();
    await database.drop();
  });

  /** A valid row in `group`; `user` is unique per group (a named unique constraint). */
  function newOrder(group: string, overrides: Partial<NewOrder> = {}): NewOrder {
    users += 1;
    return {
      order: 1,
      from: new Date('2026-01-01T00:00:00.000Z'),
      to: null,
      user: `user-${users}`,
      group,
      desc: 'a description',
      ...overrides,
    };
  }

  /** Every row of the filter, walked page by page with the cursor of each page's last row. */
  async function walk(
    filter: OrderListFilter,
    field: OrderSortField,
    direction: SortDirection,
    pageSize: number,
  ): Promise<{ rows: OrderSummary[]; pages: number }> {
    const rows: OrderSummary[] = [];
    let after: CursorPosition | undefined;
    for (let pages = 1; ; pages += 1) {
      const page = await orders.findPage(filter, {
        order: { field, direction },
        take: pageSize,
        ...(after !== undefined && { after }),
      });
      rows.push(...page);
      const last = page.at(-1);
      if (page.length < pageSize || last === undefined) return { rows, pages };
      const value = field === 'order' ? String(last.order) : (last.to?.toISOString() ?? null);
      after = new CursorPosition(field, value, last.id);
    }
  }

  it('inserts a row and reads every column back, with the database-filled ones merged in', async () => {
    const values = newOrder('round-trip', {
      order: 7,
      from: new Date('2026-02-03T04:05:06.789Z'),
      to: new Date('2026-02-04T00:00:00.000Z'),
      user: 'alice',
      select: true,
      primary: true,
      case: 'second',
      desc: 'desc',
    });

    const inserted = await orders.insert(values);
    const found = await orders.findById(inserted.id);

    expect(inserted).toMatchObject({ ...values, version: 1 });
    expect(inserted.createdAt).toBeInstanceOf(Date);
    expect(found).toEqual(inserted);
    // Unquoted, `user` would read the session's role instead of the column.
    expect(found?.user).toBe('alice');
  });

  it('fills the column defaults of `select`, `primary` and `case` on insert', async () => {
    const inserted = await orders.insert(newOrder('defaults'));

    const defaults = { select: false, primary: false, case: 'first' };
    expect(inserted).toMatchObject(defaults);
    expect(await orders.findById(inserted.id)).toMatchObject(defaults);
  });

  it('filters on `group` and `select`', async () => {
    const chosen = await orders.insert(newOrder('filter-a', { select: true }));
    await orders.insert(newOrder('filter-a'));
    await orders.insert(newOrder('filter-b', { select: true }));

    const page = await orders.findPage(
      { group: 'filter-a', select: true },
      { order: { field: 'order', direction: 'ASC' }, take: 10 },
    );

    expect(page.map((row) => row.id)).toEqual([chosen.id]);
    expect(page[0]).not.toHaveProperty('desc');
  });

  it.each<SortDirection>(['ASC', 'DESC'])(
    'pages by `order` %s across several pages, ties broken by id',
    async (direction) => {
      const group = `keyset-order-${direction}`;
      for (const order of [5, 3, 9, 3, 1, 7, 5, 2]) await orders.insert(newOrder(group, { order }));
      const all = await orders.findPage({ group }, { order: { field: 'order', direction }, take: 100 });

      const { rows, pages } = await walk({ group }, 'order', direction, 3);

      const sign = direction === 'ASC' ? 1 : -1;
      const expected = [...all].sort((a, b) => sign * (a.order - b.order || a.id.localeCompare(b.id)));
      expect(rows.map((row) => row.id)).toEqual(expected.map((row) => row.id));
      expect(rows).toHaveLength(8);
      expect(pages).toBe(3);
    },
  );

  it.each<SortDirection>(['ASC', 'DESC'])(
    'pages by the nullable `to` %s with the nulls where PostgreSQL puts them',
    async (direction) => {
      const group = `keyset-to-${direction}`;
      const from = new Date('2026-01-01T00:00:00.000Z');
      const tos = [
        null,
        '2026-03-01T00:00:00.000Z',
        null,
        '2026-02-01T00:00:00.000Z',
        '2026-03-01T00:00:00.000Z',
        null,
      ];
      for (const to of tos) await orders.insert(newOrder(group, { from, to: to === null ? null : new Date(to) }));

      const { rows } = await walk({ group }, 'to', direction, 2);

      const values = rows.map((row) => row.to?.toISOString() ?? null);
      const dated = ['2026-02-01T00:00:00.000Z', '2026-03-01T00:00:00.000Z', '2026-03-01T00:00:00.000Z'];
      expect(values).toEqual(
        direction === 'ASC' ? [...dated, null, null, null] : [null, null, null, ...dated.reverse()],
      );
    },
  );

  it('updates every reserved-word column with the version it read, and bumps the version', async () => {
    const row = await orders.insert(newOrder('update'));
    const changes = {
      order: 42,
      from: new Date('2026-05-01T00:00:00.000Z'),
      to: new Date('2026-06-01T00:00:00.000Z'),
      user: 'bob',
      group: 'update-moved',
      select: true,
      desc: 'changed',
      primary: true,
      case: 'second' as const,
    };

    const updated = await orders.updateIfVersionMatches(row.id, row.version, changes);

    expect(updated).toMatchObject({ ...changes, id: row.id, version: row.version + 1 });
  });

  it('updates nothing when the version is stale', async () => {
    const row = await orders.insert(newOrder('stale'));
    await orders.updateIfVersionMatches(row.id, row.version, { desc: 'first writer' });

    const result = await orders.updateIfVersionMatches(row.id, row.version, { desc: 'second writer' });

    expect(result).toBeNull();
    expect(await orders.findById(row.id)).toMatchObject({ desc: 'first writer', version: row.version + 1 });
  });

  it('enforces the named check and unique constraints written over reserved words', async () => {
    const row = await orders.insert(newOrder('constraints', { user: 'carol' }));

    const backwards = orders.updateIfVersionMatches(row.id, row.version, { to: new Date('2025-01-01T00:00:00.000Z') });
    await expect(backwards).rejects.toMatchObject({ driverError: { constraint: ORDER_TO_AFTER_FROM_CONSTRAINT } });
    const duplicate = orders.insert(newOrder('constraints', { user: 'carol' }));
    await expect(duplicate).rejects.toBeInstanceOf(QueryFailedError);
    await expect(duplicate).rejects.toMatchObject({ driverError: { constraint: ORDER_GROUP_USER_CONSTRAINT } });
  });

  it('deletes a row once', async () => {
    const row = await orders.insert(newOrder('delete'));

    expect(await orders.deleteById(row.id)).toBe(true);
    expect(await orders.findById(row.id)).toBeNull();
    expect(await orders.deleteById(row.id)).toBe(false);
  });

  it('swaps `order` between two rows in one transaction', async () => {
    const a = await orders.insert(newOrder('swap', { order: 1 }));
    const b = await orders.insert(newOrder('swap', { order: 2 }));

    await service.swapOrder(a, b);

    expect(await orders.findById(a.id)).toMatchObject({ order: 2, version: 2 });
    expect(await orders.findById(b.id)).toMatchObject({ order: 1, version: 2 });
  });

  it('rolls back the first row of the transaction when the second write fails', async () => {
    const a = await orders.insert(newOrder('swap-rollback', { order: 1 }));
    const b = await orders.insert(newOrder('swap-rollback', { order: 2 }));

    const swap = service.swapOrder(a, { id: b.id, version: b.version + 1 });

    await expect(swap).rejects.toEqual(new OrderChangedError(b.id));
    expect(await orders.findById(a.id)).toEqual(a);
    expect(await orders.findById(b.id)).toEqual(b);
  });

  it('creates exactly the schema the entity describes', async () => {
    const { upQueries } = await dataSource.driver.createSchemaBuilder().log();

    expect(upQueries.map((query) => query.query)).toEqual([]);
  });

  it('reverts the migration without leaving a table, enum, index or constraint behind, and applies it again', async () => {
    const created = await schemaObjects();
    expect(created).toEqual(
      expect.arrayContaining([
        'order',
        'order_case',
        'IDX_order_group',
        'IDX_order_order_id',
        ORDER_GROUP_USER_CONSTRAINT,
      ]),
    );

    await dataSource.undoLastMigration({ transaction: 'each' });
    expect(await schemaObjects()).toEqual([]);

    await dataSource.runMigrations({ transaction: 'each' });
    expect(await schemaObjects()).toEqual(created);
    const row = await orders.insert(newOrder('after-redo', { user: 'dave' }));
    expect(await orders.findById(row.id)).toMatchObject({ user: 'dave', version: 1 });
  });

  /** Tables, indexes, sequences and enum types in `public`, but the migrations table's own. */
  async function schemaObjects(): Promise<string[]> {
    const rows = await dataSource.query<{ name: string }[]>(`
      SELECT c.relname AS name
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = 'public'
         AND c.oid <> 'migrations'::regclass
         AND c.oid <> pg_get_serial_sequence('migrations', 'id')::regclass
         AND NOT EXISTS (SELECT 1 FROM pg_index i WHERE i.indexrelid = c.oid AND i.indrelid = 'migrations'::regclass)
      UNION ALL
      SELECT t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
       WHERE n.nspname = 'public' AND t.typtype = 'e'
      ORDER BY name`);
    return rows.map((row) => row.name);
  }
});
