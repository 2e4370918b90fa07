import { parseFieldSpec } from '../../generators/lib/field-spec';
import { fieldView, isFilterable, renderImports } from '../../generators/lib/field-views';
import { moduleNames } from '../../generators/lib/names';

const names = moduleNames('order-items');

function viewOf(spec: string): ReturnType<typeof fieldView> {
  const [field] = parseFieldSpec(spec);
  return fieldView(names, field!);
}

describe(fieldView.name, () => {
  it('gives a required bounded string the reference stack', () => {
    const view = viewOf('title:string(200)');

    expect(view.create.decorators).toEqual([
      "@ApiProperty({ minLength: 1, maxLength: ORDER_ITEM_TITLE_MAX_LENGTH, example: 'Title' })",
      '@IsString()',
      '@IsStorableText()',
      '@CodePointLength(1, ORDER_ITEM_TITLE_MAX_LENGTH)',
    ]);
    expect(view.create.declaration).toBe('title!: string;');
    expect(view.required).toBe(true);
  });

  it('makes a defaulted field optional but never nullable, defaulting from an entity constant', () => {
    const view = viewOf('status:enum(draft,live)=draft');

    expect(view.create.decorators).toContain('@OptionalNotNull()');
    expect(view.create.declaration).toBe('status?: OrderItemStatus;');
    expect(view.entity.constants).toContain("export const ORDER_ITEM_DEFAULT_STATUS: OrderItemStatus = 'draft';");
    expect(view.insertExpression).toBe('dto.status ?? ORDER_ITEM_DEFAULT_STATUS');
  });

  it('makes a ? field optional and nullable, null when omitted', () => {
    const view = viewOf('dueAt:date?');

    expect(view.create.decorators.slice(1)).toEqual(['@IsOptional()', '@IsIsoDate()']);
    expect(view.create.declaration).toBe('dueAt?: string | null;');
    expect(view.response.declaration).toBe('dueAt!: string | null;');
    expect(view.insertExpression).toBe('dto.dueAt ?? null');
    expect(view.invalidValues).not.toContain('null');
    expect(view.boundaryValues).toContain('null');
  });

  it('sends decimals as strings matching the column precision', () => {
    const view = viewOf('total:decimal(12,2)');

    expect(view.entity.constants).toContain('export const ORDER_ITEM_TOTAL_PATTERN = /^-?\\d{1,10}(\\.\\d{1,2})?$/;');
    expect(view.sample.wire).toBe("'12.50'");
    expect(view.invalidValues).toEqual(expect.arrayContaining(['12.5', "'99999999999'", "'0.111'"]));
    expect(view.boundaryValues).toEqual(["'9999999999.99'", "'-9999999999.99'"]);
  });

  it('converts datetimes at the edges: Date in the entity, ISO string on the wire', () => {
    const view = viewOf('publishedAt:datetime?');

    expect(view.mapperExpression).toBe('orderItem.publishedAt?.toISOString() ?? null');
    expect(view.changeExpression).toBe('dto.publishedAt === null ? null : new Date(dto.publishedAt)');
    expect(view.sample.entity).toBe("new Date('2026-01-31T12:00:00.000Z')");
  });

  it('describes a unique field with its constraint, error and a value unique per call', () => {
    const view = viewOf('sku:string(40):unique');

    expect(view.unique).toEqual({
      constraintConstant: 'ORDER_ITEM_SKU_CONSTRAINT',
      errorClass: 'OrderItemSkuTakenError',
      errorCode: 'ORDER_ITEMS_SKU_TAKEN',
      parameter: 'sku: string',
      message: '`Another order item already uses the sku "${sku}".`',
      translation: 'values.sku === undefined ? error : new OrderItemSkuTakenError(values.sku)',
    });
    expect(view.factory.expression).toContain('randomBytes(4)');
    expect(view.filter?.whereSpread).toBe('(filter.sku !== undefined && { sku: filter.sku })');
    expect(view.filter?.countCondition).toContain("query.andWhere('orderItem.sku = :sku'");
  });

  it('keeps hyphenated enum values as written in the column, the schema and the filter', () => {
    const view = viewOf('carrier:enum(dhl-express,ups_ground)=dhl-express');

    expect(view.entity.constants).toEqual([
      "export const ORDER_ITEM_CARRIERS = ['dhl-express', 'ups_ground'] as const;",
      'export type OrderItemCarrier = (typeof ORDER_ITEM_CARRIERS)[number];',
      "export const ORDER_ITEM_DEFAULT_CARRIER: OrderItemCarrier = 'dhl-express';",
    ]);
    expect(view.create.decorators[0]).toContain("enum: ORDER_ITEM_CARRIERS, enumName: 'OrderItemCarrier'");
    expect(view.invalidValues).toContain("'unknown'");
    expect(view.filter?.property.decorators).toContain('@IsIn(ORDER_ITEM_CARRIERS)');
  });

  it('offers unit tests of updates a literal other than the sample, in both shapes', () => {
    expect(viewOf('dueAt:datetime').changedSample).toEqual({
      wire: "'2027-12-31T23:59:59.999Z'",
      entity: "new Date('2027-12-31T23:59:59.999Z')",
    });
    expect(viewOf('status:enum(draft,live)').changedSample).toEqual({ wire: "'live'", entity: "'live'" });
    expect(viewOf('ownerId:uuid?').changedSample).toEqual({ wire: 'null', entity: 'null' });
  });

  it('offers no changed sample where the type has no other literal: a one-value enum, a required id', () => {
    expect(viewOf('kind:enum(only)').changedSample).toBeUndefined();
    expect(viewOf('kind:enum(only)?').changedSample).toEqual({ wire: 'null', entity: 'null' });
    expect(viewOf('ownerId:uuid').changedSample).toBeUndefined();
  });

  it('lets the list test compare filtered items unless the field holds one value only (always equal to the type checker)', () => {
    expect(viewOf('kind:enum(only)').filter?.itemsComparable).toBe(false);
    expect(viewOf('kind:enum(only)=only').filter?.itemsComparable).toBe(false);
    expect(viewOf('kind:enum(only)?').filter?.itemsComparable).toBe(true);
    expect(viewOf('kind:enum(draft,live)').filter?.itemsComparable).toBe(true);
    expect(viewOf('featured:boolean').filter?.itemsComparable).toBe(true);
  });

  it('keeps the length boundary tests only for limits small enough to send', () => {
    expect(viewOf('body:text(10000)').invalidValues).toContain("'😀'.repeat(10001)");
    expect(viewOf('body:text(100000)').invalidValues.join()).not.toContain('repeat');
  });
});

