import { moduleNames, toSnakeCase } from './names';
import { isRelationToken, parseRelation } from './relation-spec';
import { OBJECT_MEMBER_NAMES, RESERVED_COLUMN_NAMES } from './reserved-words';
import { closestMatch } from './suggest';

import {
  FIELD_TYPES,
  type FieldDefinition,
  type FieldTypeName,
  isFieldTypeName,
  rulesNamed,
  rulesOf,
} from './field-types';
import { type Complaint, type FieldDefault, LIMITS } from './field-types/field-type';
import type { RefField } from './field-types/ref';
import { type RefsField, refsProblem } from './field-types/refs';

export { decimalPattern } from './field-types/decimal';
export { FIELD_TYPES, LIMITS };
export type { FieldDefault, FieldDefinition, FieldTypeName };

export const FIELD_MODIFIERS = ['unique', 'index'] as const;
export type FieldModifier = (typeof FIELD_MODIFIERS)[number];

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
  modules?: RelationTargets,
): FieldDefinition[] {
  return parseSpec(spec, existing, table, modules, false).fields;
}

/** A module's spec: its columns, and its many-to-many relations (join tables, not columns). */
export interface ModuleSpec {
  readonly fields: FieldDefinition[];
  readonly lists: RefsField[];
}

/** `parseFieldSpec` for a new module, where `name:refs(module)` declares a many-to-many relation. */
export function parseModuleSpec(spec: string, modules: RelationTargets): ModuleSpec {
  return parseSpec(spec, [], 'new', modules, true);
}

/**
 * `parseFieldSpec` for an existing module (the `field` generator), where `name:refs(module)` adds
 * a many-to-many relation: a join table of its own, so a spec of lists alone is fine.
 */
export function parseModuleFieldSpec(spec: string, existing: readonly string[], modules: RelationTargets): ModuleSpec {
  return parseSpec(spec, existing, 'existing', modules, true);
}

