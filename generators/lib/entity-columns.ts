import pluralize from 'pluralize';
import { type ClassDeclaration, Node, type ObjectLiteralExpression, type SourceFile } from 'ts-morph';
import { type FieldDefault, type FieldDefinition, LIMITS } from './field-spec';
import { ON_DELETE_SQL, type RefField } from './field-types/ref';
import { toSnakeCase } from './names';
import { ON_DELETE_ACTIONS } from './relation-spec';

/**
 * Reads an entity column back into the field definition the `module`/`field` generators would
 * have been given for it, so `endpoint --body/--query` can take a column's type, limits, default
 * and constraints from the entity instead of asking for them again. Only what those generators
 * write is understood: the column's options and the `export const` limits of the entity file.
 * The caller re-renders the definition and compares it with the entity, so a column read wrongly
 * is refused, never turned into a DTO that disagrees with the column.
 */
export type ColumnReading = { readonly field: FieldDefinition } | { readonly problem: string };

/** Plain `@Column()` properties of the entity: what `--body`/`--query` may name. */
export function plainColumnNames(entity: ClassDeclaration): string[] {
  return entity
    .getProperties()
    .filter((property) => property.getDecorator('Column') !== undefined)
    .map((property) => property.getName());
}

/**
 * @param module the entity's own module (kebab-case plural), which a self-reference targets.
 */
export function readEntityColumn(entity: ClassDeclaration, name: string, module: string): ColumnReading {
  const relation = relationProperty(entity, name);
  if (relation !== undefined) return readRelationKey(entity, name, relation, module);
  const refused = unsupportedRelation(entity, name, module);
  if (refused !== undefined) return { problem: refused };
  const property = entity.getProperty(name);
  if (property === undefined) {
    const columns = plainColumnNames(entity);
    return { problem: `no such property${columns.length > 0 ? ` (columns: ${columns.join(', ')})` : ''}` };
  }
  const column = property.getDecorator('Column');
  if (column === undefined) {
    return { problem: 'not a plain @Column() (generated or relation columns cannot be set)' };
  }
  const [argument] = column.getArguments();
  if (argument === undefined || !Node.isObjectLiteralExpression(argument)) {
    return { problem: `${column.getText()} has no options object to read the column type from` };
  }
  const file = entity.getSourceFile();
  const options = new ColumnOptions(argument, file);
  const typed = typedPart(options, file, constantPrefix(entity, name));
  if ('problem' in typed) return typed;
  const base = {
    name,
    column: toSnakeCase(name),
    nullable: options.value('nullable') === true,
    unique: hasSingleColumnDecorator(entity, 'Unique', name),
    indexed: hasSingleColumnDecorator(entity, 'Index', name),
  };
  const field: FieldDefinition = { ...base, ...typed };
  const fieldDefault = readDefault(options, field);
  if (fieldDefault !== undefined && 'problem' in fieldDefault) return fieldDefault;
  return { field: fieldDefault === undefined ? field : { ...field, default: fieldDefault } };
}

/** `depotId` → `depot`, when the entity declares `@ManyToOne() depot`: the key of a belongs-to relation. */
export function relationProperty(entity: ClassDeclaration, key: string): string | undefined {
  const relation = /^(?<relation>[a-z][a-zA-Z0-9]*)Id$/.exec(key)?.groups?.relation;
  return relation !== undefined && entity.getProperty(relation)?.getDecorator('ManyToOne') !== undefined
    ? relation
    : undefined;
}

/**
 * What an endpoint cannot name, and what it can instead: a belongs-to relation is set and filtered
 * through its key; a many-to-many relation's ids live in a join table no generated endpoint writes.
 */
function unsupportedRelation(entity: ClassDeclaration, name: string, module: string): string | undefined {
  if (relationProperty(entity, `${name}Id`) === name && entity.getProperty(`${name}Id`) !== undefined) {
    const key = readEntityColumn(entity, `${name}Id`, module);
    const nullable = 'field' in key && key.field.nullable;
    return `the relation ${name} (@ManyToOne): an endpoint sets and filters its key, write \`${name}Id:uuid${nullable ? '?' : ''}\``;
  }
  return manyToManyProblem(entity, name);
}

/**
 * `labelIds`, `labelId` or `labels` of a many-to-many relation (the entity's `labelLinks`): a join
 * table, which no generated endpoint writes or filters yet. Undefined for any other name.
 */
export function manyToManyProblem(entity: ClassDeclaration, name: string): string | undefined {
  const singular = /^(?<singular>[a-z][a-zA-Z0-9]*?)Ids?$/.exec(name)?.groups?.singular ?? pluralize.singular(name);
  if (entity.getProperty(`${singular}Links`) === undefined) return undefined;
  return `the many-to-many relation ${pluralize.plural(singular)} (a join table): its ${singular}Ids cannot be set or filtered by a generated endpoint yet (the module's PATCH sets them, its list filters by ?${singular}Id=); write that route by hand`;
}

