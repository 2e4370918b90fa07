import pluralize from 'pluralize';
import { capitalize, type ModuleNames, toSnakeCase } from '../names';
import type { FieldDefinition } from './index';

/**
 * The contract every field type of the spec grammar implements, one module per type
 * (`generators/lib/field-types/<type>.ts`), registered in `./index.ts`. A type owns what differs
 * between types: its arguments and defaults in the grammar, its column, its DTO validators and
 * OpenAPI schema, its filter, its factory and test values. What every field shares (presence,
 * nullability, defaults as constants, unique constraints and indexes) is composed around it by
 * `field-views.ts`, so adding a type is adding one file and one registry entry.
 */
export interface FieldType<F extends FieldDefinition = FieldDefinition> {
  readonly name: F['type'];
  /** `(…)` of the spec (undefined when absent) → the type-specific half of the definition. */
  parseArguments(args: string | undefined): TypedPart<F> | Complaint;
  /** Whether `:index` (and `:unique`, unless `uniqueable` is false) are allowed. */
  readonly indexable: boolean;
  /** A unique boolean or enum would allow only as many rows as it has values. */
  readonly uniqueable: boolean;
  /** Checks `=default` (unquoted `value`, `raw` as typed); the unique check happens before. */
  parseDefault(field: F, value: string, raw: string): FieldDefault | Complaint;
  /** A default of the right shape for a hint; the developer picks the real value. */
  exampleDefault?(field: F): string;
  /** A required field that, omitted, is stored empty (lists): never required, no backfill. */
  readonly emptyWhenOmitted?: boolean;
  /** Whether the module's list route filters on it (exact matches that are cheap or indexed). */
  isFilterable(field: F): boolean;
  /** Whether the type admits a single value besides null (a one-value enum): two such values are always equal. */
  hasOneValue?(field: F): boolean;
  /** Why not (types that are not always filterable), for `endpoint --query`, which reuses the recipes. */
  notFilterableReason?(field: F): string;
  /** Column options (without nullability and default), the constants they use, the property type. */
  column(names: ModuleNames, field: F): ColumnParts;
  /** Enum defaults are typed with the union; other literals infer their type. */
  readonly typedDefaultConstant?: boolean;
  /** A default as PostgreSQL returns it, when that differs from the literal typed. */
  defaultLiteral?(field: F, value: Exclude<FieldDefault, { kind: 'now' }>): string | undefined;
  /** The OpenAPI type facts of a request property, without presence, nullability or examples. */
  schemaOptions(names: ModuleNames, field: F): string[];
  /** The entity constants the schema options and validators refer to. */
  schemaImports(names: ModuleNames, field: F): ImportNeed[];
  /** Type and content validators, after the presence decorator. */
  validators(names: ModuleNames, field: F): Validators;
  /** Query strings carry text: the strict conversion before validation, for numbers and booleans. */
  readonly queryConversion?: Validators;
  /** The TypeScript type in DTOs: what JSON carries. */
  wireType(names: ModuleNames, field: F): string;
  /** Imports the wire type needs in DTOs (beyond the schema's). */
  wireImports?(names: ModuleNames, field: F): ImportNeed[];
  /** Responses describe the shape only; limits belong to the request schema. */
  responseSchema(names: ModuleNames, field: F): SchemaParts;
  /** Imports of the repository's filter member. */
  filterImports?(names: ModuleNames, field: F): ImportNeed[];
  /** Names the module's `index.ts` re-exports for the field (enum values and type). */
  publicExports?(names: ModuleNames, field: F): ImportNeed[];
  /** Entity → response, when the wire shape differs from the entity's (`value` reads the property). */
  mapperExpression?(field: F, value: string): string;
  /** The value the service inserts from `dto.<name>` (`value`), when not the generic recipe. */
  insertExpression?(names: ModuleNames, field: F, value: string): string | undefined;
  /** The value the service writes on update from `dto.<name>`, known not to be undefined. */
  changeExpression?(field: F, value: string): string;
  /** A fixed sample value in each layer's shape. */
  sample(field: F): SampleView;
  /** A valid create value for a field that is not unique; the sample when absent. */
  factoryValue?(field: F): ExpressionView;
  /** A valid create value that differs on every call (types that can be unique). */
  uniqueFactoryValue?(names: ModuleNames, field: F): ExpressionView;
  /** A valid value different from the factory's, for update tests (not unique fields). */
  alternative(field: F, factory: ExpressionView): ExpressionView;
  /** Values the API must reject, besides null on a required field. */
  invalidValues(field: F): string[];
  /** Values the API must accept unchanged, besides null on a nullable field. */
  boundaryValues(field: F): string[];
  /** Whether the OpenAPI contract spec lists the column among the length-limited ones. */
  readonly lengthLimited?: boolean;
  /** Query text the filter must reject. */
  readonly invalidQueryText: string;
}

