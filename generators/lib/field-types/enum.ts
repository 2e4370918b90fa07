import { closestMatch } from '../suggest';
import {
  type Complaint,
  entityImport,
  enumTypeName,
  enumValuesConstant,
  type FieldBase,
  type FieldType,
  fixed,
  LIMITS,
  same,
  stringLiteral,
  type TypedPart,
  validator,
} from './field-type';

/** `enum(a,b,…)`: a PostgreSQL enum `<entity>_<column>`, values exported as a constant and a union type. */
export interface EnumField extends FieldBase {
  readonly type: 'enum';
  readonly values: readonly string[];
}

/**
 * A PostgreSQL enum label may be any text; the generated code keeps each value as written, in a
 * string union and its `as const` list (no TypeScript enum, so no member name to derive), the
 * OpenAPI `enum` and the migration's quoted labels. Values stay words a URL, a log line and a
 * client's switch read without quoting: lowercase snake_case words, optionally joined by hyphens.
 */
const ENUM_VALUE = /^[a-z][a-z0-9_]*(?:-[a-z0-9_]+)*$/;
const ENUM_VALUE_RULE =
  'a value starts with a lowercase letter, then lowercase letters, digits and _, words joined by single hyphens';

function parseValues(args: string | undefined): TypedPart<EnumField> | Complaint {
  const hint = `e.g. enum(draft,in_review,dhl-express); ${ENUM_VALUE_RULE}`;
  if (args === undefined || args.trim() === '') return { message: 'enum needs its values', hint };
  const values = args.split(',').map((value) => value.trim());
  const invalid = values.find((value) => !ENUM_VALUE.test(value));
  if (invalid !== undefined) return { message: `enum value "${invalid}" is not allowed: ${ENUM_VALUE_RULE}`, hint };
  const duplicate = values.find((value, index) => values.indexOf(value) !== index);
  if (duplicate !== undefined) return { message: `enum value "${duplicate}" is listed twice`, hint };
  if (values.length > LIMITS.maxEnumValues) return { message: `enum allows at most ${LIMITS.maxEnumValues} values` };
  return { type: 'enum', values };
}

function absentEnumValue(values: readonly string[]): string {
  let candidate = 'unknown';
  while (values.includes(candidate)) candidate = `${candidate}_value`;
  return candidate;
}

const schemaOptions: FieldType<EnumField>['schemaOptions'] = (names, field) => [
  `enum: ${enumValuesConstant(names, field)}`,
  `enumName: '${enumTypeName(names, field)}'`,
];
const schemaImports: FieldType<EnumField>['schemaImports'] = (names, field) => [
  entityImport(enumValuesConstant(names, field)),
  entityImport(enumTypeName(names, field), true),
];

export const enumType: FieldType<EnumField> = {
  name: 'enum',
  parseArguments: parseValues,
  indexable: true,
  uniqueable: false,
  parseDefault(field, value, raw) {
    if (!field.values.includes(value)) {
      const close = closestMatch(value, field.values);
      return {
        message: `default "${raw}" is not one of ${field.values.join(', ')}`,
        ...(close ? { hint: `did you mean ${close}?` } : {}),
      };
    }
    return { kind: 'string', value };
  },
  exampleDefault: (field) => field.values[0] ?? '',
  isFilterable: () => true,
  hasOneValue: (field) => field.values.length === 1,
  column(names, field) {
    const valuesConstant = enumValuesConstant(names, field);
    return {
      constants: [
        `export const ${valuesConstant} = [${field.values.map((value) => `'${value}'`).join(', ')}] as const;`,
        `export type ${enumTypeName(names, field)} = (typeof ${valuesConstant})[number];`,
      ],
      options: [
        "type: 'enum'",
        `enum: ${valuesConstant}`,
        `enumName: '${names.constantSingular.toLowerCase()}_${field.column}'`,
      ],
      tsType: enumTypeName(names, field),
    };
  },
  typedDefaultConstant: true,
  schemaOptions,
  schemaImports,
  validators: (names, field) => ({
    lines: [`@IsIn(${enumValuesConstant(names, field)})`],
    imports: [validator('IsIn')],
  }),
  wireType: enumTypeName,
  responseSchema: (names, field) => ({ options: schemaOptions(names, field), imports: schemaImports(names, field) }),
  filterImports: (names, field) => [entityImport(enumTypeName(names, field), true)],
  publicExports: (names, field) => [
    { source: 'entity', name: enumValuesConstant(names, field) },
    { source: 'entity', name: enumTypeName(names, field), typeOnly: true },
  ],
  sample: (field) => same(stringLiteral(field.values[0] ?? '')),
  alternative: (field) => fixed(stringLiteral(field.values.at(-1) ?? '')),
  invalidValues: (field) => [stringLiteral(absentEnumValue(field.values)), "''"],
  boundaryValues: (field) => field.values.slice(1).map(stringLiteral),
  // Enum values are lowercase: an uppercase word is never one.
  invalidQueryText: 'NOT_A_VALUE',
};