/**
 * The module a `@ManyToOne` property refers to: its entity imported from that module's public
 * surface (`import { DepotEntity } from '../depots'` → `depots`), or `self` for the entity itself.
 */
export function relationTarget(entity: ClassDeclaration, relation: string, self: string): string | undefined {
  const target = entity.getProperty(relation)?.getDecorator('ManyToOne')?.getArguments()[0];
  const targetClass = target && Node.isArrowFunction(target) ? target.getBody().getText() : undefined;
  if (targetClass === undefined) return undefined;
  if (targetClass === entity.getName()) return self;
  const specifier = entity
    .getSourceFile()
    .getImportDeclarations()
    .find((declaration) => declaration.getNamedImports().some((named) => named.getName() === targetClass))
    ?.getModuleSpecifierValue();
  return specifier === undefined
    ? undefined
    : /^\.\.\/(?<folder>[a-z][a-z0-9-]*)(?:\/.*)?$/.exec(specifier)?.groups?.folder;
}

/**
 * The key of a belongs-to (`depotId` beside `@ManyToOne() depot`) as the `ref` field the module
 * generator was given: its target and on-delete action come from the `@ManyToOne`, its
 * nullability from the key's column. The caller compares the re-rendered relation with the entity.
 */
function readRelationKey(entity: ClassDeclaration, name: string, relation: string, module: string): ColumnReading {
  const target = relationTarget(entity, relation, module);
  if (target === undefined) {
    return { problem: `cannot tell which module the relation ${relation} (@ManyToOne) refers to` };
  }
  const file = entity.getSourceFile();
  const options = entity.getProperty(relation)?.getDecorator('ManyToOne')?.getArguments()[1];
  const action =
    options && Node.isObjectLiteralExpression(options) ? new ColumnOptions(options, file).value('onDelete') : undefined;
  const onDelete = ON_DELETE_ACTIONS.find((candidate) => ON_DELETE_SQL[candidate] === action);
  const column = entity.getProperty(name)?.getDecorator('Column')?.getArguments()[0];
  if (onDelete === undefined || column === undefined || !Node.isObjectLiteralExpression(column)) {
    return { problem: `the relation ${relation} is declared otherwise than the module generator writes it` };
  }
  const field: RefField = {
    type: 'ref',
    name,
    column: toSnakeCase(name),
    nullable: new ColumnOptions(column, file).value('nullable') === true,
    unique: false,
    indexed: false,
    relation,
    target,
    onDelete,
  };
  return { field };
}

/** A column's options, identifiers resolved through the entity file's `const` declarations. */
class ColumnOptions {
  constructor(
    private readonly literal: ObjectLiteralExpression,
    private readonly file: SourceFile,
  ) {}

  /** The option's text as written (`() => 'now()'`, `PERSON_DEFAULT_ACTIVE`), if present. */
  text(name: string): string | undefined {
    const property = this.literal.getProperty(name);
    return property && Node.isPropertyAssignment(property) ? property.getInitializer()?.getText() : undefined;
  }

  value(name: string): ConstantValue | undefined {
    const text = this.text(name);
    return text === undefined ? undefined : constantValue(this.file, text);
  }
}

type ConstantValue = string | number | boolean | readonly string[];

/**
 * Literals the generators write for limits and defaults: numbers (`10_000`), strings, booleans,
 * `[…] as const` string lists; an identifier is followed to its `const` in the same file.
 */
function constantValue(file: SourceFile, text: string, depth = 0): ConstantValue | undefined {
  const trimmed = text.trim().replace(/\s+as\s+const$/, '');
  if (/^-?[\d_]+(\.\d+)?$/.test(trimmed)) return Number(trimmed.replace(/_/g, ''));
  if (trimmed === 'true' || trimmed === 'false') return trimmed === 'true';
  const quoted = /^'((?:[^'\\]|\\.)*)'$/.exec(trimmed) ?? /^"((?:[^"\\]|\\.)*)"$/.exec(trimmed);
  if (quoted) return (quoted[1] ?? '').replace(/\\(.)/g, '$1');
  if (trimmed.startsWith('[') && trimmed.endsWith(']')) {
    const items = trimmed
      .slice(1, -1)
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== '')
      .map((item) => constantValue(file, item, depth + 1));
    return items.every((item) => typeof item === 'string') ? items : undefined;
  }
  // Constants refer to constants at most a level or two deep; the bound stops a cycle.
  if (/^[A-Za-z_$][\w$]*$/.test(trimmed) && depth < 3) {
    const initializer = file.getVariableDeclaration(trimmed)?.getInitializer();
    return initializer ? constantValue(file, initializer.getText(), depth + 1) : undefined;
  }
  return undefined;
}

