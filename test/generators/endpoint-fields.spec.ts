import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertFlagsFitRoute, type EndpointFieldFlags, entityFields } from '../../generators/lib/endpoint-fields';
import { EndpointInputError, parseHttpMethod, parseRoutePath } from '../../generators/lib/endpoint-route';
import { type FieldDefinition, FieldSpecError, parseModuleSpec } from '../../generators/lib/field-spec';
import { entityColumnView } from '../../generators/lib/field-views';
import { moduleNames } from '../../generators/lib/names';
import { decoratedClass, parseSource } from '../../generators/lib/nest-source';

/** The reference entity: what the `module` generator writes, so specs matching it must be accepted. */
const ENTITY_PATH = 'src/modules/articles/article.entity.ts';
const ARTICLES = moduleNames('articles');

function articleFields(flag: 'body' | 'query', spec: string): string[] {
  const file = parseSource(ENTITY_PATH, readFileSync(join(__dirname, '../..', ENTITY_PATH), 'utf8'));
  return entityFields(ARTICLES, decoratedClass(file, 'Entity'), ENTITY_PATH, flag, spec).map((field) => field.name);
}

function rejection(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof EndpointInputError) return error.message;
    throw error;
  }
  throw new Error('expected a rejection');
}

describe(assertFlagsFitRoute.name, () => {
  function fit(method: string, path: string, flags: EndpointFieldFlags): () => void {
    return () => {
      assertFlagsFitRoute(parseRoutePath(parseHttpMethod(method), path), flags);
    };
  }

  it.each([
    ['post', '/:id/schedule', { body: 'dueAt:date' }],
    ['put', '/:id/title', { body: 'title:string' }],
    ['patch', '/:id/title', { body: 'title:string' }],
    ['get', '/stats', { query: 'status:boolean' }],
    ['get', '/:id/summary', {}],
  ])('accepts %s %s with %j', (method, path, flags) => {
    expect(fit(method, path, flags)).not.toThrow();
  });

  it.each([
    ['get', '/:id/x', { body: 'title:string' }, /--body needs a POST, PUT or PATCH route/],
    ['delete', '/:id/x', { body: 'title:string' }, /--body needs a POST, PUT or PATCH route/],
    ['post', '/bulk', { body: 'title:string' }, /--body needs a \/:id\/… route/],
    ['get', '/:id/x', { query: 'status:boolean' }, /--query needs a collection GET route/],
    ['post', '/bulk', { query: 'status:boolean' }, /--query needs a collection GET route/],
  ])('rejects %s %s with %j', (method, path, flags, message) => {
    expect(rejection(fit(method, path, flags))).toMatch(message);
  });
});

