import { closestMatch } from './suggest';
import { JS_RESERVED_WORDS, RESERVED_COLUMN_NAMES, SQL_RESERVED_WORDS } from './reserved-words';
import { toSnakeCase } from './names';

export const FIELD_TYPES = [
  'string',
  'text',
  'int',
  'decimal',
  'boolean',
  'date',
  'datetime',
  'uuid',
  'enum',
  'json',
  'string[]',
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export const FIELD_MODIFIERS = ['unique', 'index'] as const;
export type FieldModifier = (typeof FIELD_MODIFIERS)[number];

/** Bounds the spec grammar enforces; documented in docs/generators.md. */
export const LIMITS = {
  defaultStringLength: 255,
  maxStringLength: 10_000,
  defaultTextLength: 10_000,
  maxTextLength: 1_000_000,
  defaultDecimal: { precision: 12, scale: 2 },
  maxDecimalPrecision: 38,
  int32: { min: -2_147_483_648, max: 2_147_483_647 },
  arrayMaxItems: 100,
  maxEnumValues: 50,
  /** PostgreSQL truncates identifiers at 63 bytes; generated index names add a prefix. */
  maxColumnNameLength: 40,
} as const;

export type FieldDefault =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'decimal'; readonly value: string }
  | { readonly kind: 'boolean'; readonly value: boolean }
  | { readonly kind: 'now' };

interface FieldBase {
  /** camelCase property name. */
  readonly name: string;
  /** snake_case column name, as the naming strategy derives it. */
  readonly column: string;
  /** `?`: the property may be omitted on create and the column is nullable. */
  readonly nullable: boolean;
  readonly unique: boolean;
  readonly indexed: boolean;
  readonly default?: FieldDefault;
}

export type FieldDefinition = FieldBase &
  (
    | { readonly type: 'string' | 'text'; readonly maxLength: number }
    | { readonly type: 'int'; readonly min: number; readonly max: number }
    | { readonly type: 'decimal'; readonly precision: number; readonly scale: number }
    | { readonly type: 'boolean' | 'date' | 'datetime' | 'uuid' | 'json' }
    | { readonly type: 'enum'; readonly values: readonly string[] }
    | { readonly type: 'string[]'; readonly maxLength: number; readonly maxItems: number }
  );

/** One problem in a spec, located so the CLI can point at it. */
export interface SpecProblem {
  /** 0-based offset of the offending text in the whole spec string. */
  readonly offset: number;
  readonly token: string;
  readonly message: string;
  readonly hint?: string;
}

export class FieldSpecError extends Error {
  constructor(
    readonly spec: string,
    readonly problems: readonly SpecProblem[],
  ) {
    super(problems.map((problem) => formatProblem(spec, problem)).join('\n\n'));
    this.name = 'FieldSpecError';
  }
}

/** Renders a problem with its column and a caret under the offending text. */
export function formatProblem(spec: string, problem: SpecProblem): string {
  const lines = [`column ${problem.offset + 1}, "${problem.token}": ${problem.message}`];
  if (problem.hint) lines.push(`  hint: ${problem.hint}`);
  lines.push(`  ${spec}`, `  ${' '.repeat(problem.offset)}${'^'.repeat(Math.max(1, problem.token.length))}`);
  return lines.join('\n');
}

interface Token {
  readonly text: string;
  readonly offset: number;
}

const TYPE_ALIASES: Readonly<Record<string, string>> = {
  varchar: 'string',
  str: 'string',
  integer: 'int',
  number: 'int or decimal(p,s)',
  float: 'decimal(p,s)',
  double: 'decimal(p,s)',
  numeric: 'decimal(p,s)',
  money: 'decimal(p,s)',
  bool: 'boolean',
  timestamp: 'datetime',
  timestamptz: 'datetime',
  jsonb: 'json',
  object: 'json',
  array: 'string[]',
};

const FIELD_NAME = /^[a-z][a-zA-Z0-9]*$/;
const ENUM_VALUE = /^[a-z][a-z0-9_]*$/;
const INTEGER = /^-?\d+$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Parses a whitespace-separated list of `name:type[(args)][[]][?][:modifier...][=default]` fields.
 * Every field is checked even after a failure, so one run reports every problem at once.
 *
 * @param existing property names already present (e.g. on an entity the `field` generator edits).
 * @param table `existing` when the columns are added to a table that may hold rows: every
 *   required field then needs a default, since ADD COLUMN … NOT NULL fails on a non-empty table.
 */
