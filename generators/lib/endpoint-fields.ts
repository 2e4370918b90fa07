import type { ClassDeclaration } from 'ts-morph';
import { EndpointInputError, type EndpointRoute } from './endpoint-route';
import { manyToManyProblem, readEntityColumn, relationProperty } from './entity-columns';
import {
  type FieldDefault,
  type FieldDefinition,
  FieldSpecError,
  parseFieldSpec,
  type SpecProblem,
} from './field-spec';
import { rulesOf } from './field-types';
import { fieldView, isFilterable } from './field-views';
import type { ModuleNames } from './names';
import { isRelationToken } from './relation-spec';

/** `--body` / `--query` as given; undefined when the flag is absent. */
export interface EndpointFieldFlags {
  readonly body?: string;
  readonly query?: string;
}

const BODY_METHODS: ReadonlySet<string> = new Set(['post', 'put', 'patch']);

/**
 * Only the combinations the generator can implement and test: a body changes the addressed entity,
 * a query filters the collection count. Everything else is refused before anything is built.
 */
export function assertFlagsFitRoute(route: EndpointRoute, flags: EndpointFieldFlags): void {
  const where = `${route.method} /${route.path}`;
  if (flags.body !== undefined) {
    if (!BODY_METHODS.has(route.method)) {
      throw new EndpointInputError(where, '--body needs a POST, PUT or PATCH route');
    }
    if (!route.addressesEntity) {
      throw new EndpointInputError(where, '--body needs a /:id/… route: it changes fields of the addressed entity');
    }
  }
  if (flags.query !== undefined && (route.method !== 'get' || route.addressesEntity)) {
    throw new EndpointInputError(where, '--query needs a collection GET route (e.g. get /stats): it filters the count');
  }
}

/**
 * Parses a `--body`/`--query` spec of entity columns. A field names a column; whatever the spec
 * leaves out (limits, `?`, modifiers, default — even the type: a bare `active`) comes from the
 * entity, and whatever it states must agree with the entity, or the message says what to write.
 * The column itself must be declared as the `module` generator writes it (same decorator, property
 * type, exported limit constants and class-level constraints): the DTO then validates precisely
 * what the column stores, so a valid request can never fail in the database.
 */
export function entityFields(
  names: ModuleNames,
  entity: ClassDeclaration,
  entityPath: string,
  flag: 'body' | 'query',
  spec: string,
): FieldDefinition[] {
  const fields: FieldDefinition[] = [];
  const problems: string[] = [];
  const syntax: SpecProblem[] = [];
  const seen = new Set<string>();
  for (const token of splitSpec(spec)) {
    const name = token.text.split(/[:=?(]/, 1)[0] ?? token.text;
    if (seen.has(name)) {
      problems.push(`${name}: named twice`);
      continue;
    }
    seen.add(name);
    if (isRelationToken(token.text)) {
      problems.push(`${name}: ${relationDeclarationProblem(names, entity, name)}`);
      continue;
    }
    const column = columnOf(names, entity, name);
    const stated = statedField(token, column);
    if ('problems' in stated) {
      syntax.push(...stated.problems);
      continue;
    }
    if ('problem' in column) {
      problems.push(`${name}: ${column.problem}`);
      continue;
    }
    const disagreement = stated.field && disagreementWith(stated, column.field, flag);
    if (disagreement) {
      problems.push(`${name}: the column ${names.table}.${column.field.column} is ${disagreement}`);
      continue;
    }
    if (flag === 'query' && !isFilterable(column.field)) problems.push(notFilterable(column.field));
    fields.push(column.field);
  }
  if (syntax.length > 0) throw new FieldSpecError(spec, syntax);
  if (fields.length === 0 && problems.length === 0) {
    throw new EndpointInputError(`--${flag} ${spec}`, 'no fields given (e.g. --body "dueAt:date")');
  }
  if (problems.length > 0) {
    throw new EndpointInputError(
      `--${flag} ${spec}`,
      `the fields must be columns of ${names.entityClass} (${entityPath}):\n${problems.map((problem) => `  - ${problem}`).join('\n')}`,
    );
  }
  return fields;
}

/**
 * `depot:ref(depots)` declares a relation, which is `module`'s and `field`'s to do; an endpoint
 * names the key the relation already has. The message gives the key's spec when there is one.
 */
function relationDeclarationProblem(names: ModuleNames, entity: ClassDeclaration, name: string): string {
  const relation =
    relationProperty(entity, name) ?? (relationProperty(entity, `${name}Id`) === name ? name : undefined);
  const key = relation === undefined ? undefined : readEntityColumn(entity, `${relation}Id`, names.kebabPlural);
  if (key === undefined || !('field' in key)) {
    return (
      manyToManyProblem(entity, name) ??
      'an endpoint does not declare relations (`module` and `field` do): it names columns the entity has'
    );
  }
  return `an endpoint does not declare relations (\`module\` and \`field\` do): it sets and filters the key of ${relation}, write \`${specText(key.field)}\``;
}

interface Token {
  readonly text: string;
  readonly offset: number;
}

/**
 * Whitespace-separated fields, as the field-spec grammar splits them (not inside parentheses or
 * double quotes). An unbalanced spec comes back whole, so the grammar's own parser reports it.
 */
function splitSpec(spec: string): Token[] {
  const tokens: Token[] = [];
  let start = -1;
  let depth = 0;
  let quoted = false;
  for (let index = 0; index <= spec.length; index += 1) {
    const char = spec.charAt(index);
    if (index === spec.length || (!quoted && depth === 0 && /\s/.test(char))) {
      if (start >= 0) tokens.push({ text: spec.slice(start, index), offset: start });
      start = -1;
      continue;
    }
    if (start < 0) start = index;
    if (char === '"') quoted = !quoted;
    else if (!quoted && char === '(') depth += 1;
    else if (!quoted && char === ')') depth = Math.max(0, depth - 1);
  }
  return quoted || depth > 0 ? [{ text: spec, offset: 0 }] : tokens;
}

type Column = { readonly field: FieldDefinition } | { readonly problem: string };

/** The entity's column, refused unless re-rendering it gives back exactly what the entity declares. */
function columnOf(names: ModuleNames, entity: ClassDeclaration, name: string): Column {
  const reading = readEntityColumn(entity, name, names.kebabPlural);
  if ('problem' in reading) return reading;
  const mismatches = columnMismatches(names, entity, reading.field);
  if (mismatches.length === 0) return reading;
  return {
    problem: `declared otherwise than the module generator writes ${specText(reading.field)}, so a DTO cannot reuse its constants: ${mismatches.join('; ')}`,
  };
}

/** What a field of the spec states; `field` is undefined for a bare name, which states nothing. */
interface StatedField {
  readonly field?: FieldDefinition;
  /** `(…)` was written: the limits (length, range, precision, values) are stated. */
  readonly args: boolean;
}

/** `name:type[](args)[]?:modifier=default`, as the field-spec grammar reads a field. */
const FIELD_SHAPE = /^(?<head>[^:=?]*:(?<type>[A-Za-z][A-Za-z0-9_]*)(?:\[\])?)(?<args>\([^)]*\))?(?<tail>.*)$/s;

