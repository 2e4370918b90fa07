import {
  common,
  type FieldBase,
  type FieldType,
  fixed,
  noArguments,
  noExactFilter,
  SAMPLE_TIMESTAMP,
  sequenced,
} from './field-type';

/** `datetime`: timestamptz(3), a `Date` in the entity and ISO-8601 on the wire. */
export interface DatetimeField extends FieldBase {
  readonly type: 'datetime';
}

const toDate = (expression: string): string => `new Date(${expression})`;

export const datetimeType: FieldType<DatetimeField> = {
  name: 'datetime',
  parseArguments: (args) => noArguments<DatetimeField>('datetime', args),
  indexable: true,
  uniqueable: true,
  parseDefault(field, value) {
    if (value !== 'now') return { message: 'a datetime default can only be now', hint: `${field.name}:datetime=now` };
    return { kind: 'now' };
  },
  exampleDefault: () => 'now',
  isFilterable: () => false,
  notFilterableReason: noExactFilter,
  column: () => ({ constants: [], options: ["type: 'timestamptz'", 'precision: TIMESTAMP_PRECISION'], tsType: 'Date' }),
  schemaOptions: () => ["type: 'string'", "format: 'date-time'"],
  schemaImports: () => [],
  validators: () => ({ lines: ['@IsIsoTimestamp()'], imports: [common('IsIsoTimestamp')] }),
  wireType: () => 'string',
  responseSchema: () => ({ options: ["type: 'string'", "format: 'date-time'"], imports: [] }),
  mapperExpression: (field, value) => (field.nullable ? `${value}?.toISOString() ?? null` : `${value}.toISOString()`),
  insertExpression(_names, field, value) {
    if (field.default?.kind === 'now') {
      return field.nullable
        ? `${value} === undefined ? new Date() : ${value} === null ? null : ${toDate(value)}`
        : `${value} === undefined ? new Date() : ${toDate(value)}`;
    }
    return field.nullable ? `${value} === undefined || ${value} === null ? null : ${toDate(value)}` : toDate(value);
  },
  changeExpression: (field, value) => (field.nullable ? `${value} === null ? null : ${toDate(value)}` : toDate(value)),
  sample: () => ({ wire: `'${SAMPLE_TIMESTAMP}'`, entity: `new Date('${SAMPLE_TIMESTAMP}')` }),
  uniqueFactoryValue: () => sequenced(`new Date(Date.parse('${SAMPLE_TIMESTAMP}') + sequence).toISOString()`),
  alternative: () => fixed("'2027-12-31T23:59:59.999Z'"),
  invalidValues: () => ["'2026-01-31T12:00:00'", "'yesterday'", '0'],
  boundaryValues: () => [],
  invalidQueryText: 'not-a-value',
};
