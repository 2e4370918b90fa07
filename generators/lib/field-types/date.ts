import {
  common,
  type FieldBase,
  type FieldType,
  filterWhenIndexed,
  fixed,
  noArguments,
  same,
  sequenced,
} from './field-type';

/** `date`: a calendar date, `YYYY-MM-DD` text end to end. */
export interface DateField extends FieldBase {
  readonly type: 'date';
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function isCalendarDate(value: string): boolean {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

export const dateType: FieldType<DateField> = {
  name: 'date',
  parseArguments: (args) => noArguments<DateField>('date', args),
  indexable: true,
  uniqueable: true,
  parseDefault(_field, value, raw) {
    if (!ISO_DATE.test(value) || !isCalendarDate(value))
      return { message: `default "${raw}" is not a date YYYY-MM-DD` };
    return { kind: 'string', value };
  },
  exampleDefault: () => '2026-01-01',
  isFilterable: (field) => field.indexed || field.unique,
  notFilterableReason: filterWhenIndexed,
  column: () => ({ constants: [], options: ["type: 'date'"], tsType: 'string' }),
  schemaOptions: () => ["type: 'string'", "format: 'date'"],
  schemaImports: () => [],
  validators: () => ({ lines: ['@IsIsoDate()'], imports: [common('IsIsoDate')] }),
  wireType: () => 'string',
  responseSchema: () => ({ options: ["type: 'string'", "format: 'date'"], imports: [] }),
  sample: () => same("'2026-01-31'"),
  uniqueFactoryValue: () => sequenced('new Date(Date.UTC(2026, 0, sequence)).toISOString().slice(0, 10)'),
  alternative: () => fixed("'2027-12-31'"),
  invalidValues: () => ["'2026-02-30'", "'2026-01-31T00:00:00Z'", "'0000-01-01'"],
  boundaryValues: () => ["'0001-01-01'", "'9999-12-31'"],
  invalidQueryText: 'not-a-value',
};
