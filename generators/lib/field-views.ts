import pluralize from 'pluralize';
import { canonicalDecimal } from '../../src/common/validation/canonical-decimal.transformer';
import { type FieldDefault, type FieldDefinition, decimalPattern } from './field-spec';
import { capitalize, type ModuleNames, toSnakeCase } from './names';

/**
 * Everything a generated module says about one field, as source text, computed here so templates
 * stay declarative and the `field` generator can add the same text to an existing module.
 * Every function is pure: same names and field in, same strings out.
 */

/** Where an import comes from; `moduleSpecifier` turns it into a path for a given file. */
export type ImportSource = 'swagger' | 'class-validator' | 'validation' | 'pagination' | 'types' | 'entity' | 'crypto';

export interface ImportNeed {
  readonly source: ImportSource;
  readonly name: string;
  readonly typeOnly?: boolean;
}

/** The generated files that import per-field names, by folder depth. */
export type FileLocation = 'module' | 'dto' | 'test';

export interface PropertyView {
  /** Decorator lines in order: OpenAPI, presence, type, content, size. */
  readonly decorators: readonly string[];
  /** `title!: string;` */
  readonly declaration: string;
  readonly imports: readonly ImportNeed[];
}

export interface FilterView {
  /** The query-DTO property. */
  readonly property: PropertyView;
  /** The repository filter interface member: `readonly status?: InvoiceStatus;` */
  readonly filterMember: string;
  /** Imports of the repository for `filterMember` (types from the entity). */
  readonly filterImports: readonly ImportNeed[];
  /**
   * The member's spread in the repository's `FindOptionsWhere` literal, absent when the member is
   * undefined (TypeORM refuses undefined values): `(filter.status !== undefined && { status: filter.status })`.
   */
  readonly whereSpread: string;
  /** A statement of a query-builder count (`countFor…`), with `query` the builder and `filter` the filter object. */
  readonly countCondition: string;
}