export function parseFieldSpec(
  spec: string,
  existing: readonly string[] = [],
  table: 'new' | 'existing' = 'new',
): FieldDefinition[] {
  const { tokens, problems } = tokenize(spec);
  const fields: FieldDefinition[] = [];
  const seen = new Set(existing);
  if (tokens.length === 0 && problems.length === 0) {
    problems.push({ offset: 0, token: spec, message: 'no fields given', hint: 'e.g. "title:string(200) body:text"' });
  }
  for (const token of tokens) {
    const result = parseField(token);
    if ('problems' in result) {
      problems.push(...result.problems);
      continue;
    }
    if (seen.has(result.field.name)) {
      problems.push({
        offset: token.offset,
        token: result.field.name,
        message: existing.includes(result.field.name)
          ? `field "${result.field.name}" already exists`
          : `field "${result.field.name}" is declared twice`,
      });
      continue;
    }
    seen.add(result.field.name);
    const backfill = table === 'existing' ? backfillProblem(result.field, token.text) : undefined;
    if (backfill) {
      problems.push({ offset: token.offset, token: token.text, ...backfill });
      continue;
    }
    fields.push(result.field);
  }
  if (problems.length > 0) throw new FieldSpecError(spec, problems);
  return fields;
}

/** Splits on whitespace outside parentheses and double quotes. */
function tokenize(spec: string): { tokens: Token[]; problems: SpecProblem[] } {
  const tokens: Token[] = [];
  const problems: SpecProblem[] = [];
  let start = -1;
  let depth = 0;
  let quoted = false;
  const flush = (end: number): void => {
    if (start >= 0) tokens.push({ text: spec.slice(start, end), offset: start });
    start = -1;
  };
  for (let index = 0; index < spec.length; index += 1) {
    const char = spec.charAt(index);
    if (!quoted && depth === 0 && /\s/.test(char)) {
      flush(index);
      continue;
    }
    if (start < 0) start = index;
    if (char === '"') quoted = !quoted;
    else if (!quoted && char === '(') depth += 1;
    else if (!quoted && char === ')') depth = Math.max(0, depth - 1);
  }
  if (quoted || depth > 0) {
    problems.push({
      offset: start,
      token: spec.slice(start),
      message: quoted ? 'unterminated double quote' : 'unclosed parenthesis',
    });
    return { tokens, problems };
  }
  flush(spec.length);
  return { tokens, problems };
}

type FieldResult = { field: FieldDefinition } | { problems: SpecProblem[] };

const FIELD_SHAPE =
  /^(?<name>[^:=?]*):(?<type>[A-Za-z][A-Za-z0-9_]*)(?<array1>\[\])?(?:\((?<args>[^)]*)\))?(?<array2>\[\])?(?<optional>\?)?(?<modifiers>(?::[^:=]*)*)(?:=(?<default>.*))?$/s;

function parseField(token: Token): FieldResult {
  const at = (relative: number, text: string, message: string, hint?: string): FieldResult => ({
    problems: [{ offset: token.offset + relative, token: text, message, ...(hint ? { hint } : {}) }],
  });
  const match = FIELD_SHAPE.exec(token.text);
  if (!match?.groups) {
    const hint = token.text.includes(':')
      ? 'the shape is name:type(args)?:modifier=default, e.g. price:decimal(10,2)? or sku:string(40):unique'
      : `add a type, e.g. ${token.text}:string(200)`;
    return at(0, token.text, 'not a field definition', hint);
  }
  const groups = match.groups as Record<string, string | undefined>;
  const name = groups.name ?? '';
  const typeOffset = name.length + 1;
  const problems: SpecProblem[] = [];
  const nameProblem = checkFieldName(name);
  if (nameProblem) problems.push({ offset: token.offset, token: name, ...nameProblem });

  const array = Boolean(groups.array1 ?? groups.array2);
  const typeName = `${groups.type ?? ''}${array ? '[]' : ''}`;
  if (!(FIELD_TYPES as readonly string[]).includes(typeName)) {
    return {
      problems: [...problems, { offset: token.offset + typeOffset, token: typeName, ...unknownType(typeName) }],
    };
  }
  const type = typeName as FieldType;
  const argsOffset = typeOffset + (groups.type ?? '').length + (groups.array1 ? 2 : 0);
  const typed = parseTypeArguments(type, groups.args);
  if ('message' in typed) {
    const located =
      groups.args === undefined
        ? { offset: token.offset + typeOffset, token: typeName }
        : { offset: token.offset + argsOffset, token: `(${groups.args})` };
    problems.push({ ...located, ...typed });
  }

  const modifiersText = groups.modifiers ?? '';
  const defaultLength = groups.default === undefined ? 0 : groups.default.length + 1;
  const modifiersOffset = token.text.length - defaultLength - modifiersText.length;
  const modifiers = new Set<FieldModifier>();
  let cursor = modifiersOffset;
  for (const modifier of modifiersText.split(':').slice(1)) {
    cursor += 1;
    const problem = checkModifier(modifier, type, modifiers);
    if (problem) problems.push({ offset: token.offset + cursor, token: modifier || ':', ...problem });
    else modifiers.add(modifier as FieldModifier);
    cursor += modifier.length;
  }
  if (problems.length > 0 || 'message' in typed) return { problems };

  const base = {
    name,
    column: toSnakeCase(name),
    nullable: groups.optional === '?',
    unique: modifiers.has('unique'),
    indexed: modifiers.has('index'),
  };
  const field = { ...base, ...typed } as FieldDefinition;
  if (groups.default === undefined) return { field };

  const defaultOffset = token.text.length - groups.default.length;
  const parsedDefault = parseDefault(field, groups.default);
  if ('message' in parsedDefault)
    return at(defaultOffset, groups.default || '=', parsedDefault.message, parsedDefault.hint);
  return { field: { ...field, default: parsedDefault } };
}