/** Fields the grammar shares across types. */
export interface FieldBase {
  /** camelCase property name. */
  readonly name: string;
  /** snake_case column name, as the naming strategy derives it. */
  readonly column: string;
  /** `?`: the property may be omitted on create and the column is nullable. */
  readonly nullable: boolean;
  readonly unique: boolean;
  readonly indexed: boolean;
  readonly default?: FieldDefault;
}

export type FieldDefault =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'decimal'; readonly value: string }
  | { readonly kind: 'boolean'; readonly value: boolean }
  | { readonly kind: 'now' };

/** The type-specific half of a definition. */
export type TypedPart<F extends FieldDefinition> = Omit<F, keyof FieldBase>;

export interface Complaint {
  readonly message: string;
  readonly hint?: string;
}

/** Bounds the spec grammar enforces; documented in docs/generators.md. */
export const LIMITS = {
  defaultStringLength: 255,
  maxStringLength: 10_000,
  defaultTextLength: 10_000,
  maxTextLength: 1_000_000,
  defaultDecimal: { precision: 12, scale: 2 },
  maxDecimalPrecision: 38,
  int32: { min: -2_147_483_648, max: 2_147_483_647 },
  arrayMaxItems: 100,
  maxEnumValues: 50,
  /** PostgreSQL truncates identifiers at 63 bytes; generated index names add a prefix. */
  maxColumnNameLength: 40,
} as const;

/** Where an import comes from; `moduleSpecifier` turns it into a path for a given file. */
export type ImportSource =
  | 'swagger'
  | 'class-validator'
  | 'validation'
  | 'pagination'
  | 'types'
  | 'entity'
  | 'crypto'
  | 'module'
  | 'common-dto'
  | 'module-file';

export interface ImportNeed {
  readonly source: ImportSource;
  readonly name: string;
  readonly typeOnly?: boolean;
  /**
   * With source `module`: the other module (kebab-case plural) whose public surface exports the name;
   * with `module-file`: a file of the module's own folder, without extension (`product-label.entity`).
   */
  readonly module?: string;
}

export interface Validators {
  readonly lines: readonly string[];
  readonly imports: readonly ImportNeed[];
}

export interface SchemaParts {
  readonly options: readonly string[];
  readonly imports: readonly ImportNeed[];
}

export interface ColumnParts {
  readonly options: readonly string[];
  readonly constants: readonly string[];
  readonly tsType: string;
  /** Imports of the entity file (the JSON type). */
  readonly imports?: readonly ImportNeed[];
}

/** A TypeScript expression plus what it needs, for factories and tests. */
export interface ExpressionView {
  readonly expression: string;
  readonly imports: readonly ImportNeed[];
  /** Whether the expression reads the factory's `sequence` counter. */
  readonly usesSequence: boolean;
}

/** Fixed sample values, each in the shape one layer holds; the response shape equals the request shape. */
export interface SampleView {
  /** As sent in a request body and returned in a response (canonical: what PostgreSQL returns). */
  readonly wire: string;
  /** As the entity holds it (a Date for datetime fields). */
  readonly entity: string;
}

// ---------------------------------------------------------------------------------------------
// Helpers the type modules share

/** Larger string limits make boundary payloads too big to be worth sending in every test run. */
export const MAX_BOUNDARY_TEST_LENGTH = 10_000;
/** A fixed instant for samples: timestamps in tests read better than random ones. */
export const SAMPLE_TIMESTAMP = '2026-01-31T12:00:00.000Z';

export const JSON_OBJECT_IMPORT: ImportNeed = { source: 'types', name: 'JsonObject', typeOnly: true };

export function entityImport(name: string, typeOnly = false): ImportNeed {
  return { source: 'entity', name, ...(typeOnly ? { typeOnly } : {}) };
}

