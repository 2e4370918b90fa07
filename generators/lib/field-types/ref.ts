import { moduleNames, type ModuleNames } from '../names';
import type { OnDeleteAction } from '../relation-spec';
import { type FieldBase, type FieldType, fixed, type ImportNeed, same, validator } from './field-type';

/**
 * `customer:ref(customers)`: a belongs-to relation, generated like the reference's comment → article.
 * The field is the foreign-key property (`customerId`, column `customer_id`), what the API reads and
 * writes; `relation` is the `@ManyToOne` property next to it. The spec is parsed by
 * `relation-spec.ts`, never by the plain field grammar.
 */
export interface RefField extends FieldBase {
  readonly type: 'ref';
  /** `customer`: the `@ManyToOne` property and the name in prose, includes and error codes. */
  readonly relation: string;
  /** The referenced module, kebab-case plural: `customers`. */
  readonly target: string;
  readonly onDelete: OnDeleteAction;
}

/** The referenced module's names. */
export function targetNames(field: RefField): ModuleNames {
  return moduleNames(field.target);
}

/** A self-reference (`parent:ref(categories)?` in categories) uses the entity it is declared in. */
export function isSelfReference(names: ModuleNames, field: RefField): boolean {
  return field.target === names.kebabPlural;
}

/** `INVOICE_CUSTOMER_CONSTRAINT`, the entity constant naming the foreign key, as `COMMENT_ARTICLE_CONSTRAINT`. */
export function foreignKeyConstant(names: ModuleNames, field: RefField): string {
  return `${names.constantSingular}_${field.column.replace(/_id$/, '').toUpperCase()}_CONSTRAINT`;
}

/** The referenced entity class, imported from the target module's public surface unless it is this one. */
export function targetEntityImport(names: ModuleNames, field: RefField): ImportNeed[] {
  if (isSelfReference(names, field)) return [];
  return [{ source: 'module', module: field.target, name: targetNames(field).entityClass }];
}

/** `The customer it belongs to`, or `The approver (a customer)` when the relation is named otherwise. */
function belongsToProse(field: RefField): string {
  const target = targetNames(field).wordsSingular;
  const relation = field.relation.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return relation === target ? `The ${target} it belongs to` : `The ${relation} (${target})`;
}

/** What TypeORM and PostgreSQL call the on-delete action. */
export const ON_DELETE_SQL: Readonly<Record<OnDeleteAction, string>> = {
  restrict: 'RESTRICT',
  cascade: 'CASCADE',
  'set-null': 'SET NULL',
};

export const refType: FieldType<RefField> = {
  name: 'ref',
  parseArguments: () => ({
    message: 'a relation names its module',
    hint: 'e.g. customer:ref(customers), customer:ref(customers)?:set-null',
  }),
  // The foreign key is always indexed (filters, joins and the parent's on-delete check use it).
  indexable: false,
  uniqueable: false,
  parseDefault: () => ({ message: 'a relation cannot have a default', hint: 'make it optional with ? instead' }),
  isFilterable: () => true,
  column: () => ({ constants: [], options: ["type: 'uuid'"], tsType: 'string' }),
  // No description here: the property composes its own (`null when omitted…`, the filter's).
  schemaOptions: () => ["type: 'string'", "format: 'uuid'"],
  schemaImports: () => [],
  validators: () => ({ lines: ["@IsUUID('all')"], imports: [validator('IsUUID')] }),
  wireType: () => 'string',
  responseSchema: (_names, field) => ({
    options: ["type: 'string'", "format: 'uuid'", `description: '${belongsToProse(field)}'`],
    imports: [],
  }),
  sample: () => same("'0b9e6a3e-8f2b-4c57-9a0e-2f4b1c7d5e6f'"),
  // The generated e2e spec creates the parent first and holds its id in a variable of this name;
  // an optional relation starts empty.
  factoryValue: (field) => fixed(field.nullable ? 'null' : field.name),
  alternative: (field) => fixed(field.nullable ? 'null' : field.name),
  invalidValues: () => ["'not-a-uuid'", '42'],
  boundaryValues: () => [],
  invalidQueryText: 'not-a-value',
};
