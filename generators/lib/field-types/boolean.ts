import { type FieldBase, type FieldType, fixed, noArguments, same, validator } from './field-type';

/** `boolean`. */
export interface BooleanField extends FieldBase {
  readonly type: 'boolean';
}

export const booleanType: FieldType<BooleanField> = {
  name: 'boolean',
  parseArguments: (args) => noArguments<BooleanField>('boolean', args),
  indexable: true,
  uniqueable: false,
  parseDefault(_field, value, raw) {
    if (value !== 'true' && value !== 'false') return { message: `default "${raw}" is not true or false` };
    return { kind: 'boolean', value: value === 'true' };
  },
  exampleDefault: () => 'false',
  isFilterable: () => true,
  column: () => ({ constants: [], options: ["type: 'boolean'"], tsType: 'boolean' }),
  schemaOptions: () => ["type: 'boolean'"],
  schemaImports: () => [],
  validators: () => ({ lines: ['@IsBoolean()'], imports: [validator('IsBoolean')] }),
  queryConversion: { lines: ['@QueryBoolean()'], imports: [{ source: 'validation', name: 'QueryBoolean' }] },
  wireType: () => 'boolean',
  responseSchema: () => ({ options: ["type: 'boolean'"], imports: [] }),
  sample: () => same('true'),
  alternative: () => fixed('false'),
  invalidValues: () => ["'true'", '1'],
  boundaryValues: () => [],
  invalidQueryText: 'not-a-value',
};
