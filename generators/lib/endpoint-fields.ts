import type { ClassDeclaration } from 'ts-morph';
import { type EndpointRoute, EndpointInputError } from './endpoint-route';
import { type FieldDefinition, parseFieldSpec } from './field-spec';
import { rulesOf } from './field-types';
import { fieldView, isFilterable } from './field-views';
import type { ModuleNames } from './names';

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
 * Parses a `--body`/`--query` spec and checks that every field is a column the entity already
 * declares exactly as the spec describes it: the same column decorator, property type, exported
 * limit constants and class-level constraints the `module` generator would have written. The DTO
 * then validates precisely what the column stores, so a valid request can never fail in the database.
 */
export function entityFields(
  names: ModuleNames,
  entity: ClassDeclaration,
  entityPath: string,
  flag: 'body' | 'query',
  spec: string,
): FieldDefinition[] {
  const fields = parseFieldSpec(spec);
  const problems = fields.flatMap((field) => [
    ...columnMismatches(names, entity, field),
    ...(flag === 'query' && !isFilterable(field) ? [notFilterable(field)] : []),
  ]);
  if (problems.length > 0) {
    throw new EndpointInputError(
      `--${flag} ${spec}`,
      `the fields must be columns of ${names.entityClass} (${entityPath}) as declared there:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`,
    );
  }
  return fields;
}

function columnMismatches(names: ModuleNames, entity: ClassDeclaration, field: FieldDefinition): string[] {
  const property = entity.getProperty(field.name);
  if (property === undefined) return [`${field.name}: no such property`];
  const expected = fieldView(names, field).entity;
  const problems: string[] = [];
  const column = property.getDecorator('Column');
  if (column === undefined) {
    problems.push(`${field.name}: not a plain @Column() (generated or relation columns cannot be set)`);
  } else if (normalize(column.getText()) !== normalize(expected.decorator)) {
    problems.push(`${field.name}: the entity declares ${column.getText()}, the spec means ${expected.decorator}`);
  }
  const type = property.getTypeNode()?.getText();
  if (type !== expected.tsType) {
    problems.push(`${field.name}: the entity types it ${type ?? '(untyped)'}, the spec means ${expected.tsType}`);
  }
  const file = entity.getSourceFile().getFullText();
  const declarations = [...expected.constants, ...expected.classDecorators].filter((line) => !line.startsWith('/**'));
  for (const declaration of declarations) {
    if (!normalize(file).includes(normalize(declaration))) {
      problems.push(`${field.name}: the entity file lacks ${declaration}`);
    }
  }
  return problems;
}

/** Why a field has no filter recipe (the list route's, which a query DTO reuses); its type says. */
function notFilterable(field: FieldDefinition): string {
  return rulesOf(field).notFilterableReason?.(field) ?? `${field.name}: ${field.type} fields have no filter`;
}

/** Formatting must not matter: compare token text without whitespace and the trailing commas Prettier adds when it wraps. */
function normalize(text: string): string {
  return text.replace(/\s+/g, '').replace(/,(?=[}\])])/g, '');
}
