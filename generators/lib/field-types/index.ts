import { booleanType, type BooleanField } from './boolean';
import { dateType, type DateField } from './date';
import { datetimeType, type DatetimeField } from './datetime';
import { decimalType, type DecimalField } from './decimal';
import { enumType, type EnumField } from './enum';
import type { FieldType } from './field-type';
import { intType, type IntField } from './int';
import { jsonType, type JsonField } from './json';
import { refType, type RefField } from './ref';
import { stringType, type StringField } from './string';
import { stringArrayType, type StringArrayField } from './string-array';
import { textType, type TextField } from './text';
import { uuidType, type UuidField } from './uuid';

/** A parsed field of the spec: one member per type module. */
export type FieldDefinition =
  | StringField
  | TextField
  | IntField
  | DecimalField
  | BooleanField
  | DateField
  | DatetimeField
  | UuidField
  | EnumField
  | JsonField
  | StringArrayField
  | RefField;

export type FieldTypeName = FieldDefinition['type'];

type Registry = { readonly [Name in FieldTypeName]: FieldType<Extract<FieldDefinition, { type: Name }>> };

/** Every type of the grammar, in the order help and hints list them. */
const REGISTRY: Registry = {
  string: stringType,
  text: textType,
  int: intType,
  decimal: decimalType,
  boolean: booleanType,
  date: dateType,
  datetime: datetimeType,
  uuid: uuidType,
  enum: enumType,
  json: jsonType,
  'string[]': stringArrayType,
  ref: refType,
};

export const FIELD_TYPES = Object.keys(REGISTRY) as readonly FieldTypeName[];

export function isFieldTypeName(name: string): name is FieldTypeName {
  return Object.hasOwn(REGISTRY, name);
}

/** The rules of a field's type, typed for that field. */
export function rulesOf<F extends FieldDefinition>(field: F): FieldType<F> {
  // The registry is keyed by the discriminant, so the entry for `field.type` is `FieldType<F>`;
  // TypeScript cannot correlate the two through an indexed access.
  return REGISTRY[field.type] as unknown as FieldType<F>;
}

/** The rules of a type by name, for parsing (before there is a field). */
export function rulesNamed(name: FieldTypeName): FieldType {
  return REGISTRY[name];
}

export type { FieldType } from './field-type';
