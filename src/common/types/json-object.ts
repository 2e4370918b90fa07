/**
 * A JSON value as a `jsonb` column returns it. Nested objects and arrays are `object` rather than
 * `unknown`: TypeORM's partial-entity types, used by `insert()` and `update()`, accept `object`
 * but not `unknown`, and a recursive JSON type is too deep for them.
 */
export type JsonValue = string | number | boolean | null | object;

/** What a `json` field holds: always an object at the top level (`@IsStorableJson()`). */
export type JsonObject = Record<string, JsonValue>;
