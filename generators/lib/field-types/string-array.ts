import {
  common,
  type FieldBase,
  type FieldType,
  fitText,
  fixed,
  itemMaxLengthConstant,
  LIMITS,
  MAX_BOUNDARY_TEST_LENGTH,
  maxCountConstant,
  noDefault,
  noExactFilter,
  numberLiteral,
  parseBound,
  same,
  stringLiteral,
  validator,
} from './field-type';

/** `string[](max)`: varchar(max)[], at most 100 distinct items, `{}` when omitted. */
export interface StringArrayField extends FieldBase {
  readonly type: 'string[]';
  readonly maxLength: number;
  readonly maxItems: number;
}

export const stringArrayType: FieldType<StringArrayField> = {
  name: 'string[]',
  parseArguments(args) {
    const maxLength = parseBound(args, LIMITS.defaultStringLength, 1, LIMITS.maxStringLength);
    if (maxLength === undefined) {
      return { message: `string[](max) takes a maximum item length between 1 and ${LIMITS.maxStringLength}` };
    }
    return { type: 'string[]', maxLength, maxItems: LIMITS.arrayMaxItems };
  },
  indexable: false,
  uniqueable: false,
  parseDefault: noDefault,
  emptyWhenOmitted: true,
  isFilterable: () => false,
  notFilterableReason: noExactFilter,
  column: (names, field) => ({
    constants: [
      `export const ${maxCountConstant(names, field)} = ${numberLiteral(field.maxItems)};`,
      `export const ${itemMaxLengthConstant(names, field)} = ${numberLiteral(field.maxLength)};`,
    ],
    options: [
      "type: 'varchar'",
      `length: ${itemMaxLengthConstant(names, field)}`,
      'array: true',
      // A required list starts empty rather than forcing every client to send [].
      ...(field.nullable ? [] : [`default: () => "'{}'"`]),
    ],
    tsType: 'string[]',
  }),
  schemaOptions: (names, field) => [
    "type: 'array'",
    `items: { type: 'string', minLength: 1, maxLength: ${itemMaxLengthConstant(names, field)} }`,
    `maxItems: ${maxCountConstant(names, field)}`,
    'uniqueItems: true',
  ],
  schemaImports: (names, field) => [
    { source: 'entity', name: maxCountConstant(names, field) },
    { source: 'entity', name: itemMaxLengthConstant(names, field) },
  ],
  validators(names, field) {
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
  },
  wireType: () => 'string[]',
  responseSchema: () => ({ options: ['type: [String]'], imports: [] }),
  sample: (field) =>
    same(`[${stringLiteral(fitText('one', field.maxLength))}, ${stringLiteral(fitText('two', field.maxLength))}]`),
  alternative: (field) => fixed(`[${stringLiteral(fitText('changed', field.maxLength))}]`),
  invalidValues: (field) => [
    "'one'",
    "['same', 'same']",
    '[42]',
    "['']",
    `Array.from({ length: ${field.maxItems + 1} }, (_, index) => String(index))`,
  ],
  boundaryValues(field) {
    const values: string[] = [];
    if (field.maxLength <= MAX_BOUNDARY_TEST_LENGTH) values.push(`['😀'.repeat(${field.maxLength})]`);
    // Distinct items "0", "1"…: only when the longest of them fits an item.
    if (String(field.maxItems - 1).length <= field.maxLength) {
      values.push(`Array.from({ length: ${field.maxItems} }, (_, index) => String(index))`);
    }
    return values;
  },
  lengthLimited: true,
  invalidQueryText: 'not-a-value',
};