describe(entityFields.name, () => {
  it('accepts a column decorator Prettier wrapped over several lines (with its trailing comma)', () => {
    const names = moduleNames('sample-invoices');
    const source = [
      "import { Column, Entity } from 'typeorm';",
      "export const SAMPLE_INVOICE_STATUSES = ['draft', 'sent'] as const;",
      'export type SampleInvoiceStatus = (typeof SAMPLE_INVOICE_STATUSES)[number];',
      "export const SAMPLE_INVOICE_DEFAULT_STATUS: SampleInvoiceStatus = 'draft';",
      "@Entity({ name: 'sample_invoices' })",
      'export class SampleInvoiceEntity {',
      '  @Column({',
      "    type: 'enum',",
      '    enum: SAMPLE_INVOICE_STATUSES,',
      "    enumName: 'sample_invoice_status',",
      '    default: SAMPLE_INVOICE_DEFAULT_STATUS,',
      '  })',
      '  status!: SampleInvoiceStatus;',
      '}',
    ].join('\n');
    const entity = decoratedClass(parseSource('sample-invoice.entity.ts', source), 'Entity');

    const fields = entityFields(names, entity, 'sample-invoice.entity.ts', 'body', 'status:enum(draft,sent)=draft');

    expect(fields.map((field) => field.name)).toEqual(['status']);
  });

  it('accepts columns declared exactly as the spec describes them', () => {
    expect(
      articleFields('body', 'title:string(200) publishedAt:datetime? status:enum(draft,published,archived)=draft'),
    ).toEqual(['title', 'publishedAt', 'status']);
  });

  it('accepts filterable columns for a query', () => {
    expect(articleFields('query', 'status:enum(draft,published,archived)=draft')).toEqual(['status']);
  });

  it('reports every problem at once, each column described with what to write', () => {
    const message = rejection(() =>
      articleFields('body', 'writer:string title:string(100) publishedAt:date status:enum(draft,published)=draft'),
    );

    expect(message).toContain(
      'writer: no such property (columns: slug, title, body, tags, status, authorId, publishedAt)',
    );
    expect(message).toContain(
      'title: the column articles.title is string(200): write `title:string` or `title:string(200)`',
    );
    expect(message).toContain(
      'publishedAt: the column articles.published_at is datetime, nullable: write `publishedAt:datetime` or `publishedAt:datetime?`',
    );
    expect(message).toContain(
      'status: the column articles.status is enum(draft,published,archived) with default draft: write `status:enum` or `status:enum(draft,published,archived)=draft`',
    );
  });

  it('refuses a column the module generator would not have written that way, saying why', () => {
    expect(rejection(() => articleFields('body', 'tags'))).toMatch(
      /tags: declared otherwise than the module generator writes tags:string\[\]\(40\).*lacks export const ARTICLE_TAGS_ITEM_MAX_LENGTH = 40/,
    );
  });
  it('rejects a property that is not a plain column', () => {
    const file = parseSource(
      'thing.entity.ts',
      '@Entity() export class ArticleEntity { @ManyToOne() author!: string; }',
    );

    expect(
      rejection(() => entityFields(ARTICLES, decoratedClass(file, 'Entity'), 'thing.entity.ts', 'body', 'author:uuid')),
    ).toMatch(/author: not a plain @Column\(\)/);
  });

  it('rejects query fields without an index or a filter recipe', () => {
    expect(rejection(() => articleFields('query', 'title:string(200)'))).toMatch(/title: string fields filter only/);
    expect(rejection(() => articleFields('query', 'publishedAt:datetime?'))).toMatch(
      /publishedAt: datetime fields have no exact-match filter/,
    );
  });

  it('passes spec syntax errors through with their caret', () => {
    expect(() => articleFields('body', 'title:string(200')).toThrow(FieldSpecError);
  });

  it('points the caret into the spec as typed, also when the column filled in the arguments', () => {
    const error = caught(() => articleFields('body', 'title status:enum=drafts'));

    expect(error.problems).toMatchObject([{ offset: 'title status:enum='.length, token: 'drafts' }]);
    expect(error.message).toContain('default "drafts" is not one of draft, published, archived');
  });
});

/** The finding of issue 15: `module people --fields "name:string(80) active:boolean=true"`, as generated. */
const PEOPLE = moduleNames('people');
const PERSON_ENTITY = [
  "import { Column, Entity, Index, Unique } from 'typeorm';",
  'export const PERSON_NAME_MAX_LENGTH = 80;',
  'export const PERSON_DEFAULT_ACTIVE = true;',
  'export const PERSON_EMAIL_MAX_LENGTH = 120;',
  "export const PERSON_EMAIL_CONSTRAINT = 'UQ_people_email';",
  "export const PERSON_LEVELS = ['junior', 'senior'] as const;",
  'export type PersonLevel = (typeof PERSON_LEVELS)[number];',
  'export const PERSON_RANK_MIN = 0;',
  'export const PERSON_RANK_MAX = 10_000;',
  "@Entity({ name: 'people' })",
  "@Unique(PERSON_EMAIL_CONSTRAINT, ['email'])",
  "@Index('IDX_people_rank', ['rank'])",
  'export class PersonEntity {',
  "  @Column({ type: 'varchar', length: PERSON_NAME_MAX_LENGTH })",
  '  name!: string;',
  "  @Column({ type: 'boolean', default: PERSON_DEFAULT_ACTIVE })",
  '  active!: boolean;',
  "  @Column({ type: 'varchar', length: PERSON_EMAIL_MAX_LENGTH })",
  '  email!: string;',
  "  @Column({ type: 'enum', enum: PERSON_LEVELS, enumName: 'person_level', nullable: true })",
  '  level!: PersonLevel | null;',
  "  @Column({ type: 'integer' })",
  '  rank!: number;',
  '}',
].join('\n');

