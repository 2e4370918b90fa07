import { capitalize, type ModuleNames } from '../names';
import {
  common,
  cryptoImport,
  entityImport,
  type ExpressionView,
  type FieldBase,
  type FieldType,
  fieldWords,
  filterWhenIndexed,
  fitText,
  fixed,
  LIMITS,
  MAX_BOUNDARY_TEST_LENGTH,
  maxLengthConstant,
  numberLiteral,
  parseBound,
  same,
  type SampleView,
  sequenced,
  stringLiteral,
  validator,
} from './field-type';

/** `string(max)`: varchar(max), the reference's title. */
export interface StringField extends FieldBase {
  readonly type: 'string';
  readonly maxLength: number;
}

/** `text(max)`: text, the limit enforced by validation only (the reference's body). */
export interface TextField extends FieldBase {
  readonly type: 'text';
  readonly maxLength: number;
}

function sample(field: StringField | TextField): SampleView {
  return same(stringLiteral(fitText(capitalize(fieldWords(field)), field.maxLength)));
}

/** What `string` and `text` share: everything but the column and the argument bounds. */
export function textualType<F extends StringField | TextField>(
  type: F['type'],
  columnOptions: (names: ModuleNames, field: F) => string[],
  bounds: { readonly fallback: number; readonly max: number; readonly hint?: string },
  lengthLimited: boolean,
): FieldType<F> {
  return {
    name: type,
    parseArguments(args) {
      const maxLength = parseBound(args, bounds.fallback, 1, bounds.max);
      if (maxLength === undefined) {
        const message = `${type}(max) takes a maximum length between 1 and ${bounds.max}`;
        return bounds.hint ? { message, hint: bounds.hint } : { message };
      }
      return { type, maxLength } as unknown as Omit<F, keyof FieldBase>;
    },
    indexable: true,
    uniqueable: true,
    parseDefault(field, value) {
      if (value.length > field.maxLength) return { message: `default is longer than ${field.maxLength} characters` };
      if (value.includes('\0')) return { message: 'default contains a NUL character' };
      return { kind: 'string', value };
    },
    isFilterable: (field) => field.indexed || field.unique,
    notFilterableReason: filterWhenIndexed,
    column: (names, field) => ({
      constants: [`export const ${maxLengthConstant(names, field)} = ${numberLiteral(field.maxLength)};`],
      options: columnOptions(names, field),
      tsType: 'string',
    }),
    // `type` only where it cannot be inferred: a nullable property's design type is `Object` (from
    // `string | null`); a required one reads like the reference's (articles.title).
    schemaOptions: (names, field) => [
      ...(field.nullable ? ["type: 'string'"] : []),
      'minLength: 1',
      `maxLength: ${maxLengthConstant(names, field)}`,
    ],
    schemaImports: (names, field) => [entityImport(maxLengthConstant(names, field))],
    validators: (names, field) => ({
      lines: ['@IsString()', '@IsStorableText()', `@CodePointLength(1, ${maxLengthConstant(names, field)})`],
      imports: [validator('IsString'), common('IsStorableText'), common('CodePointLength')],
    }),
    wireType: () => 'string',
    // As in the request schema: `type` only for a nullable property, whose design type is `Object`.
    responseSchema: (_names, field) => ({ options: field.nullable ? ["type: 'string'"] : [], imports: [] }),
    sample,
    factoryValue(field) {
      const label = `${capitalize(fieldWords(field))} number `;
      return label.length + 6 <= field.maxLength ? sequenced(`\`${label}\${sequence}\``) : fixed(sample(field).wire);
    },
    uniqueFactoryValue(names, field): ExpressionView {
      const prefix = `${names.kebabSingular}-${fieldWords(field).replace(/ /g, '-')}`;
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
    },
    alternative: (field) => fixed(stringLiteral(fitText('Changed', field.maxLength))),
    invalidValues(field) {
      const values = ['42', "''", "'nul\\u0000byte'"];
      if (field.maxLength <= MAX_BOUNDARY_TEST_LENGTH) values.push(`'😀'.repeat(${field.maxLength + 1})`);
      return values;
    },
    boundaryValues: (field) => (field.maxLength <= MAX_BOUNDARY_TEST_LENGTH ? [`'😀'.repeat(${field.maxLength})`] : []),
    lengthLimited,
    // NUL is never storable text.
    invalidQueryText: 'nul%00',
  };
}

export const stringType = textualType<StringField>(
  'string',
  (names, field) => ["type: 'varchar'", `length: ${maxLengthConstant(names, field)}`],
  { fallback: LIMITS.defaultStringLength, max: LIMITS.maxStringLength, hint: 'for longer values use text(max)' },
  true,
);