interface Complaint {
  readonly message: string;
  readonly hint?: string;
}

function checkFieldName(name: string): Complaint | undefined {
  if (name === '') return { message: 'missing field name', hint: 'e.g. title:string(200)' };
  if (!FIELD_NAME.test(name)) {
    const camel = toCamelCase(name);
    return {
      message: 'field names are camelCase (letters and digits, starting with a lowercase letter)',
      ...(FIELD_NAME.test(camel) ? { hint: `use "${camel}"` } : {}),
    };
  }
  if (RESERVED_COLUMN_NAMES.has(name)) {
    return { message: `"${name}" is generated for every entity`, hint: 'choose another name' };
  }
  if (JS_RESERVED_WORDS.has(name)) return { message: `"${name}" is a JavaScript/TypeScript reserved word` };
  const column = toSnakeCase(name);
  if (SQL_RESERVED_WORDS.has(column)) {
    return { message: `column "${column}" is an SQL reserved word`, hint: `e.g. "${name}Name" or "${name}Value"` };
  }
  if (column.length > LIMITS.maxColumnNameLength) {
    return { message: `column "${column}" is longer than ${LIMITS.maxColumnNameLength} characters` };
  }
  return undefined;
}

/**
 * Existing rows need a value for a new NOT NULL column. Guessing one (an empty string, zero) would
 * silently invent data, so the spec must say it: a default, or `?` to leave existing rows empty.
 * Lists need neither: a required string[] column defaults to an empty list.
 */
function backfillProblem(field: FieldDefinition, text: string): Complaint | undefined {
  if (field.nullable || field.default !== undefined || field.type === 'string[]') return undefined;
  const message = `required field "${field.name}" needs a default: existing rows must get a value`;
  if (field.unique) {
    return {
      message,
      hint: 'a unique field cannot have a default; add it optional with ?, fill it, then make it NOT NULL by hand',
    };
  }
  if (field.type === 'json')
    return { message, hint: `json fields cannot have a default; add it optional: ${field.name}:json?` };
  return { message, hint: `add a default, e.g. ${text}=${exampleDefault(field)}, or make it optional with ?` };
}

/** A default of the right shape for the hint; the developer picks the real value. */
function exampleDefault(field: FieldDefinition): string {
  switch (field.type) {
    case 'int':
      return String(Math.min(Math.max(0, field.min), field.max));
    case 'decimal':
      return '0';
    case 'boolean':
      return 'false';
    case 'date':
      return '2026-01-01';
    case 'datetime':
      return 'now';
    case 'enum':
      return field.values[0] ?? '';
    default:
      return '"…"';
  }
}

function unknownType(typeName: string): Complaint {
  const alias = TYPE_ALIASES[typeName.toLowerCase()];
  const close = closestMatch(typeName, FIELD_TYPES);
  const suggestion = alias ?? close;
  return {
    message: `unknown type "${typeName}"`,
    hint: `${suggestion ? `did you mean ${suggestion}? ` : ''}types: ${FIELD_TYPES.join(', ')}`,
  };
}