export interface EntityColumnView {
  /** `export const …` lines shared by the column, the validators and the OpenAPI schema. */
  readonly constants: readonly string[];
  /** Class-level decorators (named unique constraints, indexes). */
  readonly classDecorators: readonly string[];
  readonly decorator: string;
  readonly property: string;
  readonly tsType: string;
  /** Names the entity file imports from typeorm for this field. */
  readonly typeormImports: readonly string[];
  /** Other imports of the entity file for this field (the JSON type). */
  readonly imports: readonly ImportNeed[];
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

/** A field whose unique constraint the repository maps to a 409. */
export interface UniqueView {
  /** `INVOICE_NUMBER_CONSTRAINT`, exported by the entity. */
  readonly constraintConstant: string;
  /** `InvoiceNumberTakenError`. */
  readonly errorClass: string;
  /** `INVOICES_NUMBER_TAKEN`. */
  readonly errorCode: string;
  /** `Another invoice already has this number.` */
  readonly message: string;
}

export interface FieldView {
  readonly name: string;
  /** `due at`: the name in prose. */
  readonly words: string;
  readonly nullable: boolean;
  /** Required on create: neither nullable, nor defaulted, nor a list (lists default to empty). */
  readonly required: boolean;
  readonly entity: EntityColumnView;
  readonly create: PropertyView;
  /** The property of an `endpoint --body` DTO: see `actionProperty`. */
  readonly action: PropertyView;
  readonly response: PropertyView;
  readonly filter?: FilterView;
  readonly unique?: UniqueView;
  /** Entity → response DTO, reading the entity from `variable`. */
  readonly mapperExpression: string;
  /** The value the service inserts, from `dto` (the create DTO). */
  readonly insertExpression: string;
  /** Entity constants `insertExpression` uses (a default). */
  readonly insertImports: readonly ImportNeed[];
  /** The value the service writes on update, from `dto.<name>` known not to be undefined. */
  readonly changeExpression: string;
  /**
   * What the service inserts when the field is omitted on create, as the entity holds it;
   * `NOW` stands for the current time (tests freeze it). Undefined for required fields.
   */
  readonly omittedEntityValue?: string;
  /** The same as the API returns it; undefined when it is the current time or required. */
  readonly omittedWireValue?: string;
  /** A valid create value; unique per call for unique fields. */
  readonly factory: ExpressionView;
  /** A valid value different from the factory's, for update tests. */
  readonly alternative: ExpressionView;
  readonly sample: SampleView;
  /** Values the API must reject with a pointer to this field. */
  readonly invalidValues: readonly string[];
  /** Values the API must accept and return unchanged: length, range and null edges, every enum value. */
  readonly boundaryValues: readonly string[];
}

/** Larger string limits make boundary payloads too big to be worth sending in every test run. */
const MAX_BOUNDARY_TEST_LENGTH = 10_000;
/** A fixed instant for samples: timestamps in tests read better than random ones. */
const SAMPLE_TIMESTAMP = '2026-01-31T12:00:00.000Z';

export function fieldView(names: ModuleNames, field: FieldDefinition): FieldView {
  const factory = factoryValue(names, field);
  const filter = filterView(names, field);
  const unique = uniqueView(names, field);
  const omitted = omittedValues(names, field);
  return {
    name: field.name,
    words: fieldWords(field),
    nullable: field.nullable,
    required: isRequired(field),
    entity: entityColumnView(names, field),
    create: createProperty(names, field),
    action: actionProperty(names, field),
    response: responseProperty(names, field),
    ...(filter ? { filter } : {}),
    ...(unique ? { unique } : {}),
    mapperExpression: mapperExpression(field, names.camelSingular),
    insertExpression: insertExpression(names, field),
    insertImports: field.default && field.default.kind !== 'now' ? [entityImport(defaultConstant(names, field))] : [],
    changeExpression: changeExpression(field),
    ...omitted,
    factory,
    alternative: alternativeValue(names, field, factory),
    sample: sampleValue(field),
    invalidValues: invalidValues(field),
    boundaryValues: boundaryValues(field),
  };
}

/** Fields a module's list route filters on: exact matches that are cheap or indexed. */
export function isFilterable(field: FieldDefinition): boolean {
  switch (field.type) {
    case 'enum':
    case 'boolean':
    case 'uuid':
      return true;
    case 'int':
      // Query integers are unsigned by design (decision 0101): a range below zero has no filter.
      return (field.indexed || field.unique) && field.min >= 0;
    case 'string':
    case 'text':
    case 'decimal':
    case 'date':
      return field.indexed || field.unique;
    case 'datetime':
    case 'json':
    case 'string[]':
      return false;
  }
}

export function isRequired(field: FieldDefinition): boolean {
  return !field.nullable && field.default === undefined && field.type !== 'string[]';
}

/** `import …` lines, packages first, names sorted the way the reference module sorts them. */
export function renderImports(needs: readonly ImportNeed[], names: ModuleNames, location: FileLocation): string[] {
  const bySpecifier = new Map<string, Map<string, boolean>>();
  for (const need of needs) {
    const specifier = moduleSpecifier(need.source, names, location);
    const imported = bySpecifier.get(specifier) ?? new Map<string, boolean>();
    // A name imported as a value anywhere must not be type-only.
    imported.set(need.name, (imported.get(need.name) ?? true) && need.typeOnly === true);
    bySpecifier.set(specifier, imported);
  }
  return [...bySpecifier.entries()]
    .sort(([left], [right]) => compareSpecifiers(left, right))
    .map(([specifier, imported]) => {
      const sorted = [...imported.entries()].sort(([left], [right]) => left.localeCompare(right, 'en'));
      if (sorted.every(([, typeOnly]) => typeOnly)) {
        return `import type { ${sorted.map(([name]) => name).join(', ')} } from '${specifier}';`;
      }
      const list = sorted.map(([name, typeOnly]) => (typeOnly ? `type ${name}` : name));
      return `import { ${list.join(', ')} } from '${specifier}';`;
    });
}

export function moduleSpecifier(source: ImportSource, names: ModuleNames, location: FileLocation): string {
  switch (source) {
    case 'swagger':
      return '@nestjs/swagger';
    case 'class-validator':
      return 'class-validator';
    case 'crypto':
      return 'node:crypto';
    case 'validation':
      return {
        module: '../../common/validation',
        dto: '../../../common/validation',
        test: '../../src/common/validation',
      }[location];
    case 'types':
      return { module: '../../common/types', dto: '../../../common/types', test: '../../src/common/types' }[location];
    case 'pagination':
      return {
        module: '../../common/pagination',
        dto: '../../../common/pagination',
        test: '../../src/common/pagination',
      }[location];
    case 'entity':
      return {
        module: `./${names.kebabSingular}.entity`,
        dto: `../${names.kebabSingular}.entity`,
        test: `../../src/modules/${names.kebabPlural}/${names.kebabSingular}.entity`,
      }[location];
  }
}

function compareSpecifiers(left: string, right: string): number {
  const relative = (specifier: string): number => (specifier.startsWith('.') ? 1 : 0);
  return relative(left) - relative(right) || (left < right ? -1 : left > right ? 1 : 0);
}

// ---------------------------------------------------------------------------------------------
// Constants the entity exports for a field

function constantPrefix(names: ModuleNames, field: FieldDefinition): string {
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

const maxLengthConstant = (names: ModuleNames, field: FieldDefinition): string =>
  `${constantPrefix(names, field)}_MAX_LENGTH`;
const maxCountConstant = (names: ModuleNames, field: FieldDefinition): string =>
  `${constantPrefix(names, field)}_MAX_COUNT`;
const itemMaxLengthConstant = (names: ModuleNames, field: FieldDefinition): string =>
  `${constantPrefix(names, field)}_ITEM_MAX_LENGTH`;
const minConstant = (names: ModuleNames, field: FieldDefinition): string => `${constantPrefix(names, field)}_MIN`;
const maxConstant = (names: ModuleNames, field: FieldDefinition): string => `${constantPrefix(names, field)}_MAX`;
const patternConstant = (names: ModuleNames, field: FieldDefinition): string =>
  `${constantPrefix(names, field)}_PATTERN`;
const constraintConstant = (names: ModuleNames, field: FieldDefinition): string =>
  `${constantPrefix(names, field)}_CONSTRAINT`;

const JSON_OBJECT_IMPORT: ImportNeed = { source: 'types', name: 'JsonObject', typeOnly: true };

function entityImport(name: string, typeOnly = false): ImportNeed {
  return { source: 'entity', name, ...(typeOnly ? { typeOnly } : {}) };
}

// ---------------------------------------------------------------------------------------------
// Entity column

export function entityColumnView(names: ModuleNames, field: FieldDefinition): EntityColumnView {
  const options: string[] = [];
  const constants: string[] = [];
  let tsType: string;
  switch (field.type) {
    case 'string':
      constants.push(`export const ${maxLengthConstant(names, field)} = ${numberLiteral(field.maxLength)};`);
      options.push("type: 'varchar'", `length: ${maxLengthConstant(names, field)}`);
      tsType = 'string';
      break;
    case 'text':
      constants.push(`export const ${maxLengthConstant(names, field)} = ${numberLiteral(field.maxLength)};`);
      options.push("type: 'text'");
      tsType = 'string';
      break;
    case 'string[]':
      constants.push(`export const ${maxCountConstant(names, field)} = ${numberLiteral(field.maxItems)};`);
      constants.push(`export const ${itemMaxLengthConstant(names, field)} = ${numberLiteral(field.maxLength)};`);
      options.push("type: 'varchar'", `length: ${itemMaxLengthConstant(names, field)}`, 'array: true');
      // A required list starts empty rather than forcing every client to send [].
      if (!field.nullable) options.push(`default: () => "'{}'"`);
      tsType = 'string[]';
      break;
    case 'int':
      constants.push(
        `export const ${minConstant(names, field)} = ${numberLiteral(field.min)};`,
        `export const ${maxConstant(names, field)} = ${numberLiteral(field.max)};`,
      );
      options.push("type: 'integer'");
      tsType = 'number';
      break;
    case 'decimal':
      constants.push(
        `/** numeric(${field.precision},${field.scale}) as text: at most ${field.precision - field.scale} digits before the point and ${field.scale} after. */`,
        `export const ${patternConstant(names, field)} = ${decimalPattern(field.precision, field.scale).toString()};`,
      );
      options.push("type: 'numeric'", `precision: ${field.precision}`, `scale: ${field.scale}`);
      // node-postgres returns numeric as a string: a JavaScript number would lose digits.
      tsType = 'string';
      break;
    case 'boolean':
      options.push("type: 'boolean'");
      tsType = 'boolean';
      break;
    case 'date':
      options.push("type: 'date'");
      tsType = 'string';
      break;
    case 'datetime':
      options.push("type: 'timestamptz'", 'precision: TIMESTAMP_PRECISION');
      tsType = 'Date';
      break;
    case 'uuid':
      options.push("type: 'uuid'");
      tsType = 'string';
      break;
    case 'json':
      options.push("type: 'jsonb'");
      tsType = 'JsonObject';
      break;
    case 'enum': {
      const valuesConstant = enumValuesConstant(names, field);
      constants.push(
        `export const ${valuesConstant} = [${field.values.map((value) => `'${value}'`).join(', ')}] as const;`,
        `export type ${enumTypeName(names, field)} = (typeof ${valuesConstant})[number];`,
      );
      options.push(
        "type: 'enum'",
        `enum: ${valuesConstant}`,
        `enumName: '${names.constantSingular.toLowerCase()}_${field.column}'`,
      );
      tsType = enumTypeName(names, field);
      break;
    }
  }
  if (field.nullable) options.push('nullable: true');
  if (field.default) {
    if (field.default.kind === 'now') {
      options.push(`default: () => 'now()'`);
    } else {
      // Enum defaults are typed with the union; other literals infer their type.
      const annotation = field.type === 'enum' ? `: ${tsType}` : '';
      constants.push(
        `export const ${defaultConstant(names, field)}${annotation} = ${defaultLiteral(field, field.default)};`,
      );
      options.push(`default: ${defaultConstant(names, field)}`);
    }
  }

  const classDecorators: string[] = [];
  const typeormImports = ['Column'];
  if (field.unique) {
    constants.push(`export const ${constraintConstant(names, field)} = 'UQ_${names.table}_${field.column}';`);
    classDecorators.push(`@Unique(${constraintConstant(names, field)}, ['${field.name}'])`);
    typeormImports.push('Unique');
  }
  if (field.indexed) {
    classDecorators.push(`@Index('IDX_${names.table}_${field.column}', ['${field.name}'])`);
    typeormImports.push('Index');
  }
  const fullType = field.nullable ? `${tsType} | null` : tsType;
  return {
    constants,
    classDecorators,
    decorator: `@Column({ ${options.join(', ')} })`,
    property: `${field.name}!: ${fullType};`,
    tsType: fullType,
    typeormImports,
    imports: field.type === 'json' ? [JSON_OBJECT_IMPORT] : [],
  };
}

/** Defaults as PostgreSQL returns them, so a default reads the same before and after a round trip. */
function defaultLiteral(field: FieldDefinition, value: Exclude<FieldDefault, { kind: 'now' }>): string {
  switch (value.kind) {
    case 'decimal':
      return stringLiteral(String(canonicalDecimal(value.value, field.type === 'decimal' ? field.scale : 0)));
    case 'string':
      return stringLiteral(value.value);
    case 'number':
    case 'boolean':
      return String(value.value);
  }
}

// ---------------------------------------------------------------------------------------------
// DTO properties

/** The OpenAPI type facts of a field, without presence, nullability or examples. */
function schemaOptions(names: ModuleNames, field: FieldDefinition): string[] {
  switch (field.type) {
    case 'string':
    case 'text':
      return ['minLength: 1', `maxLength: ${maxLengthConstant(names, field)}`];
    case 'int':
      return ["type: 'integer'", `minimum: ${minConstant(names, field)}`, `maximum: ${maxConstant(names, field)}`];
    case 'decimal':
      return ["type: 'string'", `pattern: ${patternConstant(names, field)}.source`];
    case 'boolean':
      return ["type: 'boolean'"];
    case 'date':
      return ["type: 'string'", "format: 'date'"];
    case 'datetime':
      return ["type: 'string'", "format: 'date-time'"];
    case 'uuid':
      return ["type: 'string'", "format: 'uuid'"];
    case 'enum':
      return [`enum: ${enumValuesConstant(names, field)}`, `enumName: '${enumTypeName(names, field)}'`];
    case 'json':
      return ["type: 'object'", 'additionalProperties: true'];
    case 'string[]':
      return [
        "type: 'array'",
        `items: { type: 'string', minLength: 1, maxLength: ${itemMaxLengthConstant(names, field)} }`,
        `maxItems: ${maxCountConstant(names, field)}`,
        'uniqueItems: true',
      ];
  }
}

/** The entity constants the schema options and validators of a field refer to. */
function schemaImports(names: ModuleNames, field: FieldDefinition): ImportNeed[] {
  switch (field.type) {
    case 'string':
    case 'text':
      return [entityImport(maxLengthConstant(names, field))];
    case 'int':
      return [entityImport(minConstant(names, field)), entityImport(maxConstant(names, field))];
    case 'decimal':
      return [entityImport(patternConstant(names, field))];
    case 'enum':
      return [entityImport(enumValuesConstant(names, field)), entityImport(enumTypeName(names, field), true)];
    case 'string[]':
      return [entityImport(maxCountConstant(names, field)), entityImport(itemMaxLengthConstant(names, field))];
    case 'boolean':
    case 'date':
    case 'datetime':
    case 'uuid':
    case 'json':
      return [];
  }
}

/** Type and content validators, after the presence decorator. */
function validators(names: ModuleNames, field: FieldDefinition): { lines: string[]; imports: ImportNeed[] } {
  const validator = (name: string): ImportNeed => ({ source: 'class-validator', name });
  const common = (name: string): ImportNeed => ({ source: 'validation', name });
  switch (field.type) {
    case 'string':
    case 'text':
      return {
        lines: ['@IsString()', '@IsStorableText()', `@CodePointLength(1, ${maxLengthConstant(names, field)})`],
        imports: [validator('IsString'), common('IsStorableText'), common('CodePointLength')],
      };
    case 'int':
      return {
        lines: ['@IsInt()', `@Min(${minConstant(names, field)})`, `@Max(${maxConstant(names, field)})`],
        imports: [validator('IsInt'), validator('Min'), validator('Max')],
      };
    case 'decimal':
      return {
        lines: [
          `@CanonicalDecimal(${field.scale})`,
          '@IsString()',
          `@Matches(${patternConstant(names, field)}, { message: '${decimalMessage(field.precision, field.scale)}' })`,
        ],
        imports: [common('CanonicalDecimal'), validator('IsString'), validator('Matches')],
      };
    case 'boolean':
      return { lines: ['@IsBoolean()'], imports: [validator('IsBoolean')] };
    case 'date':
      return { lines: ['@IsIsoDate()'], imports: [common('IsIsoDate')] };
    case 'datetime':
      return { lines: ['@IsIsoTimestamp()'], imports: [common('IsIsoTimestamp')] };
    case 'uuid':
      return { lines: ["@IsUUID('all')"], imports: [validator('IsUUID')] };
    case 'enum':
      return { lines: [`@IsIn(${enumValuesConstant(names, field)})`], imports: [validator('IsIn')] };
    case 'json':
      return { lines: ['@IsStorableJson()'], imports: [common('IsStorableJson')] };
    case 'string[]': {
      // Uniqueness and per-item rules in linear time, skipped on an array over its cap (common/validation).
      const maxCount = maxCountConstant(names, field);
      return {
        lines: [
          '@IsArray()',
          `@ArrayMaxSize(${maxCount})`,
          `@ArrayDistinct(${maxCount})`,
          `@IsString(eachItem(${maxCount}))`,
          `@IsStorableText(eachItem(${maxCount}))`,
          `@CodePointLength(1, ${itemMaxLengthConstant(names, field)}, eachItem(${maxCount}))`,
        ],
        imports: [
          validator('IsArray'),
          validator('ArrayMaxSize'),
          common('ArrayDistinct'),
          common('eachItem'),
          validator('IsString'),
          common('IsStorableText'),
          common('CodePointLength'),
        ],
      };
    }
  }
}

function decimalMessage(precision: number, scale: number): string {
  const integerDigits = precision - scale;
  return scale === 0
    ? `must be a whole number of at most ${integerDigits} digits, written as a string`
    : `must be a decimal number with at most ${integerDigits} digits before the point and ${scale} after, written as a string`;
}

/** The TypeScript type of the field in DTOs: what JSON carries (datetimes are ISO strings). */
function wireType(names: ModuleNames, field: FieldDefinition): string {
  switch (field.type) {
    case 'int':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'enum':
      return enumTypeName(names, field);
    case 'json':
      return 'JsonObject';
    case 'string[]':
      return 'string[]';
    case 'string':
    case 'text':
    case 'decimal':
    case 'date':
    case 'datetime':
    case 'uuid':
      return 'string';
  }
}

function describeOmission(field: FieldDefinition): string | undefined {
  if (field.default?.kind === 'now') return 'the current time when omitted on create';
  if (field.default) return `\`${field.default.value}\` when omitted on create`;
  if (field.nullable) return 'null when omitted on create';
  if (field.type === 'string[]') return 'none when omitted on create';
  return undefined;
}

function createProperty(names: ModuleNames, field: FieldDefinition): PropertyView {
  return requestProperty(names, field, isRequired(field), describeOmission(field));
}

/**
 * An action body sets what it names: every field is required except nullable ones, which may be
 * omitted (left unchanged) or null (cleared). Defaults only matter on create.
 */
function actionProperty(names: ModuleNames, field: FieldDefinition): PropertyView {
  return requestProperty(names, field, !field.nullable, field.nullable ? 'unchanged when omitted' : undefined);
}

function requestProperty(
  names: ModuleNames,
  field: FieldDefinition,
  required: boolean,
  description: string | undefined,
): PropertyView {
  const options = [
    ...(description ? [`description: '${description}'`] : []),
    ...schemaOptions(names, field),
    ...(field.nullable ? ['nullable: true'] : []),
    `example: ${sampleValue(field).wire}`,
  ];
  const typed = validators(names, field);
  const presence = required ? [] : field.nullable ? ['@IsOptional()'] : ['@OptionalNotNull()'];
  const presenceImports: ImportNeed[] = required
    ? []
    : field.nullable
      ? [{ source: 'class-validator', name: 'IsOptional' }]
      : [{ source: 'validation', name: 'OptionalNotNull' }];
  const type = wireType(names, field);
  return {
    decorators: [
      `@${required ? 'ApiProperty' : 'ApiPropertyOptional'}(${objectLiteral(options)})`,
      ...presence,
      ...typed.lines,
    ],
    declaration: required ? `${field.name}!: ${type};` : `${field.name}?: ${type}${field.nullable ? ' | null' : ''};`,
    imports: [
      { source: 'swagger', name: required ? 'ApiProperty' : 'ApiPropertyOptional' },
      ...presenceImports,
      ...typed.imports,
      ...schemaImports(names, field),
      ...(field.type === 'json' ? [JSON_OBJECT_IMPORT] : []),
    ],
  };
}

function responseProperty(names: ModuleNames, field: FieldDefinition): PropertyView {
  const schema = responseSchema(names, field);
  const options = [
    ...schema.options,
    ...(field.nullable ? ['nullable: true'] : []),
    `example: ${sampleValue(field).wire}`,
  ];
  const type = wireType(names, field);
  return {
    decorators: [`@ApiProperty(${objectLiteral(options)})`],
    declaration: `${field.name}!: ${type}${field.nullable ? ' | null' : ''};`,
    imports: [
      { source: 'swagger', name: 'ApiProperty' },
      ...schema.imports,
      ...(field.type === 'json' ? [JSON_OBJECT_IMPORT] : []),
    ],
  };
}

/** Responses describe the shape only; limits belong to the request schema. */
function responseSchema(names: ModuleNames, field: FieldDefinition): { options: string[]; imports: ImportNeed[] } {
  switch (field.type) {
    case 'string':
    case 'text':
      return { options: ["type: 'string'"], imports: [] };
    case 'int':
      return { options: ["type: 'integer'"], imports: [] };
    case 'decimal':
      return {
        options: ["type: 'string'", `description: 'numeric(${field.precision},${field.scale}) as text'`],
        imports: [],
      };
    case 'string[]':
      return { options: ['type: [String]'], imports: [] };
    case 'enum':
      return {
        options: schemaOptions(names, field),
        imports: [entityImport(enumValuesConstant(names, field)), entityImport(enumTypeName(names, field), true)],
      };
    case 'boolean':
    case 'date':
    case 'datetime':
    case 'uuid':
    case 'json':
      return { options: schemaOptions(names, field), imports: [] };
  }
}

function filterView(names: ModuleNames, field: FieldDefinition): FilterView | undefined {
  if (!isFilterable(field)) return undefined;
  const query = queryValidators(names, field);
  const type = wireType(names, field);
  const column = `${names.camelSingular}.${field.name}`;
  return {
    property: {
      decorators: [
        `@ApiPropertyOptional(${objectLiteral([`description: 'Only ${names.wordsPlural} with exactly this ${fieldWords(field)}'`, ...schemaOptions(names, field)])})`,
        '@IsOptional()',
        ...query.lines,
      ],
      declaration: `${field.name}?: ${type};`,
      imports: [
        { source: 'swagger', name: 'ApiPropertyOptional' },
        { source: 'class-validator', name: 'IsOptional' },
        ...query.imports,
        ...schemaImports(names, field),
      ],
    },
    filterMember: `readonly ${field.name}?: ${type};`,
    filterImports: field.type === 'enum' ? [entityImport(enumTypeName(names, field), true)] : [],
    whereSpread: `(filter.${field.name} !== undefined && { ${field.name}: filter.${field.name} })`,
    countCondition: `if (filter.${field.name} !== undefined) query.andWhere('${column} = :${field.name}', { ${field.name}: filter.${field.name} });`,
  };
}

/** Query strings carry text: numbers and booleans are converted strictly before validation. */
function queryValidators(names: ModuleNames, field: FieldDefinition): { lines: string[]; imports: ImportNeed[] } {
  const typed = validators(names, field);
  switch (field.type) {
    case 'int':
      return {
        lines: ['@QueryInteger()', ...typed.lines],
        imports: [{ source: 'validation', name: 'QueryInteger' }, ...typed.imports],
      };
    case 'boolean':
      return {
        lines: ['@QueryBoolean()', ...typed.lines],
        imports: [{ source: 'validation', name: 'QueryBoolean' }, ...typed.imports],
      };
    default:
      return typed;
  }
}

// ---------------------------------------------------------------------------------------------
// Service and mapper expressions

export function mapperExpression(field: FieldDefinition, variable: string): string {
  const value = `${variable}.${field.name}`;
  if (field.type !== 'datetime') return value;
  return field.nullable ? `${value}?.toISOString() ?? null` : `${value}.toISOString()`;
}

function insertExpression(names: ModuleNames, field: FieldDefinition): string {
  const value = `dto.${field.name}`;
  const toDate = (expression: string): string => `new Date(${expression})`;
  if (field.type === 'datetime') {
    if (field.default?.kind === 'now') {
      return field.nullable
        ? `${value} === undefined ? new Date() : ${value} === null ? null : ${toDate(value)}`
        : `${value} === undefined ? new Date() : ${toDate(value)}`;
    }
    return field.nullable ? `${value} === undefined || ${value} === null ? null : ${toDate(value)}` : toDate(value);
  }
  if (field.default) {
    return field.nullable
      ? `${value} === undefined ? ${defaultConstant(names, field)} : ${value}`
      : `${value} ?? ${defaultConstant(names, field)}`;
  }
  if (field.nullable) return `${value} ?? null`;
  if (field.type === 'string[]') return `${value} ?? []`;
  return value;
}

function changeExpression(field: FieldDefinition): string {
  const value = `dto.${field.name}`;
  if (field.type !== 'datetime') return value;
  return field.nullable ? `${value} === null ? null : new Date(${value})` : `new Date(${value})`;
}

function omittedValues(
  names: ModuleNames,
  field: FieldDefinition,
): { omittedEntityValue?: string; omittedWireValue?: string } {
  if (field.default?.kind === 'now') return { omittedEntityValue: 'NOW' };
  if (field.default) {
    const literal = defaultLiteral(field, field.default);
    return { omittedEntityValue: defaultConstant(names, field), omittedWireValue: literal };
  }
  if (field.nullable) return { omittedEntityValue: 'null', omittedWireValue: 'null' };
  if (field.type === 'string[]') return { omittedEntityValue: '[]', omittedWireValue: '[]' };
  return {};
}

// ---------------------------------------------------------------------------------------------
// Errors

function uniqueView(names: ModuleNames, field: FieldDefinition): UniqueView | undefined {
  if (!field.unique) return undefined;
  const snake = toSnakeCase(field.name).toUpperCase();
  return {
    constraintConstant: constraintConstant(names, field),
    errorClass: `${names.pascalSingular}${capitalize(field.name)}TakenError`,
    errorCode: `${names.constantPlural}_${snake}_TAKEN`,
    message: `Another ${names.wordsSingular} already has this ${fieldWords(field)}.`,
  };
}

// ---------------------------------------------------------------------------------------------
// Test values

function sampleValue(field: FieldDefinition): SampleView {
  const same = (wire: string): SampleView => ({ wire, entity: wire });
  switch (field.type) {
    case 'string':
    case 'text':
      return same(stringLiteral(fitText(capitalize(fieldWords(field)), field.maxLength)));
    case 'int':
      return same(String(clamp(1, field.min, field.max)));
    case 'decimal':
      return same(stringLiteral(decimalSample(field.precision, field.scale)));
    case 'boolean':
      return same('true');
    case 'date':
      return same("'2026-01-31'");
    case 'datetime':
      return { wire: `'${SAMPLE_TIMESTAMP}'`, entity: `new Date('${SAMPLE_TIMESTAMP}')` };
    case 'uuid':
      return same("'0b9e6a3e-8f2b-4c57-9a0e-2f4b1c7d5e6f'");
    case 'enum':
      return same(stringLiteral(field.values[0] ?? ''));
    case 'json':
      return same("{ source: 'example' }");
    case 'string[]':
      return same(
        `[${stringLiteral(fitText('one', field.maxLength))}, ${stringLiteral(fitText('two', field.maxLength))}]`,
      );
  }
}

function factoryValue(names: ModuleNames, field: FieldDefinition): ExpressionView {
  const fixed = (expression: string): ExpressionView => ({ expression, imports: [], usesSequence: false });
  if (!field.unique) {
    if (field.type === 'uuid')
      return { expression: 'randomUUID()', imports: [cryptoImport('randomUUID')], usesSequence: false };
    if (field.type === 'string' || field.type === 'text') {
      const label = `${capitalize(fieldWords(field))} number `;
      return label.length + 6 <= field.maxLength
        ? { expression: `\`${label}\${sequence}\``, imports: [], usesSequence: true }
        : fixed(sampleValue(field).wire);
    }
    return fixed(sampleValue(field).wire);
  }
  return uniqueFactoryValue(names, field);
}

/** Unique across calls and test files (random part), so tests never collide unless they mean to. */
function uniqueFactoryValue(names: ModuleNames, field: FieldDefinition): ExpressionView {
  const sequenced = (expression: string): ExpressionView => ({ expression, imports: [], usesSequence: true });
  switch (field.type) {
    case 'string':
    case 'text': {
      const prefix = `${names.kebabSingular}-${sequenceWords(field)}`;
      if (prefix.length + 18 <= field.maxLength) {
        return {
          expression: `\`${prefix}-\${sequence}-\${randomBytes(4).toString('hex')}\``,
          imports: [cryptoImport('randomBytes')],
          usesSequence: true,
        };
      }
      if (field.maxLength >= 8) {
        return {
          expression: `randomBytes(${Math.min(8, Math.floor(field.maxLength / 2))}).toString('hex')`,
          imports: [cryptoImport('randomBytes')],
          usesSequence: false,
        };
      }
      // Too short for a random part that rarely collides: distinct for the first 36^maxLength calls.
      return sequenced('sequence.toString(36)');
    }
    case 'int':
      return sequenced(
        field.min === 0 && field.max >= 1_000_000
          ? 'sequence'
          : `${field.min} + (sequence % ${field.max - field.min + 1})`,
      );
    case 'decimal': {
      const integerDigits = field.precision - field.scale;
      const fraction = field.scale === 0 ? '' : `.${'0'.repeat(field.scale)}`;
      if (integerDigits > 0) {
        return sequenced(`\`\${sequence % ${numberLiteral(10 ** Math.min(integerDigits, 15))}}${fraction}\``);
      }
      // numeric(s,s) holds only fractions: vary the fraction digits.
      const modulus = numberLiteral(10 ** Math.min(field.scale, 15));
      return sequenced(`\`0.\${String(sequence % ${modulus}).padStart(${field.scale}, '0')}\``);
    }
    case 'date':
      return sequenced('new Date(Date.UTC(2026, 0, sequence)).toISOString().slice(0, 10)');
    case 'datetime':
      return sequenced(`new Date(Date.parse('${SAMPLE_TIMESTAMP}') + sequence).toISOString()`);
    case 'uuid':
      return { expression: 'randomUUID()', imports: [cryptoImport('randomUUID')], usesSequence: false };
    case 'enum':
    case 'boolean':
    case 'json':
    case 'string[]':
      throw new Error(`${field.type} fields cannot be unique (the field-spec grammar rejects them)`);
  }
}

function alternativeValue(names: ModuleNames, field: FieldDefinition, factory: ExpressionView): ExpressionView {
  const fixed = (expression: string): ExpressionView => ({ expression, imports: [], usesSequence: false });
  if (field.unique) {
    return { expression: `build${names.pascalSingular}().${field.name}`, imports: [], usesSequence: false };
  }
  switch (field.type) {
    case 'string':
    case 'text':
      return fixed(stringLiteral(fitText('Changed', field.maxLength)));
    case 'int':
      return fixed(String(field.max === clamp(1, field.min, field.max) ? field.min : field.max));
    case 'decimal':
      return fixed(stringLiteral(`0${field.scale === 0 ? '' : `.${'0'.repeat(field.scale)}`}`));
    case 'boolean':
      return fixed('false');
    case 'date':
      return fixed("'2027-12-31'");
    case 'datetime':
      return fixed("'2027-12-31T23:59:59.999Z'");
    case 'uuid':
      return factory;
    case 'enum':
      return fixed(stringLiteral(field.values.at(-1) ?? ''));
    case 'json':
      return fixed('{ changed: true }');
    case 'string[]':
      return fixed(`[${stringLiteral(fitText('changed', field.maxLength))}]`);
  }
}

function invalidValues(field: FieldDefinition): string[] {
  const values = field.nullable ? [] : ['null'];
  switch (field.type) {
    case 'string':
    case 'text':
      values.push('42', "''", "'nul\\u0000byte'");
      if (field.maxLength <= MAX_BOUNDARY_TEST_LENGTH) values.push(`'😀'.repeat(${field.maxLength + 1})`);
      break;
    case 'int':
      values.push('1.5', "'1'", String(field.min - 1), String(field.max + 1));
      break;
    case 'decimal': {
      const integerDigits = field.precision - field.scale;
      values.push('12.5', "'1e3'", "' 1'", stringLiteral('9'.repeat(integerDigits + 1)));
      values.push(stringLiteral(field.scale === 0 ? '1.5' : `0.${'1'.repeat(field.scale + 1)}`));
      break;
    }
    case 'boolean':
      values.push("'true'", '1');
      break;
    case 'date':
      values.push("'2026-02-30'", "'2026-01-31T00:00:00Z'", "'0000-01-01'");
      break;
    case 'datetime':
      values.push("'2026-01-31T12:00:00'", "'yesterday'", '0');
      break;
    case 'uuid':
      values.push("'not-a-uuid'", '42');
      break;
    case 'enum':
      values.push(stringLiteral(absentEnumValue(field.values)), "''");
      break;
    case 'json':
      values.push("['an', 'array']", "'text'", "{ key: 'nul\\u0000byte' }");
      break;
    case 'string[]':
      values.push("'one'", "['same', 'same']", '[42]', "['']");
      values.push(`Array.from({ length: ${field.maxItems + 1} }, (_, index) => String(index))`);
      break;
  }
  return values;
}

function boundaryValues(field: FieldDefinition): string[] {
  const values = field.nullable ? ['null'] : [];
  switch (field.type) {
    case 'string':
    case 'text':
      if (field.maxLength <= MAX_BOUNDARY_TEST_LENGTH) values.push(`'😀'.repeat(${field.maxLength})`);
      break;
    case 'int':
      values.push(String(field.min), String(field.max));
      break;
    case 'decimal': {
      const integerPart = field.precision === field.scale ? '0' : '9'.repeat(field.precision - field.scale);
      const largest = `${integerPart}${field.scale === 0 ? '' : `.${'9'.repeat(field.scale)}`}`;
      values.push(stringLiteral(largest), stringLiteral(`-${largest}`));
      break;
    }
    case 'date':
      values.push("'0001-01-01'", "'9999-12-31'");
      break;
    case 'string[]':
      if (field.maxLength <= MAX_BOUNDARY_TEST_LENGTH) values.push(`['😀'.repeat(${field.maxLength})]`);
      // Distinct items "0", "1"…: only when the longest of them fits an item.
      if (String(field.maxItems - 1).length <= field.maxLength) {
        values.push(`Array.from({ length: ${field.maxItems} }, (_, index) => String(index))`);
      }
      break;
    case 'enum':
      values.push(...field.values.slice(1).map(stringLiteral));
      break;
    case 'boolean':
    case 'datetime':
    case 'uuid':
    case 'json':
      break;
  }
  return values;
}

function absentEnumValue(values: readonly string[]): string {
  let candidate = 'unknown';
  while (values.includes(candidate)) candidate = `${candidate}_value`;
  return candidate;
}

// ---------------------------------------------------------------------------------------------
// Small helpers

function cryptoImport(name: string): ImportNeed {
  return { source: 'crypto', name };
}

/** `dueAt` → `due at`. */
export function fieldWords(field: Pick<FieldDefinition, 'name'>): string {
  return field.name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
}

function sequenceWords(field: FieldDefinition): string {
  return fieldWords(field).replace(/ /g, '-');
}

function fitText(text: string, maxLength: number): string {
  return Array.from(text).slice(0, maxLength).join('');
}

function decimalSample(precision: number, scale: number): string {
  const integerDigits = precision - scale;
  const integerPart = integerDigits >= 2 ? '12' : integerDigits === 1 ? '1' : '0';
  return scale === 0 ? integerPart : `${integerPart}.${'5'.padEnd(scale, '0')}`;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}

function objectLiteral(entries: readonly string[]): string {
  return entries.length === 0 ? '' : `{ ${entries.join(', ')} }`;
}

export function stringLiteral(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** Large limits read better with separators: 100_000 rather than 100000. */
export function numberLiteral(value: number): string {
  return Math.abs(value) >= 10_000 ? value.toLocaleString('en-US').replace(/,/g, '_') : String(value);
}