function peopleFields(flag: 'body' | 'query', spec: string): FieldDefinition[] {
  const entity = decoratedClass(parseSource('person.entity.ts', PERSON_ENTITY), 'Entity');
  return entityFields(PEOPLE, entity, 'src/modules/people/person.entity.ts', flag, spec);
}

describe(`${entityFields.name}: what the spec leaves out comes from the entity`, () => {
  it.each(['active:boolean', 'active', 'active:boolean=true'])(
    'accepts --body "%s" on a column with a default',
    (spec) => {
      expect(peopleFields('body', spec)).toEqual([
        {
          name: 'active',
          column: 'active',
          type: 'boolean',
          nullable: false,
          unique: false,
          indexed: false,
          default: { kind: 'boolean', value: true },
        },
      ]);
    },
  );

  it('says what to write when the spec disagrees with the column', () => {
    expect(rejection(() => peopleFields('body', 'active:boolean=false'))).toContain(
      'active: the column people.active is boolean with default true: write `active:boolean` or `active:boolean=true`',
    );
    expect(rejection(() => peopleFields('body', 'active:int'))).toContain(
      'write `active:boolean` or `active:boolean=true`',
    );
    expect(rejection(() => peopleFields('body', 'name:string?'))).toContain(
      'name: the column people.name is string(80): write `name:string` or `name:string(80)`',
    );
    expect(rejection(() => peopleFields('body', 'email:string(120):index'))).toContain(
      'the column people.email is string(120), unique: write `email:string` or `email:string(120):unique`',
    );
  });

  it('takes limits, nullability and constraints from the entity', () => {
    expect(peopleFields('body', 'name:string level:enum rank')).toMatchObject([
      { name: 'name', type: 'string', maxLength: 80 },
      { name: 'level', type: 'enum', values: ['junior', 'senior'], nullable: true },
      { name: 'rank', type: 'int', min: 0, max: 10_000, indexed: true },
    ]);
    // Unique and indexed from the entity: so the columns filter.
    expect(peopleFields('query', 'email:string rank:int').map((field) => field.name)).toEqual(['email', 'rank']);
  });

  it('accepts a query filter stated optional: a filter may be left out, whatever the column', () => {
    expect(peopleFields('query', 'active:boolean?').map((field) => field.name)).toEqual(['active']);
    expect(peopleFields('query', 'active:boolean?=true rank:int? email:string?').map((field) => field.name)).toEqual([
      'active',
      'rank',
      'email',
    ]);
    // Still the column's own facts: not nullable, its default kept.
    expect(peopleFields('query', 'active:boolean?')).toMatchObject([
      { nullable: false, default: { kind: 'boolean', value: true } },
    ]);
  });

  it('keeps refusing a body field stated optional on a column with a default: the body need not repeat it', () => {
    expect(rejection(() => peopleFields('body', 'active:boolean?'))).toContain(
      'active: the column people.active is boolean with default true: write `active:boolean` or `active:boolean=true`',
    );
  });

  it('refuses a field named twice and an empty spec', () => {
    expect(rejection(() => peopleFields('body', 'active active:boolean'))).toContain('active: named twice');
    expect(rejection(() => peopleFields('body', '  '))).toContain('no fields given');
    expect(() => peopleFields('body', 'active?')).toThrow(/not a field definition/);
  });
});

/**
 * `module shipments --fields "code:string(20) warehouse:ref(warehouses) carrier:ref(carriers)?:set-null
 * labels:refs(labels) parent:ref(shipments)?"`, the entity rendered from the generator's own column views
 * (`labelLinks` stands for the many-to-many relation, which the repository fills).
 */
const SHIPMENTS = moduleNames('shipments');
const SHIPMENTS_SPEC =
  'code:string(20) warehouse:ref(warehouses) carrier:ref(carriers)?:set-null labels:refs(labels) parent:ref(shipments)?';

function shipmentSource(edit: (source: string) => string = (source) => source): string {
  const { fields } = parseModuleSpec(SHIPMENTS_SPEC, {
    existing: ['warehouses', 'carriers', 'labels'],
    self: 'shipments',
  });
  const views = fields.map((field) => entityColumnView(SHIPMENTS, field));
  return edit(
    [
      "import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';",
      "import { CarrierEntity } from '../carriers';",
      "import { WarehouseEntity } from '../warehouses';",
      ...views.flatMap((view) => view.constants),
      "@Entity({ name: 'shipments' })",
      ...views.flatMap((view) => view.classDecorators),
      'export class ShipmentEntity {',
      ...views.flatMap((view) => [
        ...(view.comment ? [view.comment] : []),
        view.decorator,
        view.property,
        ...view.relationMembers,
      ]),
      '  labelLinks!: { labelId: string }[];',
      '}',
    ].join('\n'),
  );
}

