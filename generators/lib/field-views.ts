import type { FieldDefinition } from './field-spec';
import { rulesOf } from './field-types';
import {
  constraintConstant,
  defaultConstant,
  type ExpressionView,
  type FieldDefault,
  fieldWords,
  fixed,
  type ImportNeed,
  type ImportSource,
  type SampleView,
  stringLiteral,
} from './field-types/field-type';
import {
  foreignKeyConstant,
  isSelfReference,
  ON_DELETE_SQL,
  type RefField,
  targetEntityImport,
  targetNames,
} from './field-types/ref';
import { capitalize, type ModuleNames, toSnakeCase } from './names';
import { JS_RESERVED_WORDS } from './reserved-words';

export {
  defaultConstant,
  enumTypeName,
  enumValuesConstant,
  fieldWords,
  numberLiteral,
  stringLiteral,
} from './field-types/field-type';
export type { ExpressionView, ImportNeed, ImportSource, SampleView } from './field-types/field-type';

/**
 * Everything a generated module says about one field, as source text, computed here so templates
 * stay declarative and the `field` generator can add the same text to an existing module.
 * Every function is pure: same names and field in, same strings out.
 */

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
  /**
   * Whether a test can compare each listed item's value with the filtered one: not when the field
   * holds one value only (a required one-value enum), where the type checker knows the comparison
   * is always true (lint: no-unnecessary-condition).
   */
  readonly itemsComparable: boolean;
}

export interface EntityColumnView {
  /** `export const …` lines shared by the column, the validators and the OpenAPI schema. */
  readonly constants: readonly string[];
  /** Class-level decorators (named unique constraints, indexes). */
  readonly classDecorators: readonly string[];
  /** A doc comment line above the column, when the type explains it (a foreign key). */
  readonly comment?: string;
  readonly decorator: string;
  readonly property: string;
  /** Members declared after the column: a relation's `@ManyToOne` property. */
  readonly relationMembers: readonly string[];
  readonly tsType: string;
  /** Names the entity file imports from typeorm for this field. */
  readonly typeormImports: readonly string[];
  /** Other imports of the entity file for this field (the JSON type). */
  readonly imports: readonly ImportNeed[];
}

/** A field whose unique constraint the repository maps to a 409. */
export interface UniqueView {
  /** `INVOICE_NUMBER_CONSTRAINT`, exported by the entity. */
  readonly constraintConstant: string;
  /** `InvoiceNumberTakenError`. */
  readonly errorClass: string;
  /** `INVOICES_NUMBER_TAKEN`. */
  readonly errorCode: string;
  /** The error's constructor parameter, the value the client sent: `number: string`. */
  readonly parameter: string;
  /** The message as a template literal quoting that value: `` `Another invoice already uses the number "${number}".` `` */
  readonly message: string;
  /**
   * What the repository's translation returns for a violation of this constraint, the written
   * values in `values`: the error quoting the value, or the violation itself when the write did
   * not set the field (a violation then is not this write's doing).
   */
  readonly translation: string;
}

/** A belongs-to field (`customer:ref(customers)`): what its errors and tests say about the relation. */
export interface RelationView {
  /** `customer`: the `@ManyToOne` property, `?include=` value and error-code part. */
  readonly relation: string;
  /** The referenced module, kebab-case plural. */
  readonly target: string;
  readonly targetNames: ModuleNames;
  readonly self: boolean;
  readonly onDelete: RefField['onDelete'];
  /** `INVOICE_CUSTOMER_CONSTRAINT`, exported by the entity. */
  readonly constraintConstant: string;
  /** `InvoiceCustomerNotFoundError`. */
  readonly errorClass: string;
  /** `INVOICES_CUSTOMER_NOT_FOUND`. */
  readonly errorCode: string;
  /** `Customer`: how the error message starts. */
  readonly capitalTargetWords: string;
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
  readonly relation?: RelationView;
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
  /**
   * A literal other than the sample, in both shapes, for unit tests of updates (a stored value the
   * sample changes); absent when the type offers none (a one-value enum, a required reference).
   */
  readonly changedSample?: SampleView;
  /** Values the API must reject with a pointer to this field. */
  readonly invalidValues: readonly string[];
  /** Values the API must accept and return unchanged: length, range and null edges, every enum value. */
  readonly boundaryValues: readonly string[];
}

