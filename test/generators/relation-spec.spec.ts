import { FieldSpecError, parseFieldSpec, parseModuleSpec } from '../../generators/lib/field-spec';
import { isRelationToken, parseRelation } from '../../generators/lib/relation-spec';

const MODULES = ['articles', 'comments', 'customers', 'topics'];

function relationOf(text: string, self = 'invoices'): unknown {
  const result = parseRelation(text, MODULES, self);
  if ('problems' in result) throw new Error(result.problems.map((problem) => problem.message).join('; '));
  return result.relation;
}

function problemsOf(text: string, self = 'invoices'): string[] {
  const result = parseRelation(text, MODULES, self);
  if (!('problems' in result)) throw new Error(`expected "${text}" to be refused`);
  return result.problems.map((problem) => `${problem.message}${problem.hint ? ` | ${problem.hint}` : ''}`);
}

describe(parseRelation.name, () => {
  it('reads a required belongs-to, RESTRICT by default', () => {
    expect(relationOf('customer:ref(customers)')).toEqual({
      kind: 'ref',
      name: 'customer',
      foreignKey: 'customerId',
      target: 'customers',
      nullable: false,
      onDelete: 'restrict',
    });
  });

  it.each([
    ['customer:ref(customers)?', { nullable: true, onDelete: 'restrict' }],
    ['customer:ref(customers):cascade', { nullable: false, onDelete: 'cascade' }],
    ['customer:ref(customers)?:set-null', { nullable: true, onDelete: 'set-null' }],
    ['customer:ref(customers)?:restrict', { nullable: true, onDelete: 'restrict' }],
  ])('reads %s', (text, expected) => {
    expect(relationOf(text)).toMatchObject(expected);
  });

  it('accepts a self-reference to the module being generated', () => {
    expect(relationOf('parent:ref(categories)?', 'categories')).toMatchObject({ target: 'categories', nullable: true });
  });

  it('reads a many-to-many with its id list and filter names', () => {
    expect(relationOf('labels:refs(topics)')).toEqual({
      kind: 'refs',
      name: 'labels',
      idsProperty: 'labelIds',
      filterParameter: 'labelId',
      target: 'topics',
    });
  });

  it.each([
    [
      'customer:ref(clients)',
      /module "clients" does not exist \| modules: articles, comments, customers, invoices, topics/,
    ],
    ['customer:ref(customer)', /did you mean customers\?/],
    ['customer:ref(Customers)', /not a module name/],
    ['customer:ref(customers):set-null', /set-null needs an optional relation/],
    ['customer:ref(customers)?:nullify', /unknown on-delete action "nullify"/],
    ['customer:ref(customers):cascade:restrict', /at most one on-delete action/],
    ['labels:refs(topics)?', /never null/],
    ['labels:refs(topics):cascade', /no on-delete action/],
    ['Customer:ref(customers)', /not camelCase/],
  ])('refuses %s', (text, message) => {
    expect(problemsOf(text).join('\n')).toMatch(message);
  });
});

describe(isRelationToken.name, () => {
  it.each([
    ['customer:ref(customers)', true],
    ['labels:refs(labels)', true],
    ['reference:string(40)', false],
    ['refs:int', false],
  ])('%s → %s', (text, expected) => {
    expect(isRelationToken(text)).toBe(expected);
  });
});