function parseSpec(
  spec: string,
  existing: readonly string[],
  table: 'new' | 'existing',
  modules: RelationTargets | undefined,
  listsAllowed: boolean,
): ModuleSpec {
  const { tokens, problems } = tokenize(spec);
  const fields: FieldDefinition[] = [];
  const lists: RefsField[] = [];
  const seen = new Set(existing);
  if (tokens.length === 0 && problems.length === 0) {
    problems.push({ offset: 0, token: spec, message: 'no fields given', hint: 'e.g. "title:string(200) body:text"' });
  }
  for (const token of tokens) {
    const result = isRelationToken(token.text)
      ? parseRelationField(token, modules, table, listsAllowed)
      : parseField(token);
    if ('problems' in result) {
      problems.push(...result.problems);
      continue;
    }
    if ('list' in result) {
      const { list } = result;
      const names = [list.name, list.idsProperty, list.filterParameter];
      const taken = names.find((name) => seen.has(name));
      if (taken !== undefined) {
        problems.push({ offset: token.offset, token: token.text, message: `"${taken}" is already a field name` });
        continue;
      }
      for (const name of names) seen.add(name);
      lists.push(list);
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
    const relation = result.field.type === 'ref' ? result.field.relation : undefined;
    if (relation !== undefined && seen.has(relation)) {
      problems.push({ offset: token.offset, token: relation, message: `"${relation}" is already a field name` });
      continue;
    }
    seen.add(result.field.name);
    if (relation !== undefined) seen.add(relation);
    const backfill = table === 'existing' ? backfillProblem(result.field, token.text) : undefined;
    if (backfill) {
      problems.push({ offset: token.offset, token: token.text, ...backfill });
      continue;
    }
    fields.push(result.field);
  }
  if (problems.length === 0 && table === 'new' && lists.length > 0 && fields.length === 0) {
    problems.push({
      offset: 0,
      token: spec,
      message: 'a module needs at least one column besides its many-to-many relations',
      hint: 'e.g. "name:string(100) labels:refs(labels)"',
    });
  }
  if (problems.length > 0) throw new FieldSpecError(spec, problems);
  return { fields, lists };
}

/** The modules a relation may name: the existing ones, and the module itself (a self-reference). */
export interface RelationTargets {
  readonly existing: readonly string[];
  readonly self: string;
}

/**
 * A relation token (`customer:ref(customers)`), parsed and its target checked by `relation-spec.ts`.
 * A belongs-to becomes a `ref` field, the foreign key `customerId`; a many-to-many a `refs` list
 * (`field-types/refs.ts`), which the specs of modules declare (`parseModuleSpec`, `parseModuleFieldSpec`).
 */
function parseRelationField(
  token: Token,
  modules: RelationTargets | undefined,
  table: 'new' | 'existing',
  listsAllowed: boolean,
): FieldResult | { list: RefsField } {
  const at = (problem: { message: string; hint?: string }): SpecProblem => ({
    offset: token.offset,
    token: token.text,
    ...problem,
  });
  if (!modules) {
    return { problems: [at({ message: 'a relation cannot be used here', hint: 'relations belong to module specs' })] };
  }
  const result = parseRelation(token.text, modules.existing, modules.self);
  if ('problems' in result) return { problems: result.problems.map(at) };
  const { relation } = result;
  if (relation.kind === 'refs') {
    if (!listsAllowed) {
      return {
        problems: [
          at({
            message: 'a many-to-many relation is not a column: it belongs to the spec of a module',
            hint: `declare it with \`module <name> --fields "… ${token.text}"\` or add it with \`field <module> --fields "${token.text}"\``,
          }),
        ],
      };
    }
    const list: RefsField = {
      type: 'refs',
      name: relation.name,
      singular: relation.filterParameter.replace(/Id$/, ''),
      idsProperty: relation.idsProperty,
      filterParameter: relation.filterParameter,
      target: relation.target,
    };
    // The prompt checks the fields before the module name is known to be valid (`self` is '' then).
    const owner = modules.self === '' ? undefined : moduleNames(modules.self);
    const problem =
      checkFieldName(list.name) ?? checkFieldName(list.idsProperty) ?? (owner && refsProblem(owner, list));
    return problem ? { problems: [at(problem)] } : { list };
  }
  // Existing rows cannot name a parent the spec does not know: the key starts empty.
  if (table === 'existing' && !relation.nullable) {
    const action = relation.onDelete === 'restrict' ? '' : `:${relation.onDelete}`;
    return {
      problems: [
        at({
          message: `required relation "${relation.name}" cannot be added to a table that may hold rows: they have no ${relation.name} to point at`,
          hint: `add it optional (${relation.name}:ref(${relation.target})?${action}), set ${relation.foreignKey} on every row, then make the column and the DTO property required by hand`,
        }),
      ],
    };
  }
  if (relation.target === modules.self && !relation.nullable) {
    return {
      problems: [
        at({
          message: 'a required self-reference leaves no way to create the first row',
          hint: `make it optional: ${relation.name}:ref(${relation.target})?${relation.onDelete === 'restrict' ? '' : `:${relation.onDelete}`}`,
        }),
      ],
    };
  }
  // The relation is an entity property next to its foreign key: both must be usable names.
  const nameProblem = checkFieldName(relation.name) ?? checkFieldName(relation.foreignKey);
  if (nameProblem) return { problems: [at(nameProblem)] };
  const field: RefField = {
    type: 'ref',
    name: relation.foreignKey,
    column: toSnakeCase(relation.foreignKey),
    nullable: relation.nullable,
    unique: false,
    indexed: true,
    relation: relation.name,
    target: relation.target,
    onDelete: relation.onDelete,
  };
  return { field };
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
  if (!isFieldTypeName(typeName)) {
    return {
      problems: [...problems, { offset: token.offset + typeOffset, token: typeName, ...unknownType(typeName) }],
    };
  }
  const type = typeName;
  const argsOffset = typeOffset + (groups.type ?? '').length + (groups.array1 ? 2 : 0);
  const typed = rulesNamed(type).parseArguments(groups.args);
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
    return {
      message: `"${name}" is generated for every entity (id, version, createdAt, updatedAt are reserved members)`,
      hint: 'choose another name',
    };
  }
  // Keywords are fine as property names (`dto.case`, `{ default: … }`), and generated code only
  // uses field names as properties; names every object already has are not.
  if (OBJECT_MEMBER_NAMES.has(name)) {
    return { message: `"${name}" is a member of every JavaScript object`, hint: 'choose another name' };
  }
  // SQL reserved words (order, from, user…) are fine: TypeORM quotes every identifier it writes,
  // and generated raw SQL quotes the table (docs/reference-module.md, SQL identifiers).
  const column = toSnakeCase(name);
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
  const rules = rulesOf(field);
  if (field.nullable || field.default !== undefined || rules.emptyWhenOmitted) return undefined;
  const message = `required field "${field.name}" needs a default: existing rows must get a value`;
  if (field.unique) {
    return {
      message,
      hint: 'a unique field cannot have a default; add it optional with ?, fill it, then make it NOT NULL by hand',
    };
  }
  if (!rules.exampleDefault) {
    return {
      message,
      hint: `${field.type} fields cannot have a default; add it optional: ${field.name}:${field.type}?`,
    };
  }
  return { message, hint: `add a default, e.g. ${text}=${rules.exampleDefault(field)}, or make it optional with ?` };
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

function checkModifier(modifier: string, type: FieldTypeName, seen: ReadonlySet<FieldModifier>): Complaint | undefined {
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
  const rules = rulesNamed(type);
  if (!rules.indexable || (typed === 'unique' && !rules.uniqueable)) {
    return { message: `${type} fields cannot be ${typed === 'unique' ? 'unique' : 'indexed'}` };
  }
  return undefined;
}

function parseDefault(field: FieldDefinition, raw: string): FieldDefault | Complaint {
  if (field.unique) return { message: 'a unique field cannot have a default: the second row would conflict' };
  return rulesOf(field).parseDefault(field, unquote(raw), raw);
}

function unquote(raw: string): string {
  return raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"') ? raw.slice(1, -1) : raw;
}

function toCamelCase(name: string): string {
  return name
    .replace(/[-_\s]+(.)?/g, (_match, next: string | undefined) => (next ?? '').toUpperCase())
    .replace(/^[A-Z]/, (first) => first.toLowerCase());
}
