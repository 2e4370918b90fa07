import {
  cryptoImport,
  type ExpressionView,
  type FieldBase,
  type FieldType,
  noArguments,
  same,
  validator,
} from './field-type';

/** `uuid`: a reference to something outside the database, or an external id. */
export interface UuidField extends FieldBase {
  readonly type: 'uuid';
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const randomId = (): ExpressionView => ({
  expression: 'randomUUID()',
  imports: [cryptoImport('randomUUID')],
  usesSequence: false,
});

export const uuidType: FieldType<UuidField> = {
  name: 'uuid',
  parseArguments: (args) => noArguments<UuidField>('uuid', args),
  indexable: true,
  uniqueable: true,
  parseDefault(_field, value, raw) {
    if (!UUID.test(value)) return { message: `default "${raw}" is not a lowercase UUID` };
    return { kind: 'string', value };
  },
  isFilterable: () => true,
  column: () => ({ constants: [], options: ["type: 'uuid'"], tsType: 'string' }),
  schemaOptions: () => ["type: 'string'", "format: 'uuid'"],
  schemaImports: () => [],
  validators: () => ({ lines: ["@IsUUID('all')"], imports: [validator('IsUUID')] }),
  wireType: () => 'string',
  responseSchema: () => ({ options: ["type: 'string'", "format: 'uuid'"], imports: [] }),
  sample: () => same("'0b9e6a3e-8f2b-4c57-9a0e-2f4b1c7d5e6f'"),
  factoryValue: randomId,
  uniqueFactoryValue: randomId,
  alternative: (_field, factory) => factory,
  invalidValues: () => ["'not-a-uuid'", '42'],
  boundaryValues: () => [],
  invalidQueryText: 'not-a-value',
};
