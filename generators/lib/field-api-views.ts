import pluralize from 'pluralize';
import { decimalPattern, type FieldDefault, type FieldDefinition } from './field-spec';
import { capitalize, type ModuleNames, toSnakeCase } from './names';

/** Imports one generated piece needs, by module specifier. */
export type ImportNeeds = Readonly<Record<string, readonly string[]>>;

/** What the create DTO, the response DTO, the mapper, the service and the tests need for one field. */
export interface FieldApiView {
  readonly field: FieldDefinition;
  /** May be omitted on create: nullable, defaulted, or a list that starts empty. */
  readonly optionalOnCreate: boolean;
  readonly createDto: { readonly member: string; readonly imports: ImportNeeds };
  /** Names the create DTO imports from the entity file. */
  readonly entityImports: readonly string[];
  readonly responseDto: { readonly member: string; readonly entityImports: readonly string[] };
  /** Entity → response value, given the variable holding the entity. */
  mapperValue(entity: string): string;
  /** Create DTO → entity value for an insert, given the variable holding the DTO. */
  insertValue(dto: string): string;
  /** Update DTO → entity value for a change the client sent (`dto.<name>` is not undefined). */
  changeValue(dto: string): string;
  /** A valid body value (source text), what the API answers for it, and an invalid one. */
  readonly examples: { readonly valid: string; readonly answered: string; readonly invalid: string };
  /** What the API answers when the field is omitted on create. */
  readonly omitted: string;
  /** The valid example as the entity holds it, for unit-test fixtures. */
  readonly entityExample: string;
  /** What the service inserts when the field is omitted, as a Jest expectation. */
  readonly insertedWhenOmitted: string;
}

const VALIDATION = '../../../common/validation';

export function fieldApiView(names: ModuleNames, field: FieldDefinition): FieldApiView {
  const prefix = `${names.constantSingular}_${toSnakeCase(field.name).toUpperCase()}`;
  const typed = typeParts(names, field, prefix);
  const optionalOnCreate = field.nullable || field.default !== undefined || field.type === 'string[]';
  const schema = [...typed.schema];
  if (field.nullable) schema.push('nullable: true');
  const decoratorName = optionalOnCreate ? 'ApiPropertyOptional' : 'ApiProperty';
  // `now` is the time of the insert, not a value the schema can state.
  const createSchema =
    field.default && field.default.kind !== 'now'
      ? [...schema, `default: ${answeredDefault(field, field.default)}`]
      : schema;
  const presence = field.nullable ? ['@IsOptional()'] : optionalOnCreate ? ['@OptionalNotNull()'] : [];
  const dtoType = field.nullable ? `${typed.dtoType} | null` : typed.dtoType;
  const createMember = [
    `@${decoratorName}({ ${createSchema.join(', ')} })`,
    ...presence,
    ...typed.validators,
    `${field.name}${optionalOnCreate ? '?' : '!'}: ${dtoType};`,
  ].join('\n');
  const imports = mergeImports(typed.imports, {
    '@nestjs/swagger': [decoratorName],
    ...(field.nullable
      ? { 'class-validator': ['IsOptional'] }
      : optionalOnCreate
        ? { [VALIDATION]: ['OptionalNotNull'] }
        : {}),
  });
  const responseType = field.nullable ? `${typed.responseType} | null` : typed.responseType;
  const responseSchema = field.nullable ? [...typed.responseSchema, 'nullable: true'] : typed.responseSchema;
  const responseMember = [`@ApiProperty({ ${responseSchema.join(', ')} })`, `${field.name}!: ${responseType};`].join(
    '\n',
  );
  const examples = exampleValues(field);
  return {
    field,
    optionalOnCreate,
    createDto: { member: createMember, imports },
    entityImports: typed.entityImports,
    responseDto: { member: responseMember, entityImports: typed.responseEntityImports },
    mapperValue: (entity) => {
      const value = `${entity}.${field.name}`;
      if (field.type !== 'datetime') return value;
      return field.nullable ? `${value}?.toISOString() ?? null` : `${value}.toISOString()`;
    },
    insertValue: (dto) => {
      const value = `${dto}.${field.name}`;
      const converted = field.type === 'datetime' ? `new Date(${value})` : value;
      if (!optionalOnCreate) return converted;
      const fallback = field.default ? tsDefault(field.default) : field.nullable ? 'null' : '[]';
      // A nullable field with a default keeps an explicit null; only an omitted value takes the default.
      if (field.nullable && field.default) {
        const given = field.type === 'datetime' ? `${value} === null ? null : ${converted}` : value;
        return `${value} === undefined ? ${fallback} : ${given}`;
      }
      return field.type === 'datetime' ? `${value} ? ${converted} : ${fallback}` : `${value} ?? ${fallback}`;
    },
    changeValue: (dto) => {
      const value = `${dto}.${field.name}`;
      if (field.type !== 'datetime') return value;
      return field.nullable ? `${value} === null ? null : new Date(${value})` : `new Date(${value})`;
    },
    examples,
    entityExample: field.type === 'datetime' ? `new Date(${examples.valid})` : examples.answered,
    insertedWhenOmitted: field.default?.kind === 'now' ? 'expect.any(Date) as Date' : omittedInsert(field),
    omitted: field.default ? answeredDefault(field, field.default) : field.nullable ? 'null' : '[]',
  };
}

