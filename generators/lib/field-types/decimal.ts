import { canonicalDecimal } from '../../../src/common/validation/canonical-decimal.transformer';
import {
  common,
  type Complaint,
  type FieldBase,
  type FieldType,
  filterWhenIndexed,
  fixed,
  LIMITS,
  numberLiteral,
  patternConstant,
  same,
  sequenced,
  stringLiteral,
  type TypedPart,
  validator,
} from './field-type';

/** `decimal(p,s)`: numeric(p,s), a string on the wire (a number would lose digits). */
export interface DecimalField extends FieldBase {
  readonly type: 'decimal';
  readonly precision: number;
  readonly scale: number;
}

/** The exact shape a numeric(precision, scale) column stores, as a string (no exponent, no +). */
export function decimalPattern(precision: number, scale: number): RegExp {
  const integerDigits = precision - scale;
  const integerPart = integerDigits === 0 ? '0' : `\\d{1,${integerDigits}}`;
  const fraction = scale === 0 ? '' : `(\\.\\d{1,${scale}})?`;
  return new RegExp(`^-?${integerPart}${fraction}$`);
}

function parseDecimal(args: string | undefined): TypedPart<DecimalField> | Complaint {
  if (args === undefined) return { type: 'decimal', ...LIMITS.defaultDecimal };
  const parts = /^\s*(\d+)\s*,\s*(\d+)\s*$/.exec(args);
  const hint = 'e.g. decimal(10,2): 10 digits in total, 2 after the point';
  if (!parts) return { message: 'decimal takes (precision,scale)', hint };
  const precision = Number(parts[1]);
  const scale = Number(parts[2]);
  if (precision < 1 || precision > LIMITS.maxDecimalPrecision) {
    return { message: `decimal precision must be between 1 and ${LIMITS.maxDecimalPrecision}`, hint };
  }
  if (scale > precision) return { message: `decimal scale ${scale} exceeds precision ${precision}`, hint };
  return { type: 'decimal', precision, scale };
}

function decimalMessage(precision: number, scale: number): string {
  const integerDigits = precision - scale;
  return scale === 0
    ? `must be a whole number of at most ${integerDigits} digits, written as a string`
    : `must be a decimal number with at most ${integerDigits} digits before the point and ${scale} after, written as a string`;
}

function decimalSample(precision: number, scale: number): string {
  const integerDigits = precision - scale;
  const integerPart = integerDigits >= 2 ? '12' : integerDigits === 1 ? '1' : '0';
  return scale === 0 ? integerPart : `${integerPart}.${'5'.padEnd(scale, '0')}`;
}

export const decimalType: FieldType<DecimalField> = {
  name: 'decimal',
  parseArguments: parseDecimal,
  indexable: true,
  uniqueable: true,
  parseDefault(field, value, raw) {
    if (!decimalPattern(field.precision, field.scale).test(value)) {
      return {
        message: `default "${raw}" is not a decimal(${field.precision},${field.scale})`,
        hint: `at most ${field.precision - field.scale} digits before and ${field.scale} after the point`,
      };
    }
    return { kind: 'decimal', value };
  },
  exampleDefault: () => '0',
  isFilterable: (field) => field.indexed || field.unique,
  notFilterableReason: filterWhenIndexed,
  column: (names, field) => ({
    constants: [
      `/** numeric(${field.precision},${field.scale}) as text: at most ${field.precision - field.scale} digits before the point and ${field.scale} after. */`,
      `export const ${patternConstant(names, field)} = ${decimalPattern(field.precision, field.scale).toString()};`,
    ],
    options: ["type: 'numeric'", `precision: ${field.precision}`, `scale: ${field.scale}`],
    // node-postgres returns numeric as a string: a JavaScript number would lose digits.
    tsType: 'string',
  }),
  // As PostgreSQL returns it (`0.5` in numeric(3,3) reads `0.500`), so a default round-trips unchanged.
  defaultLiteral: (field, value) =>
    value.kind === 'decimal' ? stringLiteral(String(canonicalDecimal(value.value, field.scale))) : undefined,
  schemaOptions: (names, field) => ["type: 'string'", `pattern: ${patternConstant(names, field)}.source`],
  schemaImports: (names, field) => [{ source: 'entity', name: patternConstant(names, field) }],
  validators: (names, field) => ({
    lines: [
      `@CanonicalDecimal(${field.scale})`,
      '@IsString()',
      `@Matches(${patternConstant(names, field)}, { message: '${decimalMessage(field.precision, field.scale)}' })`,
    ],
    imports: [common('CanonicalDecimal'), validator('IsString'), validator('Matches')],
  }),
  wireType: () => 'string',
  responseSchema: (_names, field) => ({
    options: ["type: 'string'", `description: 'numeric(${field.precision},${field.scale}) as text'`],
    imports: [],
  }),
  sample: (field) => same(stringLiteral(decimalSample(field.precision, field.scale))),
  uniqueFactoryValue(_names, field) {
    const integerDigits = field.precision - field.scale;
    const fraction = field.scale === 0 ? '' : `.${'0'.repeat(field.scale)}`;
    if (integerDigits > 0) {
      return sequenced(`\`\${sequence % ${numberLiteral(10 ** Math.min(integerDigits, 15))}}${fraction}\``);
    }
    // numeric(s,s) holds only fractions: vary the fraction digits.
    const modulus = numberLiteral(10 ** Math.min(field.scale, 15));
    return sequenced(`\`0.\${String(sequence % ${modulus}).padStart(${field.scale}, '0')}\``);
  },
  alternative: (field) => fixed(stringLiteral(`0${field.scale === 0 ? '' : `.${'0'.repeat(field.scale)}`}`)),
  invalidValues(field) {
    const integerDigits = field.precision - field.scale;
    return [
      '12.5',
      "'1e3'",
      "' 1'",
      stringLiteral('9'.repeat(integerDigits + 1)),
      stringLiteral(field.scale === 0 ? '1.5' : `0.${'1'.repeat(field.scale + 1)}`),
    ];
  },
  boundaryValues(field) {
    const integerPart = field.precision === field.scale ? '0' : '9'.repeat(field.precision - field.scale);
    const largest = `${integerPart}${field.scale === 0 ? '' : `.${'9'.repeat(field.scale)}`}`;
    return [stringLiteral(largest), stringLiteral(`-${largest}`)];
  },
  invalidQueryText: 'not-a-value',
};
