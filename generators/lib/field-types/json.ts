import {
  common,
  type FieldBase,
  type FieldType,
  fixed,
  JSON_OBJECT_IMPORT,
  noArguments,
  noDefault,
  noExactFilter,
  same,
} from './field-type';

/** `json`: a jsonb object typed `JsonObject`, no NUL anywhere inside. */
export interface JsonField extends FieldBase {
  readonly type: 'json';
}

const schemaOptions = (): string[] => ["type: 'object'", 'additionalProperties: true'];

export const jsonType: FieldType<JsonField> = {
  name: 'json',
  parseArguments: (args) => noArguments<JsonField>('json', args),
  indexable: false,
  uniqueable: false,
  parseDefault: noDefault,
  isFilterable: () => false,
  notFilterableReason: noExactFilter,
  column: () => ({ constants: [], options: ["type: 'jsonb'"], tsType: 'JsonObject', imports: [JSON_OBJECT_IMPORT] }),
  schemaOptions,
  schemaImports: () => [],
  validators: () => ({ lines: ['@IsStorableJson()'], imports: [common('IsStorableJson')] }),
  wireType: () => 'JsonObject',
  wireImports: () => [JSON_OBJECT_IMPORT],
  responseSchema: () => ({ options: schemaOptions(), imports: [] }),
  sample: () => same("{ source: 'example' }"),
  alternative: () => fixed('{ changed: true }'),
  invalidValues: () => ["['an', 'array']", "'text'", "{ key: 'nul\\u0000byte' }"],
  boundaryValues: () => [],
  invalidQueryText: 'not-a-value',
};