export function validator(name: string): ImportNeed {
  return { source: 'class-validator', name };
}

/** A decorator of `common/validation`. */
export function common(name: string): ImportNeed {
  return { source: 'validation', name };
}

export function cryptoImport(name: string): ImportNeed {
  return { source: 'crypto', name };
}

export function fixed(expression: string): ExpressionView {
  return { expression, imports: [], usesSequence: false };
}

export function sequenced(expression: string): ExpressionView {
  return { expression, imports: [], usesSequence: true };
}

export function same(wire: string): SampleView {
  return { wire, entity: wire };
}

/** Types without arguments: `uuid`, not `uuid(…)`. */
export function noArguments<F extends FieldDefinition>(
  type: F['type'],
  args: string | undefined,
): TypedPart<F> | Complaint {
  if (args !== undefined) return { message: `${type} takes no arguments`, hint: `write just ${type}` };
  return { type } as TypedPart<F>;
}

/** `json` and lists: a default would be a shared mutable literal, and rows start empty or null anyway. */
export function noDefault(field: FieldDefinition): Complaint {
  return { message: `${field.type} fields cannot have a default`, hint: 'make the field optional with ? instead' };
}

export function noExactFilter(field: FieldDefinition): string {
  return `${field.name}: ${field.type} fields have no exact-match filter`;
}

export function filterWhenIndexed(field: FieldDefinition): string {
  return `${field.name}: ${field.type} fields filter only when indexed or unique (:index, :unique)`;
}

export function parseBound(args: string | undefined, fallback: number, min: number, max: number): number | undefined {
  if (args === undefined) return fallback;
  const trimmed = args.trim();
  if (!/^\d+$/.test(trimmed)) return undefined;
  const value = Number(trimmed);
  return value >= min && value <= max ? value : undefined;
}

export function constantPrefix(names: ModuleNames, field: FieldDefinition): string {
  return `${names.constantSingular}_${toSnakeCase(field.name).toUpperCase()}`;
}

/** `INVOICE_STATUSES`: the plural of the field, as the reference module names `ARTICLE_STATUSES`. */
export function enumValuesConstant(names: ModuleNames, field: FieldDefinition): string {
  return `${names.constantSingular}_${toSnakeCase(pluralize.plural(field.name)).toUpperCase()}`;
}

/** `InvoiceStatus`. */
export function enumTypeName(names: ModuleNames, field: FieldDefinition): string {
  return `${names.pascalSingular}${capitalize(field.name)}`;
}

/** `INVOICE_DEFAULT_STATUS`, as the reference module names `ARTICLE_DEFAULT_STATUS`. */
export function defaultConstant(names: ModuleNames, field: FieldDefinition): string {
  return `${names.constantSingular}_DEFAULT_${toSnakeCase(field.name).toUpperCase()}`;
}

export const maxLengthConstant = (names: ModuleNames, field: FieldDefinition): string =>
  `${constantPrefix(names, field)}_MAX_LENGTH`;
export const maxCountConstant = (names: ModuleNames, field: FieldDefinition): string =>
  `${constantPrefix(names, field)}_MAX_COUNT`;
export const itemMaxLengthConstant = (names: ModuleNames, field: FieldDefinition): string =>
  `${constantPrefix(names, field)}_ITEM_MAX_LENGTH`;
export const minConstant = (names: ModuleNames, field: FieldDefinition): string =>
  `${constantPrefix(names, field)}_MIN`;
export const maxConstant = (names: ModuleNames, field: FieldDefinition): string =>
  `${constantPrefix(names, field)}_MAX`;
export const patternConstant = (names: ModuleNames, field: FieldDefinition): string =>
  `${constantPrefix(names, field)}_PATTERN`;
export const constraintConstant = (names: ModuleNames, field: FieldDefinition): string =>
  `${constantPrefix(names, field)}_CONSTRAINT`;

/** `dueAt` → `due at`. */
export function fieldWords(field: Pick<FieldDefinition, 'name'>): string {
  return field.name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
}

export function fitText(text: string, maxLength: number): string {
  return Array.from(text).slice(0, maxLength).join('');
}

export function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}

export function stringLiteral(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** Large limits read better with separators: 100_000 rather than 100000. */
export function numberLiteral(value: number): string {
  return Math.abs(value) >= 10_000 ? value.toLocaleString('en-US').replace(/,/g, '_') : String(value);
}
