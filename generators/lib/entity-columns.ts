import pluralize from 'pluralize';
import type { FieldDefault, FieldDefinition } from './field-spec';
import { capitalize, type ModuleNames, toSnakeCase } from './names';

/** What the entity template needs for one field, computed here so templates stay declarative. */
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
}

export function entityColumnView(names: ModuleNames, field: FieldDefinition): EntityColumnView {
  const prefix = `${names.constantSingular}_${toSnakeCase(field.name).toUpperCase()}`;
  const options: string[] = [];
  const constants: string[] = [];
  let tsType: string;
  switch (field.type) {
    case 'string':
      constants.push(`export const ${prefix}_MAX_LENGTH = ${numberLiteral(field.maxLength)};`);
      options.push("type: 'varchar'", `length: ${prefix}_MAX_LENGTH`);
      tsType = 'string';
      break;
    case 'text':
      constants.push(`export const ${prefix}_MAX_LENGTH = ${numberLiteral(field.maxLength)};`);
      options.push("type: 'text'");
      tsType = 'string';
      break;
    case 'string[]':
      constants.push(`export const ${prefix}_MAX_COUNT = ${numberLiteral(field.maxItems)};`);
      constants.push(`export const ${prefix}_ITEM_MAX_LENGTH = ${numberLiteral(field.maxLength)};`);
      options.push("type: 'varchar'", `length: ${prefix}_ITEM_MAX_LENGTH`, 'array: true');
      // A required list starts empty rather than forcing every client to send [].
      if (!field.nullable) options.push(`default: () => "'{}'"`);
      tsType = 'string[]';
      break;
    case 'int':
      constants.push(
        `export const ${prefix}_MIN = ${numberLiteral(field.min)};`,
        `export const ${prefix}_MAX = ${numberLiteral(field.max)};`,
      );
      options.push("type: 'integer'");
      tsType = 'number';
      break;
    case 'decimal':
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
      tsType = 'Record<string, unknown>';
      break;
    case 'enum': {
      const valuesConstant = `${names.constantSingular}_${toSnakeCase(pluralize.plural(field.name)).toUpperCase()}`;
      const typeName = `${names.pascalSingular}${capitalize(field.name)}`;
      constants.push(
        `export const ${valuesConstant} = [${field.values.map((value) => `'${value}'`).join(', ')}] as const;`,
        `export type ${typeName} = (typeof ${valuesConstant})[number];`,
      );
      options.push(
        "type: 'enum'",
        `enum: ${valuesConstant}`,
        `enumName: '${names.constantSingular.toLowerCase()}_${field.column}'`,
      );
      tsType = typeName;
      break;
    }
  }
  if (field.nullable) options.push('nullable: true');
  if (field.default) options.push(`default: ${defaultLiteral(field.default)}`);

  const classDecorators: string[] = [];
  const typeormImports = ['Column'];
  if (field.unique) {
    constants.push(`export const ${prefix}_CONSTRAINT = 'UQ_${names.table}_${field.column}';`);
    classDecorators.push(`@Unique(${prefix}_CONSTRAINT, ['${field.name}'])`);
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
  };
}

function defaultLiteral(value: FieldDefault): string {
  switch (value.kind) {
    case 'string':
    case 'decimal':
      return `'${value.value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
    case 'number':
      return String(value.value);
    case 'boolean':
      return String(value.value);
    case 'now':
      return '() => "now()"';
  }
}

/** Large limits read better with separators: 100_000 rather than 100000. */
function numberLiteral(value: number): string {
  return Math.abs(value) >= 10_000 ? value.toLocaleString('en-US').replace(/,/g, '_') : String(value);
}