describe(isFilterable.name, () => {
  it.each([
    ['status:enum(a,b)', true],
    ['flag:boolean', true],
    ['ownerId:uuid', true],
    ['title:string(20)', false],
    ['title:string(20):index', true],
    ['rank:int(-5..5):index', false],
    ['rank:int(0..5):index', true],
    ['at:datetime:index', false],
    ['meta:json', false],
  ])('%s → %p', (spec, expected) => {
    expect(isFilterable(parseFieldSpec(spec)[0]!)).toBe(expected);
  });
});

describe(renderImports.name, () => {
  it('groups names by module, packages first, and marks a name type-only only when it is never a value', () => {
    expect(
      renderImports(
        [
          { source: 'entity', name: 'OrderItemStatus', typeOnly: true },
          { source: 'class-validator', name: 'IsString' },
          { source: 'entity', name: 'ORDER_ITEM_STATUSES' },
          { source: 'swagger', name: 'ApiProperty' },
          { source: 'class-validator', name: 'IsIn' },
          { source: 'validation', name: 'OptionalNotNull' },
          { source: 'class-validator', name: 'IsIn' },
        ],
        names,
        'dto',
      ),
    ).toEqual([
      "import { ApiProperty } from '@nestjs/swagger';",
      "import { IsIn, IsString } from 'class-validator';",
      "import { OptionalNotNull } from '../../../common/validation';",
      "import { ORDER_ITEM_STATUSES, type OrderItemStatus } from '../order-item.entity';",
    ]);
  });
});

describe('fields named like list parameters', () => {
  it.each(['cursor:uuid', 'sort:enum(asc,desc)', 'limit:int(0..100):index', 'include:string(20):index'])(
    '%s gets no list filter (the parameter keeps its meaning) but everything else',
    (spec) => {
      const view = viewOf(spec);

      expect(view.filter).toBeUndefined();
      expect(view.create.declaration).toMatch(/^(cursor|sort|limit|include)!:/);
    },
  );
});

describe('fieldView of a belongs-to relation', () => {
  const modules = { existing: ['customers'], self: 'order-items' };

  function relationViewOf(spec: string): ReturnType<typeof fieldView> {
    const [field] = parseFieldSpec(spec, [], 'new', modules);
    return fieldView(names, field!);
  }

  it('writes the key column, the named foreign key and the index that leads with it', () => {
    const { entity } = relationViewOf('customer:ref(customers)');

    expect(entity.decorator).toBe("@Column({ type: 'uuid' })");
    expect(entity.property).toBe('customerId!: string;');
    expect(entity.constants).toEqual(["export const ORDER_ITEM_CUSTOMER_CONSTRAINT = 'FK_order_items_customer_id';"]);
    expect(entity.classDecorators).toEqual([
      "@Index('IDX_order_items_customer_id_created_at_id', ['customerId', 'createdAt', 'id'])",
    ]);
    expect(entity.relationMembers.slice(1)).toEqual([
      "@ManyToOne(() => CustomerEntity, { nullable: false, onDelete: 'RESTRICT' })",
      "@JoinColumn({ name: 'customer_id', foreignKeyConstraintName: ORDER_ITEM_CUSTOMER_CONSTRAINT })",
      'customer?: CustomerEntity;',
    ]);
    expect(renderImports(entity.imports, names, 'module')).toEqual(["import { CustomerEntity } from '../customers';"]);
  });

  it('names the error after the relation, pointing at the key', () => {
    expect(relationViewOf('approver:ref(customers)?:set-null').relation).toMatchObject({
      relation: 'approver',
      errorClass: 'OrderItemApproverNotFoundError',
      errorCode: 'ORDER_ITEMS_APPROVER_NOT_FOUND',
      constraintConstant: 'ORDER_ITEM_APPROVER_CONSTRAINT',
      capitalTargetWords: 'Customer',
      onDelete: 'set-null',
      self: false,
    });
  });

  it('validates the key as a UUID, optional and nullable with ?, and filters on it', () => {
    const view = relationViewOf('approver:ref(customers)?:set-null');

    expect(view.create.decorators.slice(1)).toEqual(['@IsOptional()', "@IsUUID('all')"]);
    expect(view.create.declaration).toBe('approverId?: string | null;');
    expect(view.filter?.whereSpread).toBe('(filter.approverId !== undefined && { approverId: filter.approverId })');
    expect(view.entity.relationMembers.at(-1)).toBe('approver?: CustomerEntity | null;');
  });

  it('refers to its own entity, without an import, for a self-reference', () => {
    const view = relationViewOf('parent:ref(order-items)?:cascade');

    expect(view.entity.relationMembers).toContain(
      "@ManyToOne(() => OrderItemEntity, { nullable: true, onDelete: 'CASCADE' })",
    );
    expect(view.entity.imports).toEqual([]);
    expect(view.relation?.self).toBe(true);
  });
});