describe('relations in a field spec', () => {
  const modules = { existing: MODULES, self: 'invoices' };

  function messageOf(spec: string, targets: typeof modules | null = modules): string {
    try {
      parseFieldSpec(spec, [], 'new', targets ?? undefined);
    } catch (error) {
      if (error instanceof FieldSpecError) return error.message;
      throw error;
    }
    throw new Error(`expected "${spec}" to be refused`);
  }

  it('points at an unknown target and lists the modules', () => {
    const message = messageOf('total:decimal customer:ref(clients)');

    expect(message).toContain('column 15, "customer:ref(clients)": module "clients" does not exist');
    expect(message).toContain('modules: articles, comments, customers, invoices, topics');
  });

  it('turns a belongs-to into its foreign-key field, indexed, with the relation beside it', () => {
    expect(parseFieldSpec('approver:ref(customers)?:set-null', [], 'new', modules)).toEqual([
      {
        type: 'ref',
        name: 'approverId',
        column: 'approver_id',
        nullable: true,
        unique: false,
        indexed: true,
        relation: 'approver',
        target: 'customers',
        onDelete: 'set-null',
      },
    ]);
  });

  it.each([
    ['order:ref(customers) user:ref(customers)? group:ref(invoices)?', ['orderId', 'userId', 'groupId']],
    ['parent:ref(invoices)?:cascade', ['parentId']],
  ])('accepts reserved words and self-references: %s', (spec, names) => {
    expect(parseFieldSpec(spec, [], 'new', modules).map((field) => field.name)).toEqual(names);
  });

  it.each([
    [
      'parent:ref(invoices)',
      /a required self-reference leaves no way to create the first row[\s\S]*parent:ref\(invoices\)\?/,
    ],
    ['customer:ref(customers) customerId:uuid', /field "customerId" is declared twice/],
    ['customer:string customer:ref(customers)', /"customer" is already a field name/],
    ['constructor:ref(customers)', /member of every JavaScript object/],
    ['customer:ref(customers)=x', /not a relation|unknown on-delete action/],
    [
      'labels:refs(topics)',
      /many-to-many relation is not a column[\s\S]*field <module> --fields "labels:refs\(topics\)"/,
    ],
  ])('refuses %s', (spec, message) => {
    expect(messageOf(spec)).toMatch(message);
  });

  it('accepts an optional relation on an existing table: existing rows start without one', () => {
    expect(parseFieldSpec('customer:ref(customers)?:set-null', [], 'existing', modules)).toMatchObject([
      { name: 'customerId', nullable: true, onDelete: 'set-null' },
    ]);
  });

  it('refuses a required relation on an existing table, saying what to do instead', () => {
    expect(() => parseFieldSpec('customer:ref(customers):cascade', [], 'existing', modules)).toThrow(
      /required relation "customer" cannot be added[\s\S]*customer:ref\(customers\)\?:cascade\), set customerId on every row/,
    );
  });

  it('refuses a relation where no module context exists (an endpoint body)', () => {
    expect(messageOf('customer:ref(customers)', null)).toMatch(/a relation cannot be used here/);
  });
});

describe(parseModuleSpec.name, () => {
  const modules = { existing: MODULES, self: 'invoices' };

  function messageOf(spec: string): string {
    try {
      parseModuleSpec(spec, modules);
    } catch (error) {
      if (error instanceof FieldSpecError) return error.message;
      throw error;
    }
    throw new Error(`expected "${spec}" to be refused`);
  }

  it('keeps many-to-many relations apart from the columns', () => {
    expect(parseModuleSpec('total:decimal labels:refs(topics) related:refs(invoices)', modules)).toEqual({
      fields: [expect.objectContaining({ name: 'total', type: 'decimal' })],
      lists: [
        {
          type: 'refs',
          name: 'labels',
          singular: 'label',
          idsProperty: 'labelIds',
          filterParameter: 'labelId',
          target: 'topics',
        },
        {
          type: 'refs',
          name: 'related',
          singular: 'related',
          idsProperty: 'relatedIds',
          filterParameter: 'relatedId',
          target: 'invoices',
        },
      ],
    });
  });

  it.each([
    ['labels:refs(topics)', /needs at least one column besides its many-to-many relations/],
    [
      'total:decimal invoices:refs(invoices)',
      /would name both keys of the join table invoiceId[\s\S]*related:refs\(invoices\)/,
    ],
    ['total:decimal labels:refs(clients)', /module "clients" does not exist[\s\S]*modules: articles, comments/],
    ['labelIds:string[] labels:refs(topics)', /"labelIds" is already a field name/],
    ['total:decimal labels:refs(topics) labels:refs(articles)', /"labels" is already a field name/],
  ])('refuses %s', (spec, message) => {
    expect(messageOf(spec)).toMatch(message);
  });
});