export function fieldView(names: ModuleNames, field: FieldDefinition): FieldView {
  const factory = factoryValue(names, field);
  const filter = filterView(names, field);
  const unique = uniqueView(names, field);
  const omitted = omittedValues(names, field);
  const rules = rulesOf(field);
  const changed = changedSample(field);
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
    ...(field.type === 'ref' ? { relation: relationView(names, field) } : {}),
    mapperExpression: mapperExpression(field, names.camelSingular),
    insertExpression: insertExpression(names, field),
    insertImports: field.default && field.default.kind !== 'now' ? [entityImport(defaultConstant(names, field))] : [],
    changeExpression: rules.changeExpression?.(field, `dto.${field.name}`) ?? `dto.${field.name}`,
    ...omitted,
    factory,
    alternative: field.unique
      ? fixed(`build${names.pascalSingular}().${field.name}`)
      : rules.alternative(field, factory),
    sample: rules.sample(field),
    ...(changed ? { changedSample: changed } : {}),
    invalidValues: [...(field.nullable ? [] : ['null']), ...rules.invalidValues(field)],
    boundaryValues: [...(field.nullable ? ['null'] : []), ...rules.boundaryValues(field)],
  };
}

/** Fields a module's list route filters on: exact matches that are cheap or indexed (per type). */
export function isFilterable(field: FieldDefinition): boolean {
  return rulesOf(field).isFilterable(field);
}

export function isRequired(field: FieldDefinition): boolean {
  return !field.nullable && field.default === undefined && !rulesOf(field).emptyWhenOmitted;
}