/**
 * Parses one field with the grammar's parser. Without `(args)` and with the column's type, the
 * column's arguments are filled in first, so `status:enum` parses and a default is checked
 * against the column's real limits; reported offsets still point into the spec as typed.
 */
function statedField(token: Token, column: Column): StatedField | { problems: SpecProblem[] } {
  // A bare name states nothing; anything else without a type (`active?`) is the grammar's to refuse.
  if (/^[A-Za-z_$][\w$]*$/.test(token.text)) return { args: false };
  const shape = FIELD_SHAPE.exec(token.text)?.groups;
  const entityField = 'field' in column ? column.field : undefined;
  let text = token.text;
  let inserted: { at: number; length: number } | undefined;
  if (shape?.head !== undefined && shape.args === undefined && entityField && shape.type === baseType(entityField)) {
    const args = specArguments(entityField);
    text = `${shape.head}${args}${shape.tail ?? ''}`;
    inserted = { at: shape.head.length, length: args.length };
  }
  try {
    const [field] = parseFieldSpec(text);
    return { ...(field ? { field } : {}), args: shape?.args !== undefined };
  } catch (error) {
    if (!(error instanceof FieldSpecError)) throw error;
    return {
      problems: error.problems.map((problem) => {
        const shift = inserted && problem.offset >= inserted.at ? inserted.length : 0;
        const offset = Math.max(0, problem.offset - shift);
        return { ...problem, offset: token.offset + offset, token: problem.token.slice(0, token.text.length) };
      }),
    };
  }
}

/**
 * Undefined when everything the spec states agrees with the column; otherwise the column described
 * and what to write, e.g. "boolean with default true: write `active:boolean` or `active:boolean=true`".
 * A query filter is optional whatever the column (`?status=` may be left out), so `?` there states
 * nothing about it; in a body it says the field may be null, which only a nullable column allows.
 */