function shipmentFields(flag: 'body' | 'query', spec: string, source = shipmentSource()): FieldDefinition[] {
  const entity = decoratedClass(parseSource('shipment.entity.ts', source), 'Entity');
  return entityFields(SHIPMENTS, entity, 'src/modules/shipments/shipment.entity.ts', flag, spec);
}

describe(`${entityFields.name}: belongs-to relation keys`, () => {
  it.each(['warehouseId:uuid', 'warehouseId'])(
    'reads --body "%s" as the key of the relation, with its target',
    (spec) => {
      expect(shipmentFields('body', spec)).toEqual([
        {
          type: 'ref',
          name: 'warehouseId',
          column: 'warehouse_id',
          nullable: false,
          unique: false,
          indexed: false,
          relation: 'warehouse',
          target: 'warehouses',
          onDelete: 'restrict',
        },
      ]);
    },
  );

  it('takes nullability and the on-delete action from the entity, and a self-reference targets the module', () => {
    expect(shipmentFields('body', 'carrierId:uuid? parentId:uuid?')).toMatchObject([
      { name: 'carrierId', nullable: true, target: 'carriers', onDelete: 'set-null' },
      { name: 'parentId', nullable: true, target: 'shipments', relation: 'parent' },
    ]);
  });

  it('lets a key be null only where its column is nullable', () => {
    expect(rejection(() => shipmentFields('body', 'warehouseId:uuid?'))).toContain(
      'warehouseId: the column shipments.warehouse_id is uuid, the required key of the relation warehouse to warehouses: write `warehouseId:uuid`',
    );
  });

  it("filters by a key, where `?` is the filter's (every filter is optional)", () => {
    expect(shipmentFields('query', 'warehouseId:uuid? carrierId:uuid').map((field) => field.name)).toEqual([
      'warehouseId',
      'carrierId',
    ]);
  });

  it('says what to write for the relation itself, declared or named', () => {
    const message = rejection(() =>
      shipmentFields('body', 'warehouse:ref(warehouses) carrier carrierId:string parentId:ref(shipments)?'),
    );

    expect(message).toContain(
      'warehouse: an endpoint does not declare relations (`module` and `field` do): it sets and filters the key of warehouse, write `warehouseId:uuid`',
    );
    expect(message).toContain(
      'carrier: the relation carrier (@ManyToOne): an endpoint sets and filters its key, write `carrierId:uuid?`',
    );
    expect(message).toContain(
      'carrierId: the column shipments.carrier_id is uuid, the key of the relation carrier to carriers, nullable: write `carrierId:uuid` or `carrierId:uuid?`',
    );
    expect(message).toContain('parentId: an endpoint does not declare relations');
  });

  it.each(['labelIds', 'labelId:uuid', 'labels:refs(labels)'])('refuses the many-to-many relation as %s', (spec) => {
    expect(rejection(() => shipmentFields('body', spec))).toMatch(
      /the many-to-many relation labels \(a join table\): its labelIds cannot be set or filtered by a generated endpoint yet/,
    );
  });

  it('refuses a relation declared otherwise than the module generator writes it, saying what differs', () => {
    const renamed = shipmentSource((source) =>
      source.replace(
        'foreignKeyConstraintName: SHIPMENT_WAREHOUSE_CONSTRAINT',
        "foreignKeyConstraintName: 'fk_custom'",
      ),
    );

    expect(rejection(() => shipmentFields('body', 'warehouseId', renamed))).toMatch(
      /warehouseId: declared otherwise .* the relation warehouse lacks @JoinColumn\(\{ name: 'warehouse_id', foreignKeyConstraintName: SHIPMENT_WAREHOUSE_CONSTRAINT \}\)/,
    );
  });
});

function caught(run: () => unknown): FieldSpecError {
  try {
    run();
  } catch (error) {
    if (error instanceof FieldSpecError) return error;
    throw error;
  }
  throw new Error('expected a FieldSpecError');
}
