export type SortDirection = 'ASC' | 'DESC';

/** A sort query value: a field name for ascending order, `-` and the field name for descending. */
export type SortValue<Field extends string> = Field | `-${Field}`;

export interface SortOrder<Field extends string> {
  readonly field: Field;
  readonly direction: SortDirection;
}

export function sortValues<Field extends string>(fields: readonly Field[]): SortValue<Field>[] {
  return fields.flatMap((field): SortValue<Field>[] => [field, `-${field}`]);
}

export function parseSort<Field extends string>(sort: SortValue<Field>): SortOrder<Field> {
  return sort.startsWith('-')
    ? { field: sort.slice(1) as Field, direction: 'DESC' }
    : { field: sort as Field, direction: 'ASC' };
}