function disagreementWith(stated: StatedField, column: FieldDefinition, flag: 'body' | 'query'): string | undefined {
  const spec = stated.field;
  if (spec === undefined) return undefined;
  const agrees =
    // A relation key is written as what it is on the wire, a uuid (`depotId:uuid`).
    spec.type === baseType(column) &&
    (!stated.args || specArguments(spec) === specArguments(column)) &&
    (!spec.nullable || column.nullable || flag === 'query') &&
    (!spec.unique || column.unique) &&
    (!spec.indexed || column.indexed) &&
    (spec.default === undefined || sameDefault(spec, column));
  if (agrees) return undefined;
  const short = `${column.name}:${baseType(column)}${column.type === 'string[]' ? '[]' : ''}`;
  const full = specText(column);
  return `${describeColumn(column)}: write \`${short}\`${full === short ? '' : ` or \`${full}\``}`;
}

function sameDefault(spec: FieldDefinition, column: FieldDefinition): boolean {
  const [stated, declared] = [spec.default, column.default];
  if (stated === undefined || declared === undefined) return stated === declared;
  if (stated.kind === 'now' || declared.kind === 'now') return stated.kind === declared.kind;
  // `=0` and the entity's canonical '0.00' are the same decimal.
  if (stated.kind === 'decimal' || declared.kind === 'decimal') return Number(stated.value) === Number(declared.value);
  return stated.value === declared.value;
}

/** The type keyword of the grammar: `string` for `string[]` (written `string[](max)`), `uuid` for a relation key. */
function baseType(field: FieldDefinition): string {
  if (field.type === 'ref') return 'uuid';
  return field.type === 'string[]' ? 'string' : field.type;
}

/** `(80)`, `(0..100)`, `(12,2)`, `(draft,sent)`, or nothing: the limits as the grammar writes them. */
function specArguments(field: FieldDefinition): string {
  switch (field.type) {
    case 'string':
    case 'text':
    case 'string[]':
      return `(${field.maxLength})`;
    case 'int':
      return `(${field.min}..${field.max})`;
    case 'decimal':
      return `(${field.precision},${field.scale})`;
    case 'enum':
      return `(${field.values.join(',')})`;
    default:
      return '';
  }
}

/** The whole spec of a column, as `module` would have been given it: `status:enum(draft,sent)=draft`. */
function specText(field: FieldDefinition): string {
  const array = field.type === 'string[]' ? '[]' : '';
  const modifiers = `${field.unique ? ':unique' : ''}${field.indexed ? ':index' : ''}`;
  const fieldDefault = field.default === undefined ? '' : `=${defaultText(field.default)}`;
  return `${field.name}:${baseType(field)}${array}${specArguments(field)}${field.nullable ? '?' : ''}${modifiers}${fieldDefault}`;
}

function defaultText(value: FieldDefault): string {
  if (value.kind === 'now') return 'now';
  const text = String(value.value);
  return /[\s"]/.test(text) || text === '' ? `"${text.replace(/"/g, '\\"')}"` : text;
}

/** "string(80), nullable, indexed", "boolean with default true". */
function describeColumn(field: FieldDefinition): string {
  const facts = [
    ...(field.type === 'ref'
      ? [`the ${field.nullable ? '' : 'required '}key of the relation ${field.relation} to ${field.target}`]
      : []),
    ...(field.nullable ? ['nullable'] : []),
    ...(field.unique ? ['unique'] : []),
    ...(field.indexed ? ['indexed'] : []),
  ];
  const type = `${baseType(field)}${field.type === 'string[]' ? '[]' : ''}${specArguments(field)}`;
  const withDefault = field.default === undefined ? '' : ` with default ${defaultText(field.default)}`;
  return `${[type, ...facts].join(', ')}${withDefault}`;
}

function columnMismatches(names: ModuleNames, entity: ClassDeclaration, field: FieldDefinition): string[] {
  const property = entity.getProperty(field.name);
  if (property === undefined) return ['no such property'];
  const expected = fieldView(names, field).entity;
  const problems: string[] = [];
  const column = property.getDecorator('Column');
  if (column === undefined) {
    problems.push('not a plain @Column() (generated or relation columns cannot be set)');
  } else if (normalize(column.getText()) !== normalize(expected.decorator)) {
    problems.push(`the entity declares ${column.getText()}, the generator ${expected.decorator}`);
  }
  const type = property.getTypeNode()?.getText();
  if (type !== expected.tsType) {
    problems.push(`the entity types it ${type ?? '(untyped)'}, the generator ${expected.tsType}`);
  }
  problems.push(...relationMismatches(entity, field, expected.relationMembers));
  const file = entity.getSourceFile().getFullText();
  const declarations = [...expected.constants, ...expected.classDecorators].filter((line) => !line.startsWith('/**'));
  for (const declaration of declarations) {
    if (!normalize(file).includes(normalize(declaration))) problems.push(`the entity file lacks ${declaration}`);
  }
  return problems;
}

/**
 * A relation key's `@ManyToOne` and `@JoinColumn` as the generator writes them: the repository
 * recognises an unknown target by the foreign key the join column names.
 */
function relationMismatches(entity: ClassDeclaration, field: FieldDefinition, members: readonly string[]): string[] {
  if (field.type !== 'ref') return [];
  const declared = entity.getProperty(field.relation)?.getDecorators() ?? [];
  return members
    .filter((line) => line.startsWith('@'))
    .filter((line) => !declared.some((decorator) => normalize(decorator.getText()) === normalize(line)))
    .map((line) => `the relation ${field.relation} lacks ${line}`);
}

/** Why a field has no filter recipe (the list route's, which a query DTO reuses); its type says. */
function notFilterable(field: FieldDefinition): string {
  return rulesOf(field).notFilterableReason?.(field) ?? `${field.name}: ${field.type} fields have no filter`;
}

/** Formatting must not matter: compare token text without whitespace and the trailing commas Prettier adds when it wraps. */
function normalize(text: string): string {
  return text.replace(/\s+/g, '').replace(/,(?=[}\])])/g, '');
}