/** `import …` lines, packages first, names sorted the way the reference module sorts them. */
export function renderImports(needs: readonly ImportNeed[], names: ModuleNames, location: FileLocation): string[] {
  const bySpecifier = new Map<string, Map<string, boolean>>();
  for (const need of needs) {
    const specifier = moduleSpecifier(need.source, names, location, need.module);
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

export function moduleSpecifier(source: ImportSource, names: ModuleNames, location: FileLocation, module = ''): string {
  switch (source) {
    case 'common-dto':
      return { module: '../../common/dto', dto: '../../../common/dto', test: '../../src/common/dto' }[location];
    case 'module':
      return { module: `../${module}`, dto: `../../${module}`, test: `../../src/modules/${module}` }[location];
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
    case 'module-file':
      return {
        module: `./${module}`,
        dto: `../${module}`,
        test: `../../src/modules/${names.kebabPlural}/${module}`,
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

function entityImport(name: string, typeOnly = false): ImportNeed {
  return { source: 'entity', name, ...(typeOnly ? { typeOnly } : {}) };
}

// ---------------------------------------------------------------------------------------------
// Entity column: the type's column, then what every field shares (nullability, default, unique, index)

export function entityColumnView(names: ModuleNames, field: FieldDefinition): EntityColumnView {
  const rules = rulesOf(field);
  const column = rules.column(names, field);
  const options = [...column.options];
  const constants = [...column.constants];
  const tsType = column.tsType;
  if (field.nullable) options.push('nullable: true');
  if (field.default) {
    if (field.default.kind === 'now') {
      options.push(`default: () => 'now()'`);
    } else {
      const annotation = rules.typedDefaultConstant ? `: ${tsType}` : '';
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
  const view: EntityColumnView = {
    constants,
    classDecorators,
    decorator: `@Column({ ${options.join(', ')} })`,
    property: `${field.name}!: ${fullType};`,
    relationMembers: [],
    tsType: fullType,
    typeormImports,
    imports: [...(column.imports ?? [])],
  };
  return field.type === 'ref' ? withRelation(names, field, view) : view;
}

/**
 * A belongs-to as the reference's comment → article: the key as a plain column, the `@ManyToOne`
 * beside it with a named foreign key (so the repository can recognise its violation), and an index
 * that leads with the key, serving the filter, the parent's delete check and the list order.
 */
function withRelation(names: ModuleNames, field: RefField, view: EntityColumnView): EntityColumnView {
  const target = isSelfReference(names, field) ? names : targetNames(field);
  const constant = foreignKeyConstant(names, field);
  const type = `${target.entityClass}${field.nullable ? ' | null' : ''}`;
  return {
    ...view,
    constants: [...view.constants, `export const ${constant} = 'FK_${names.table}_${field.column}';`],
    classDecorators: [
      `@Index('IDX_${names.table}_${field.column}_created_at_id', ['${field.name}', 'createdAt', 'id'])`,
    ],
    comment: `/** The foreign key as a plain column, so writes and filters need no ${target.wordsSingular} object. */`,
    relationMembers: [
      `/** Loaded only by queries that join it; deleting the ${target.wordsSingular} ${ON_DELETE_PROSE[field.onDelete]}. */`,
      `@ManyToOne(() => ${target.entityClass}, { nullable: ${String(field.nullable)}, onDelete: '${ON_DELETE_SQL[field.onDelete]}' })`,
      `@JoinColumn({ name: '${field.column}', foreignKeyConstraintName: ${constant} })`,
      `${field.relation}?: ${type};`,
    ],
    typeormImports: ['Column', 'Index', 'JoinColumn', 'ManyToOne'],
    imports: [...view.imports, ...targetEntityImport(names, field)],
  };
}

const ON_DELETE_PROSE: Readonly<Record<RefField['onDelete'], string>> = {
  restrict: 'is refused while it is referenced',
  cascade: 'deletes this row in the same statement',
  'set-null': 'clears the key in the same statement',
};

/** Defaults as PostgreSQL returns them, so a default reads the same before and after a round trip. */
function defaultLiteral(field: FieldDefinition, value: Exclude<FieldDefault, { kind: 'now' }>): string {
  const own = rulesOf(field).defaultLiteral?.(field, value);
  if (own !== undefined) return own;
  return value.kind === 'string' || value.kind === 'decimal' ? stringLiteral(value.value) : String(value.value);
}

// ---------------------------------------------------------------------------------------------
// DTO properties

function describeOmission(field: FieldDefinition): string | undefined {
  if (field.default?.kind === 'now') return 'the current time when omitted on create';
  if (field.default) return `\`${field.default.value}\` when omitted on create`;
  if (field.nullable) return 'null when omitted on create';
  if (rulesOf(field).emptyWhenOmitted) return 'none when omitted on create';
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
  const rules = rulesOf(field);
  const options = [
    ...(description ? [`description: '${description}'`] : []),
    ...rules.schemaOptions(names, field),
    ...(field.nullable ? ['nullable: true'] : []),
    `example: ${rules.sample(field).wire}`,
  ];
  const typed = rules.validators(names, field);
  const presence = required ? [] : field.nullable ? ['@IsOptional()'] : ['@OptionalNotNull()'];
  const presenceImports: ImportNeed[] = required
    ? []
    : field.nullable
      ? [{ source: 'class-validator', name: 'IsOptional' }]
      : [{ source: 'validation', name: 'OptionalNotNull' }];
  const type = rules.wireType(names, field);
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
      ...rules.schemaImports(names, field),
      ...(rules.wireImports?.(names, field) ?? []),
    ],
  };
}

function responseProperty(names: ModuleNames, field: FieldDefinition): PropertyView {
  const rules = rulesOf(field);
  const schema = rules.responseSchema(names, field);
  const options = [
    ...schema.options,
    ...(field.nullable ? ['nullable: true'] : []),
    `example: ${rules.sample(field).wire}`,
  ];
  const type = rules.wireType(names, field);
  return {
    decorators: [`@ApiProperty(${objectLiteral(options)})`],
    declaration: `${field.name}!: ${type}${field.nullable ? ' | null' : ''};`,
    imports: [
      { source: 'swagger', name: 'ApiProperty' },
      ...schema.imports,
      ...(rules.wireImports?.(names, field) ?? []),
    ],
  };
}

/**
 * Members of every generated list query DTO besides the filters. A field of the same name keeps
 * everything but its list filter: `?sort=` must stay the sort order, and a second `sort` member
 * would not compile. Filter by it through `endpoint … --query` (a count) or by hand under another
 * parameter name.
 */
export const LIST_QUERY_PARAMETERS: ReadonlySet<string> = new Set(['limit', 'sort', 'cursor', 'include']);

function filterView(names: ModuleNames, field: FieldDefinition): FilterView | undefined {
  const rules = rulesOf(field);
  if (!rules.isFilterable(field) || LIST_QUERY_PARAMETERS.has(field.name)) return undefined;
  const typed = rules.validators(names, field);
  // Query strings carry text: numbers and booleans are converted strictly before validation.
  const conversion = rules.queryConversion ?? { lines: [], imports: [] };
  const type = rules.wireType(names, field);
  const column = `${names.camelSingular}.${field.name}`;
  return {
    property: {
      decorators: [
        `@ApiPropertyOptional(${objectLiteral([`description: 'Only ${names.wordsPlural} with exactly this ${fieldWords(field)}'`, ...rules.schemaOptions(names, field)])})`,
        '@IsOptional()',
        ...conversion.lines,
        ...typed.lines,
      ],
      declaration: `${field.name}?: ${type};`,
      imports: [
        { source: 'swagger', name: 'ApiPropertyOptional' },
        { source: 'class-validator', name: 'IsOptional' },
        ...conversion.imports,
        ...typed.imports,
        ...rules.schemaImports(names, field),
      ],
    },
    filterMember: `readonly ${field.name}?: ${type};`,
    filterImports: rules.filterImports?.(names, field) ?? [],
    whereSpread: `(filter.${field.name} !== undefined && { ${field.name}: filter.${field.name} })`,
    countCondition: `if (filter.${field.name} !== undefined) query.andWhere('${column} = :${field.name}', { ${field.name}: filter.${field.name} });`,
    itemsComparable: field.nullable || rules.hasOneValue?.(field) !== true,
  };
}

// ---------------------------------------------------------------------------------------------
// Service and mapper expressions

export function mapperExpression(field: FieldDefinition, variable: string): string {
  const value = `${variable}.${field.name}`;
  return rulesOf(field).mapperExpression?.(field, value) ?? value;
}

function insertExpression(names: ModuleNames, field: FieldDefinition): string {
  const value = `dto.${field.name}`;
  const own = rulesOf(field).insertExpression?.(names, field, value);
  if (own !== undefined) return own;
  if (field.default) {
    return field.nullable
      ? `${value} === undefined ? ${defaultConstant(names, field)} : ${value}`
      : `${value} ?? ${defaultConstant(names, field)}`;
  }
  if (field.nullable) return `${value} ?? null`;
  if (rulesOf(field).emptyWhenOmitted) return `${value} ?? []`;
  return value;
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
  if (rulesOf(field).emptyWhenOmitted) return { omittedEntityValue: '[]', omittedWireValue: '[]' };
  return {};
}

/**
 * The type's alternative when it is a literal (a reference's names the e2e spec's parent, a fresh
 * id needs an import), else null for a nullable field: whichever first differs from the sample.
 */
function changedSample(field: FieldDefinition): SampleView | undefined {
  const rules = rulesOf(field);
  const sample = rules.sample(field).wire;
  const alternative = rules.alternative(field, fixed(sample));
  const literal = field.type !== 'ref' && alternative.imports.length === 0 && !alternative.usesSequence;
  const wire = [...(literal ? [alternative.expression] : []), ...(field.nullable ? ['null'] : [])].find(
    (candidate) => candidate !== sample,
  );
  if (wire === undefined) return undefined;
  const entity = wire === 'null' ? wire : (rules.changeExpression?.({ ...field, nullable: false }, wire) ?? wire);
  return { wire, entity };
}

// ---------------------------------------------------------------------------------------------
// Errors

function uniqueView(names: ModuleNames, field: FieldDefinition): UniqueView | undefined {
  if (!field.unique) return undefined;
  const snake = toSnakeCase(field.name).toUpperCase();
  const errorClass = `${names.pascalSingular}${capitalize(field.name)}TakenError`;
  // A keyword (`case`) cannot be a parameter; the reference names it after the field (`name`).
  const binding = JS_RESERVED_WORDS.has(field.name) ? `${field.name}Value` : field.name;
  const rules = rulesOf(field);
  // Quoted as the API shows it (a datetime as ISO-8601), so the client recognises what it sent.
  const quoted = rules.mapperExpression?.({ ...field, nullable: false }, binding) ?? binding;
  const sent = `values.${field.name}`;
  const unset = field.nullable ? `${sent} === undefined || ${sent} === null` : `${sent} === undefined`;
  return {
    constraintConstant: constraintConstant(names, field),
    errorClass,
    errorCode: `${names.constantPlural}_${snake}_TAKEN`,
    parameter: `${binding}: ${rules.column(names, field).tsType}`,
    message: `\`Another ${names.wordsSingular} already uses the ${fieldWords(field)} "\${${quoted}}".\``,
    translation: `${unset} ? error : new ${errorClass}(${sent})`,
  };
}

function relationView(names: ModuleNames, field: RefField): RelationView {
  const target = isSelfReference(names, field) ? names : targetNames(field);
  return {
    relation: field.relation,
    target: field.target,
    targetNames: target,
    self: isSelfReference(names, field),
    onDelete: field.onDelete,
    constraintConstant: foreignKeyConstant(names, field),
    errorClass: `${names.pascalSingular}${capitalize(field.relation)}NotFoundError`,
    errorCode: `${names.constantPlural}_${toSnakeCase(field.relation).toUpperCase()}_NOT_FOUND`,
    capitalTargetWords: capitalize(target.wordsSingular),
  };
}

// ---------------------------------------------------------------------------------------------
// Test values

/** Unique fields differ on every call and across test files, so tests never collide unless they mean to. */
function factoryValue(names: ModuleNames, field: FieldDefinition): ExpressionView {
  const rules = rulesOf(field);
  if (!field.unique) return rules.factoryValue?.(field) ?? fixed(rules.sample(field).wire);
  if (!rules.uniqueFactoryValue) {
    throw new Error(`${field.type} fields cannot be unique (the field-spec grammar rejects them)`);
  }
  return rules.uniqueFactoryValue(names, field);
}

function objectLiteral(entries: readonly string[]): string {
  return entries.length === 0 ? '' : `{ ${entries.join(', ')} }`;
}