interface TypeParts {
  readonly schema: readonly string[];
  /** Responses describe the shape only; limits belong to the request schema. */
  readonly responseSchema: readonly string[];
  readonly validators: readonly string[];
  readonly imports: ImportNeeds;
  readonly entityImports: readonly string[];
  readonly responseEntityImports: readonly string[];
  readonly dtoType: string;
  readonly responseType: string;
}

function typeParts(names: ModuleNames, field: FieldDefinition, prefix: string): TypeParts {
  const plain = { entityImports: [], responseEntityImports: [] };
  switch (field.type) {
    case 'string':
    case 'text':
      return {
        ...plain,
        schema: ['minLength: 1', `maxLength: ${prefix}_MAX_LENGTH`],
        responseSchema: ["type: 'string'"],
        validators: ['@IsString()', '@IsStorableText()', `@CodePointLength(1, ${prefix}_MAX_LENGTH)`],
        imports: { 'class-validator': ['IsString'], [VALIDATION]: ['CodePointLength', 'IsStorableText'] },
        entityImports: [`${prefix}_MAX_LENGTH`],
        dtoType: 'string',
        responseType: 'string',
      };
    case 'string[]':
      return {
        ...plain,
        schema: [
          "type: 'array'",
          `items: { type: 'string', minLength: 1, maxLength: ${prefix}_ITEM_MAX_LENGTH }`,
          `maxItems: ${prefix}_MAX_COUNT`,
          'uniqueItems: true',
        ],
        responseSchema: ["type: 'array'", "items: { type: 'string' }"],
        validators: [
          '@IsArray()',
          `@ArrayMaxSize(${prefix}_MAX_COUNT)`,
          '@ArrayUnique()',
          '@IsString({ each: true })',
          '@IsStorableText({ each: true })',
          `@CodePointLength(1, ${prefix}_ITEM_MAX_LENGTH, { each: true })`,
        ],
        imports: {
          'class-validator': ['ArrayMaxSize', 'ArrayUnique', 'IsArray', 'IsString'],
          [VALIDATION]: ['CodePointLength', 'IsStorableText'],
        },
        entityImports: [`${prefix}_MAX_COUNT`, `${prefix}_ITEM_MAX_LENGTH`],
        dtoType: 'string[]',
        responseType: 'string[]',
      };
    case 'int':
      return {
        ...plain,
        schema: ["type: 'integer'", `minimum: ${prefix}_MIN`, `maximum: ${prefix}_MAX`],
        responseSchema: ["type: 'integer'"],
        validators: ['@IsInt()', `@Min(${prefix}_MIN)`, `@Max(${prefix}_MAX)`],
        imports: { 'class-validator': ['IsInt', 'Max', 'Min'] },
        entityImports: [`${prefix}_MIN`, `${prefix}_MAX`],
        dtoType: 'number',
        responseType: 'number',
      };
    case 'decimal': {
      const digits = `at most ${field.precision - field.scale} digits before and ${field.scale} after the point`;
      const pattern = decimalPattern(field.precision, field.scale).source;
      return {
        ...plain,
        schema: [
          "type: 'string'",
          `pattern: '${pattern.replace(/\\/g, '\\\\')}'`,
          `description: 'A decimal with ${digits}'`,
        ],
        responseSchema: ["type: 'string'", "description: 'An exact decimal, as a string'"],
        validators: ['@IsString()', `@Matches(/${pattern}/, { message: 'must be a decimal with ${digits}' })`],
        imports: { 'class-validator': ['IsString', 'Matches'] },
        dtoType: 'string',
        responseType: 'string',
      };
    }
    case 'boolean':
      return {
        ...plain,
        schema: ["type: 'boolean'"],
        responseSchema: ["type: 'boolean'"],
        validators: ['@IsBoolean()'],
        imports: { 'class-validator': ['IsBoolean'] },
        dtoType: 'boolean',
        responseType: 'boolean',
      };
    case 'date':
      return {
        ...plain,
        schema: ["type: 'string'", "format: 'date'"],
        responseSchema: ["type: 'string'", "format: 'date'"],
        validators: ['@IsIsoDate()'],
        imports: { [VALIDATION]: ['IsIsoDate'] },
        dtoType: 'string',
        responseType: 'string',
      };
    case 'datetime':
      return {
        ...plain,
        schema: ["type: 'string'", "format: 'date-time'"],
        responseSchema: ["type: 'string'", "format: 'date-time'"],
        validators: ['@IsIsoTimestamp()'],
        imports: { [VALIDATION]: ['IsIsoTimestamp'] },
        dtoType: 'string',
        responseType: 'string',
      };
    case 'uuid':
      return {
        ...plain,
        schema: ["type: 'string'", "format: 'uuid'"],
        responseSchema: ["type: 'string'", "format: 'uuid'"],
        validators: ['@IsUUID()'],
        imports: { 'class-validator': ['IsUUID'] },
        dtoType: 'string',
        responseType: 'string',
      };
    case 'json':
      return {
        ...plain,
        schema: ["type: 'object'", 'additionalProperties: true'],
        responseSchema: ["type: 'object'", 'additionalProperties: true'],
        validators: ['@IsStorableJson()'],
        imports: { [VALIDATION]: ['IsStorableJson'] },
        dtoType: 'Record<string, unknown>',
        responseType: 'Record<string, unknown>',
      };
    case 'enum': {
      const values = `${names.constantSingular}_${toSnakeCase(pluralize.plural(field.name)).toUpperCase()}`;
      const typeName = `${names.pascalSingular}${capitalize(field.name)}`;
      return {
        schema: [`enum: ${values}`, `enumName: '${typeName}'`],
        responseSchema: [`enum: ${values}`, `enumName: '${typeName}'`],
        validators: [`@IsIn(${values})`],
        imports: { 'class-validator': ['IsIn'] },
        entityImports: [values, `type ${typeName}`],
        responseEntityImports: [values, `type ${typeName}`],
        dtoType: typeName,
        responseType: typeName,
      };
    }
  }
}

