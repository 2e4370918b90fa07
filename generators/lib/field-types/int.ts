import {
  clamp,
  type Complaint,
  type FieldBase,
  type FieldType,
  fixed,
  LIMITS,
  maxConstant,
  minConstant,
  numberLiteral,
  same,
  sequenced,
  type TypedPart,
  validator,
} from './field-type';

/** `int(min..max)`: an integer column, the range enforced by validation. */
export interface IntField extends FieldBase {
  readonly type: 'int';
  readonly min: number;
  readonly max: number;
}

const INTEGER = /^-?\d+$/;

function parseRange(args: string | undefined): TypedPart<IntField> | Complaint {
  const { min, max } = LIMITS.int32;
  if (args === undefined) return { type: 'int', min, max };
  const range = /^\s*(-?\d+)\s*\.\.\s*(-?\d+)\s*$/.exec(args);
  const hint = 'e.g. int(0..1000); omit the range for any 32-bit integer';
  if (!range) return { message: 'int takes an optional range min..max', hint };
  const low = Number(range[1]);
  const high = Number(range[2]);
  if (low < min || high > max) return { message: `int range must stay within ${min}..${max}`, hint };
  if (low > high) return { message: `range minimum ${low} is greater than maximum ${high}`, hint };
  return { type: 'int', min: low, max: high };
}

export const intType: FieldType<IntField> = {
  name: 'int',
  parseArguments: parseRange,
  indexable: true,
  uniqueable: true,
  parseDefault(field, value, raw) {
    const number = INTEGER.test(value) ? Number(value) : Number.NaN;
    if (Number.isNaN(number)) return { message: `default "${raw}" is not an integer` };
    if (number < field.min || number > field.max) {
      return { message: `default ${number} is outside ${field.min}..${field.max}` };
    }
    return { kind: 'number', value: number };
  },
  exampleDefault: (field) => String(Math.min(Math.max(0, field.min), field.max)),
  // Query integers are unsigned by design (decision 0101): a range below zero has no filter.
  isFilterable: (field) => (field.indexed || field.unique) && field.min >= 0,
  notFilterableReason: (field) =>
    `${field.name}: int fields filter only when indexed or unique (:index, :unique) and unsigned (min >= 0)`,
  column: (names, field) => ({
    constants: [
      `export const ${minConstant(names, field)} = ${numberLiteral(field.min)};`,
      `export const ${maxConstant(names, field)} = ${numberLiteral(field.max)};`,
    ],
    options: ["type: 'integer'"],
    tsType: 'number',
  }),
  schemaOptions: (names, field) => [
    "type: 'integer'",
    `minimum: ${minConstant(names, field)}`,
    `maximum: ${maxConstant(names, field)}`,
  ],
  schemaImports: (names, field) => [
    { source: 'entity', name: minConstant(names, field) },
    { source: 'entity', name: maxConstant(names, field) },
  ],
  validators: (names, field) => ({
    lines: ['@IsInt()', `@Min(${minConstant(names, field)})`, `@Max(${maxConstant(names, field)})`],
    imports: [validator('IsInt'), validator('Min'), validator('Max')],
  }),
  queryConversion: { lines: ['@QueryInteger()'], imports: [{ source: 'validation', name: 'QueryInteger' }] },
  wireType: () => 'number',
  responseSchema: () => ({ options: ["type: 'integer'"], imports: [] }),
  sample: (field) => same(String(clamp(1, field.min, field.max))),
  uniqueFactoryValue: (_names, field) =>
    sequenced(
      field.min === 0 && field.max >= 1_000_000
        ? 'sequence'
        : `${field.min} + (sequence % ${field.max - field.min + 1})`,
    ),
  alternative: (field) => fixed(String(field.max === clamp(1, field.min, field.max) ? field.min : field.max)),
  invalidValues: (field) => ['1.5', "'1'", String(field.min - 1), String(field.max + 1)],
  boundaryValues: (field) => [String(field.min), String(field.max)],
  invalidQueryText: 'not-a-value',
};