/** `PERSON_NAME`: how the generators prefix a field's limit constants (`PERSON_NAME_MAX_LENGTH`). */
function constantPrefix(entity: ClassDeclaration, name: string): string {
  const singular = toSnakeCase((entity.getName() ?? '').replace(/Entity$/, '')).toUpperCase();
  return `${singular}_${toSnakeCase(name).toUpperCase()}`;
}

/** The type-specific half of a definition; distributes over the union so each member keeps its shape. */
type TypedFields = FieldDefinition extends infer Member
  ? Member extends unknown
    ? Omit<Member, 'name' | 'column' | 'nullable' | 'unique' | 'indexed' | 'default'>
    : never
  : never;
type TypedPart = { readonly problem: string } | TypedFields;

function typedPart(options: ColumnOptions, file: SourceFile, prefix: string): TypedPart {
  const type = options.value('type');
  const number = (value: ConstantValue | undefined): number | undefined =>
    typeof value === 'number' ? value : undefined;
  const constant = (suffix: string): number | undefined => number(constantValue(file, `${prefix}_${suffix}`));
  const missing = (what: string): TypedPart => ({ problem: `${what} is not declared where the generator puts it` });
  switch (type) {
    case 'varchar': {
      const maxLength = number(options.value('length'));
      if (maxLength === undefined) return missing('the length');
      if (options.value('array') === true) {
        return { type: 'string[]', maxLength, maxItems: constant('MAX_COUNT') ?? LIMITS.arrayMaxItems };
      }
      return { type: 'string', maxLength };
    }
    case 'text': {
      // text has no length in PostgreSQL: the limit validation enforces is an entity constant.
      const maxLength = constant('MAX_LENGTH');
      return maxLength === undefined ? missing(`${prefix}_MAX_LENGTH`) : { type: 'text', maxLength };
    }
    case 'integer': {
      const min = constant('MIN');
      const max = constant('MAX');
      return min === undefined || max === undefined ? missing(`${prefix}_MIN/_MAX`) : { type: 'int', min, max };
    }
    case 'numeric': {
      const precision = number(options.value('precision'));
      const scale = number(options.value('scale'));
      return precision === undefined || scale === undefined
        ? missing('the precision or scale')
        : { type: 'decimal', precision, scale };
    }
    case 'enum': {
      const values = options.value('enum');
      return Array.isArray(values) ? { type: 'enum', values } : missing('the enum values');
    }
    default: {
      const simple = SIMPLE_TYPES[typeof type === 'string' ? type : ''];
      if (simple !== undefined) return { type: simple };
      return { problem: `column type ${options.text('type') ?? '(none)'} is not one the field spec describes` };
    }
  }
}

const SIMPLE_TYPES: Readonly<Record<string, 'boolean' | 'date' | 'datetime' | 'uuid' | 'json'>> = {
  boolean: 'boolean',
  date: 'date',
  timestamptz: 'datetime',
  uuid: 'uuid',
  jsonb: 'json',
};

function readDefault(
  options: ColumnOptions,
  field: FieldDefinition,
): FieldDefault | { readonly problem: string } | undefined {
  const text = options.text('default');
  if (text === undefined) return undefined;
  const compact = text.replace(/\s/g, '');
  if (compact === `()=>'now()'` && field.type === 'datetime') return { kind: 'now' };
  // The generators give every required list an empty default; the spec has no default for lists.
  if (compact === `()=>"'{}'"` && field.type === 'string[]') return undefined;
  const value = options.value('default');
  switch (field.type) {
    case 'boolean':
      if (typeof value === 'boolean') return { kind: 'boolean', value };
      break;
    case 'int':
      if (typeof value === 'number') return { kind: 'number', value };
      break;
    case 'decimal':
      if (typeof value === 'string') return { kind: 'decimal', value };
      break;
    case 'string':
    case 'text':
    case 'enum':
    case 'date':
    case 'uuid':
      if (typeof value === 'string') return { kind: 'string', value };
      break;
    default:
      break;
  }
  return { problem: `the default ${text} is not one the field spec describes` };
}

/** `@Unique(X, ['name'])` or `@Index('…', ['name'])` on the class: the generators' single-column constraints. */
function hasSingleColumnDecorator(entity: ClassDeclaration, decorator: string, name: string): boolean {
  return entity.getDecorators().some((candidate) => {
    if (candidate.getName() !== decorator) return false;
    const [, columns, ...rest] = candidate.getArguments();
    // A third argument (`{ type: 'gin' }`) is an index the generators never write.
    return (
      rest.length === 0 &&
      columns !== undefined &&
      Node.isArrayLiteralExpression(columns) &&
      columns.getElements().length === 1 &&
      columns.getElements()[0]?.getText().replace(/"/g, "'") === `'${name}'`
    );
  });
}
