import {
  AfterLoad,
  Column,
  CreateDateColumn,
  DataSource,
  Entity,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Repository,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import { SingleRowStatements } from '../../src/core/database/single-row-statements';
import { SnakeNamingStrategy } from '../../src/core/database/snake-naming.strategy';
import { shouting } from '../utils/column-transformers';
import { createTestDatabase, type TestDatabase } from '../utils/test-database';

/** Every kind of column the generators emit, plus a transformer and database defaults. */
@Entity({ name: 'widgets' })
class WidgetEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 30 })
  name!: string;

  @Column({ type: 'text', nullable: true })
  notes!: string | null;

  @Column({ type: 'integer', default: 7 })
  quantity!: number;

  @Column({ type: 'numeric', precision: 12, scale: 2 })
  total!: string;

  @Column({ type: 'boolean', default: false })
  active!: boolean;

  @Column({ type: 'date', nullable: true })
  dueOn!: string | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  sentAt!: Date | null;

  @Column({ type: 'enum', enum: ['draft', 'sent'], enumName: 'widget_status', default: 'draft' })
  status!: 'draft' | 'sent';

  @Column({ type: 'jsonb', nullable: true })
  attributes!: Record<string, unknown> | null;

  @Column({ type: 'varchar', length: 20, array: true, default: () => "'{}'" })
  tags!: string[];

  @Column({ type: 'varchar', length: 20, nullable: true, transformer: shouting })
  code!: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt!: Date;

  @VersionColumn()
  version!: number;
}

@Entity({ name: 'widget_parts' })
class WidgetPartEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ManyToOne(() => WidgetEntity)
  widget!: WidgetEntity;
}

@Entity({ name: 'widget_logs' })
class WidgetLogEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  loaded = false;

  @AfterLoad()
  markLoaded(): void {
    this.loaded = true;
  }
}

describe(SingleRowStatements.name, () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let widgets: Repository<WidgetEntity>;
  let statements: SingleRowStatements<WidgetEntity>;

  beforeAll(async () => {
    database = await createTestDatabase({ schema: 'empty' });
    dataSource = new DataSource({
      type: 'postgres',
      url: database.url,
      entities: [WidgetEntity, WidgetPartEntity, WidgetLogEntity],
      namingStrategy: new SnakeNamingStrategy(),
      synchronize: true,
    });
    await dataSource.initialize();
    widgets = dataSource.getRepository(WidgetEntity);
    statements = new SingleRowStatements(widgets);
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  const full: Partial<WidgetEntity> = {
    name: 'gear',
    notes: 'one "quoted" note',
    quantity: 3,
    total: '12.5',
    active: true,
    dueOn: '2026-02-28',
    sentAt: new Date('2026-01-02T03:04:05.678Z'),
    status: 'sent',
    attributes: { colour: 'red', sizes: [1, 2] },
    tags: ['a', 'b'],
    code: 'abc',
  };

  it('reads a row exactly as findOneBy does', async () => {
    const { id } = await widgets.save(widgets.create(full));

    const fixed = await statements.findById(id);

    expect(fixed).toBeInstanceOf(WidgetEntity);
    expect(fixed).toEqual(await widgets.findOneBy({ id }));
  });

  it('answers null for an unknown id', async () => {
    expect(await statements.findById('00000000-0000-4000-8000-000000000000')).toBeNull();
  });

  it('inserts with TypeORM semantics and returns the stored row', async () => {
    const inserted = await statements.insert(full);

    expect(inserted).toEqual(await widgets.findOneBy({ id: inserted.id }));
    expect(inserted).toMatchObject({ total: '12.50', code: 'abc', version: 1 });
    const [raw] = await widgets.query<{ code: string }[]>('SELECT code FROM widgets WHERE id = $1', [inserted.id]);
    expect(raw?.code).toBe('ABC');
  });

  it('lets omitted values take their database defaults', async () => {
    const inserted = await statements.insert({ name: 'bare', total: '0' });

    expect(inserted).toMatchObject({
      quantity: 7,
      active: false,
      status: 'draft',
      tags: [],
      notes: null,
      dueOn: null,
      version: 1,
    });
    expect(inserted.createdAt).toBeInstanceOf(Date);
    expect(inserted.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('surfaces database errors as TypeORM does, so repositories can translate them', async () => {
    await expect(statements.insert({ total: '1' })).rejects.toMatchObject({
      name: 'QueryFailedError',
      driverError: expect.objectContaining({ code: '23502' }) as unknown,
    });
  });

  it('refuses entities with relations when built, not at the first request', () => {
    expect(() => new SingleRowStatements(dataSource.getRepository(WidgetPartEntity))).toThrow(/flat entities only/);
  });

  it('refuses entities with @AfterLoad listeners, which it would not run', () => {
    expect(() => new SingleRowStatements(dataSource.getRepository(WidgetLogEntity))).toThrow(/@AfterLoad/);
  });

  it('refuses entities an afterLoad subscriber listens to, and only those', () => {
    dataSource.subscribers.push({ listenTo: () => WidgetLogEntity, afterLoad: () => undefined });
    try {
      expect(() => new SingleRowStatements(widgets)).not.toThrow();
      dataSource.subscribers.push({ afterLoad: () => undefined });
      expect(() => new SingleRowStatements(widgets)).toThrow(/afterLoad subscribers/);
    } finally {
      dataSource.subscribers.splice(-2);
    }
  });
});
