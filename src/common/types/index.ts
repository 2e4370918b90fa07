export type { JsonObject, JsonValue } from './json-object';