/** The type-specific half of a definition; distributes over the union so each member keeps its shape. */
type TypedPart = FieldDefinition extends infer Member
  ? Member extends unknown
    ? Omit<Member, keyof FieldBase>
    : never
  : never;

function parseTypeArguments(type: FieldType, args: string | undefined): TypedPart | Complaint {
  switch (type) {
    case 'string':
    case 'text': {
      const max = type === 'string' ? LIMITS.maxStringLength : LIMITS.maxTextLength;
      const fallback = type === 'string' ? LIMITS.defaultStringLength : LIMITS.defaultTextLength;
      const maxLength = parseBound(args, fallback, 1, max);
      if (maxLength === undefined) {
        const message = `${type}(max) takes a maximum length between 1 and ${max}`;
        return type === 'string' ? { message, hint: 'for longer values use text(max)' } : { message };
      }
      return { type, maxLength };
    }
    case 'string[]': {
      const maxLength = parseBound(args, LIMITS.defaultStringLength, 1, LIMITS.maxStringLength);
      if (maxLength === undefined) {
        return { message: `string[](max) takes a maximum item length between 1 and ${LIMITS.maxStringLength}` };
      }
      return { type, maxLength, maxItems: LIMITS.arrayMaxItems };
    }
    case 'int':
      return parseIntRange(args);
    case 'decimal':
      return parseDecimal(args);
    case 'enum':
      return parseEnumValues(args);
    default:
      if (args !== undefined) return { message: `${type} takes no arguments`, hint: `write just ${type}` };
      return { type };
  }
}

function parseBound(args: string | undefined, fallback: number, min: number, max: number): number | undefined {
  if (args === undefined) return fallback;
  const trimmed = args.trim();
  if (!/^\d+$/.test(trimmed)) return undefined;
  const value = Number(trimmed);
  return value >= min && value <= max ? value : undefined;
}

function parseIntRange(args: string | undefined): TypedPart | Complaint {
  const { min, max } = LIMITS.int32;
  if (args === undefined) return { type: 'int', min, max };
  const range = /^\s*(-?\d+)\s*\.\.\s*(-?\d+)\s*$/.exec(args);
  const hint = 'e.g. int(0..1000); omit the range for any 32-bit integer';
  if (!range) return { message: 'int takes an optional range min..max', hint };
  const low = Number(range[1]);
  const high = Number(range[2]);
  if (low < min || high > max) return { message: `int range must stay within ${min}..${max}`, hint };
  if (low > high) return { message: `range minimum ${low} is greater than maximum ${high}`, hint };
  return { type: 'int', min: low, max: high };
}

function parseDecimal(args: string | undefined): TypedPart | Complaint {
  if (args === undefined) return { type: 'decimal', ...LIMITS.defaultDecimal };
  const parts = /^\s*(\d+)\s*,\s*(\d+)\s*$/.exec(args);
  const hint = 'e.g. decimal(10,2): 10 digits in total, 2 after the point';
  if (!parts) return { message: 'decimal takes (precision,scale)', hint };
  const precision = Number(parts[1]);
  const scale = Number(parts[2]);
  if (precision < 1 || precision > LIMITS.maxDecimalPrecision) {
    return { message: `decimal precision must be between 1 and ${LIMITS.maxDecimalPrecision}`, hint };
  }
  if (scale > precision) return { message: `decimal scale ${scale} exceeds precision ${precision}`, hint };
  return { type: 'decimal', precision, scale };
}

function parseEnumValues(args: string | undefined): TypedPart | Complaint {
  const hint = 'e.g. enum(draft,published); values are lowercase snake_case';
  if (args === undefined || args.trim() === '') return { message: 'enum needs its values', hint };
  const values = args.split(',').map((value) => value.trim());
  const invalid = values.find((value) => !ENUM_VALUE.test(value));
  if (invalid !== undefined) return { message: `enum value "${invalid}" is not lowercase snake_case`, hint };
  const duplicate = values.find((value, index) => values.indexOf(value) !== index);
  if (duplicate !== undefined) return { message: `enum value "${duplicate}" is listed twice`, hint };
  if (values.length > LIMITS.maxEnumValues) return { message: `enum allows at most ${LIMITS.maxEnumValues} values` };
  return { type: 'enum', values };
}

/** Btree indexes and unique constraints make no sense on jsonb objects or arrays. */
const INDEXABLE_TYPES: ReadonlySet<FieldType> = new Set(
  FIELD_TYPES.filter((type) => type !== 'json' && type !== 'string[]'),
);