function exampleValues(field: FieldDefinition): FieldApiView['examples'] {
  switch (field.type) {
    case 'string':
    case 'text': {
      const valid = quote('Example value'.slice(0, field.maxLength));
      return { valid, answered: valid, invalid: `'x'.repeat(${field.maxLength + 1})` };
    }
    case 'string[]': {
      const items = `[${['alpha', 'beta'].map((item) => quote(item.slice(0, field.maxLength))).join(', ')}]`;
      return { valid: items, answered: items, invalid: "['same', 'same']" };
    }
    case 'int': {
      const current = field.default?.kind === 'number' ? field.default.value : undefined;
      const candidate = Math.min(Math.max(field.min, 1), field.max);
      const valid = candidate === current ? (candidate < field.max ? candidate + 1 : candidate - 1) : candidate;
      return { valid: String(valid), answered: String(valid), invalid: '1.5' };
    }
    case 'decimal': {
      const integer = field.precision > field.scale ? '1' : '0';
      const valid = field.scale > 0 ? `${integer}.${'5'.padEnd(field.scale, '0')}` : integer;
      return { valid: `'${valid}'`, answered: `'${valid}'`, invalid: "'one'" };
    }
    case 'boolean': {
      const valid = field.default?.kind === 'boolean' ? String(!field.default.value) : 'true';
      return { valid, answered: valid, invalid: "'yes'" };
    }
    case 'date':
      return { valid: "'2026-03-15'", answered: "'2026-03-15'", invalid: "'2026-02-30'" };
    case 'datetime':
      return { valid: "'2026-03-15T10:20:30.400Z'", answered: "'2026-03-15T10:20:30.400Z'", invalid: "'yesterday'" };
    case 'uuid':
      return {
        valid: "'0b5c2a54-3f1e-4c8a-9d6e-2f4b7a1c9e30'",
        answered: "'0b5c2a54-3f1e-4c8a-9d6e-2f4b7a1c9e30'",
        invalid: "'not-a-uuid'",
      };
    case 'json':
      return { valid: "{ note: 'example', count: 2 }", answered: "{ note: 'example', count: 2 }", invalid: "'text'" };
    case 'enum': {
      const current = field.default?.kind === 'string' ? field.default.value : undefined;
      const valid = field.values.find((value) => value !== current) ?? field.values[0] ?? '';
      return { valid: `'${valid}'`, answered: `'${valid}'`, invalid: "'NOT_A_VALUE'" };
    }
  }
}

/** The default as a TypeScript value for an insert. */
function tsDefault(value: FieldDefault): string {
  switch (value.kind) {
    case 'string':
    case 'decimal':
      return quote(value.value);
    case 'number':
    case 'boolean':
      return String(value.value);
    case 'now':
      return 'new Date()';
  }
}

/**
 * The default as the API answers it: numeric columns answer with every digit of their scale
 * (`=0` on decimal(10,2) reads back as '0.00'); `now` cannot be predicted, so tests check its shape.
 */
function answeredDefault(field: FieldDefinition, value: FieldDefault): string {
  if (value.kind === 'now') return 'expect.any(String)';
  if (value.kind === 'decimal' && field.type === 'decimal' && field.scale > 0) {
    const [integer = '0', fraction = ''] = value.value.split('.');
    return quote(`${integer}.${fraction.padEnd(field.scale, '0')}`);
  }
  return tsDefault(value);
}

function omittedInsert(field: FieldDefinition): string {
  if (field.default) return tsDefault(field.default);
  return field.nullable ? 'null' : '[]';
}

function quote(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function mergeImports(...needs: readonly ImportNeeds[]): ImportNeeds {
  const merged: Record<string, string[]> = {};
  for (const need of needs) {
    for (const [specifier, names] of Object.entries(need)) merged[specifier] = [...(merged[specifier] ?? []), ...names];
  }
  return merged;
}