function checkModifier(modifier: string, type: FieldType, seen: ReadonlySet<FieldModifier>): Complaint | undefined {
  if (!(FIELD_MODIFIERS as readonly string[]).includes(modifier)) {
    const close = closestMatch(modifier, [...FIELD_MODIFIERS, 'optional']);
    const hint =
      close === 'optional' || modifier === 'nullable'
        ? 'optional/nullable is written as ? right after the type, e.g. dueAt:date?'
        : `modifiers: ${FIELD_MODIFIERS.join(', ')}; optional is ?, default is =value`;
    return {
      message: `unknown modifier "${modifier}"`,
      hint: close && close !== 'optional' ? `did you mean ${close}?` : hint,
    };
  }
  const typed = modifier as FieldModifier;
  if (seen.has(typed)) return { message: `modifier "${typed}" is repeated` };
  if (seen.size > 0) return { message: 'unique already creates an index; use only one of unique, index' };
  // A unique boolean or enum would allow only as many rows as it has values.
  if (!INDEXABLE_TYPES.has(type) || (typed === 'unique' && (type === 'boolean' || type === 'enum'))) {
    return { message: `${type} fields cannot be ${typed === 'unique' ? 'unique' : 'indexed'}` };
  }
  return undefined;
}

function parseDefault(field: FieldDefinition, raw: string): FieldDefault | Complaint {
  if (field.unique) return { message: 'a unique field cannot have a default: the second row would conflict' };
  const value = unquote(raw);
  switch (field.type) {
    case 'string':
    case 'text':
      if (value.length > field.maxLength) return { message: `default is longer than ${field.maxLength} characters` };
      if (value.includes('\0')) return { message: 'default contains a NUL character' };
      return { kind: 'string', value };
    case 'int': {
      const number = INTEGER.test(value) ? Number(value) : Number.NaN;
      if (Number.isNaN(number)) return { message: `default "${raw}" is not an integer` };
      if (number < field.min || number > field.max) {
        return { message: `default ${number} is outside ${field.min}..${field.max}` };
      }
      return { kind: 'number', value: number };
    }
    case 'decimal':
      if (!decimalPattern(field.precision, field.scale).test(value)) {
        return {
          message: `default "${raw}" is not a decimal(${field.precision},${field.scale})`,
          hint: `at most ${field.precision - field.scale} digits before and ${field.scale} after the point`,
        };
      }
      return { kind: 'decimal', value };
    case 'boolean':
      if (value !== 'true' && value !== 'false') return { message: `default "${raw}" is not true or false` };
      return { kind: 'boolean', value: value === 'true' };
    case 'enum':
      if (!field.values.includes(value)) {
        const close = closestMatch(value, field.values);
        return {
          message: `default "${raw}" is not one of ${field.values.join(', ')}`,
          ...(close ? { hint: `did you mean ${close}?` } : {}),
        };
      }
      return { kind: 'string', value };
    case 'date':
      if (!ISO_DATE.test(value) || !isCalendarDate(value))
        return { message: `default "${raw}" is not a date YYYY-MM-DD` };
      return { kind: 'string', value };
    case 'datetime':
      if (value !== 'now') return { message: 'a datetime default can only be now', hint: `${field.name}:datetime=now` };
      return { kind: 'now' };
    case 'uuid':
      if (!UUID.test(value)) return { message: `default "${raw}" is not a lowercase UUID` };
      return { kind: 'string', value };
    case 'json':
    case 'string[]':
      return { message: `${field.type} fields cannot have a default`, hint: 'make the field optional with ? instead' };
  }
}

/** The exact shape a numeric(precision, scale) column stores, as a string (no exponent, no +). */
export function decimalPattern(precision: number, scale: number): RegExp {
  const integerDigits = precision - scale;
  const integerPart = integerDigits === 0 ? '0' : `\\d{1,${integerDigits}}`;
  const fraction = scale === 0 ? '' : `(\\.\\d{1,${scale}})?`;
  return new RegExp(`^-?${integerPart}${fraction}$`);
}

function isCalendarDate(value: string): boolean {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

function unquote(raw: string): string {
  return raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"') ? raw.slice(1, -1) : raw;
}

function toCamelCase(name: string): string {
  return name
    .replace(/[-_\s]+(.)?/g, (_match, next: string | undefined) => (next ?? '').toUpperCase())
    .replace(/^[A-Z]/, (first) => first.toLowerCase());
}
