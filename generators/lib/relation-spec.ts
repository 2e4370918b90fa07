import pluralize from 'pluralize';
import { closestMatch } from './suggest';

/**
 * The relation half of the field-spec grammar (issue 15, item 1), parsed and validated on its own:
 *
 *   customer:ref(customers)            belongs-to, required, ON DELETE RESTRICT (the default)
 *   customer:ref(customers)?           optional (nullable foreign key)
 *   customer:ref(customers):cascade    deleting the customer deletes the row
 *   customer:ref(customers)?:set-null  deleting the customer clears the key (only with ?)
 *   parent:ref(categories)?            self-reference inside `module categories`
 *   labels:refs(labels)                many-to-many through an explicit join entity
 *
 * `field-spec.ts` turns a belongs-to into a `ref` field (`field-types/ref.ts`) and a many-to-many
 * into a `refs` list (`field-types/refs.ts`) (docs/generators.md, Relations).
 */
export const ON_DELETE_ACTIONS = ['restrict', 'cascade', 'set-null'] as const;
export type OnDeleteAction = (typeof ON_DELETE_ACTIONS)[number];

export interface BelongsToSpec {
  readonly kind: 'ref';
  /** `customer`: the relation property; the foreign-key property is `customerId`. */
  readonly name: string;
  readonly foreignKey: string;
  /** The referenced module, kebab-case plural: `customers`. */
  readonly target: string;
  readonly nullable: boolean;
  readonly onDelete: OnDeleteAction;
}

export interface ManyToManySpec {
  readonly kind: 'refs';
  /** `labels`; the id list on the wire is `labelIds`, its filter `?labelId=`. */
  readonly name: string;
  readonly idsProperty: string;
  readonly filterParameter: string;
  readonly target: string;
}

export type RelationSpec = BelongsToSpec | ManyToManySpec;

export interface RelationProblem {
  readonly message: string;
  readonly hint?: string;
}

const RELATION = /^(?<name>[^:]*):(?<kind>refs?)\((?<target>[^)]*)\)(?<optional>\?)?(?<modifiers>(?::[^:=]*)*)$/;
const MODULE_NAME = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const FIELD_NAME = /^[a-z][a-zA-Z0-9]*$/;

/** Whether a field token is a relation (`name:ref(…)` or `name:refs(…)`), so the caller parses it here. */
export function isRelationToken(text: string): boolean {
  return /^[^:]*:refs?\(/.test(text);
}

/**
 * Parses one relation token. `modules` are the existing modules (kebab-case plural) and `self` the
 * module being generated or extended, which a self-reference names.
 */
export function parseRelation(
  text: string,
  modules: readonly string[],
  self: string,
): { relation: RelationSpec } | { problems: RelationProblem[] } {
  const match = RELATION.exec(text);
  if (!match?.groups) {
    return {
      problems: [
        {
          message: 'not a relation',
          hint: 'e.g. customer:ref(customers), customer:ref(customers)?:set-null, labels:refs(labels)',
        },
      ],
    };
  }
  const { name = '', kind, target = '', optional, modifiers = '' } = match.groups;
  const problems: RelationProblem[] = [];
  if (!FIELD_NAME.test(name)) problems.push({ message: `relation name "${name}" is not camelCase` });
  const known = new Set([...modules, self]);
  if (!MODULE_NAME.test(target)) {
    problems.push({ message: `"${target}" is not a module name`, hint: 'modules are kebab-case plurals: customers' });
  } else if (!known.has(target)) {
    const close = closestMatch(target, [...known]);
    problems.push({
      message: `module "${target}" does not exist`,
      hint: `${close ? `did you mean ${close}? ` : ''}modules: ${[...known].sort().join(', ')}`,
    });
  }
  const actions = modifiers.split(':').slice(1);
  if (kind === 'refs') {
    if (optional) problems.push({ message: 'a many-to-many relation is a list: it is never null, omit ?' });
    if (actions.length > 0) {
      problems.push({
        message: 'a many-to-many relation takes no on-delete action',
        hint: 'deleting a row deletes its links; a target still linked cannot be deleted (409)',
      });
    }
    if (problems.length > 0) return { problems };
    const singular = pluralize.singular(name);
    return {
      relation: { kind: 'refs', name, idsProperty: `${singular}Ids`, filterParameter: `${singular}Id`, target },
    };
  }
  let onDelete: OnDeleteAction = 'restrict';
  for (const action of actions) {
    if (!(ON_DELETE_ACTIONS as readonly string[]).includes(action)) {
      const close = closestMatch(action, ON_DELETE_ACTIONS);
      problems.push({
        message: `unknown on-delete action "${action}"`,
        hint: `${close ? `did you mean ${close}? ` : ''}actions: ${ON_DELETE_ACTIONS.join(', ')} (default restrict)`,
      });
    } else if (actions.length > 1) {
      problems.push({ message: 'give at most one on-delete action' });
    } else {
      onDelete = action as OnDeleteAction;
    }
  }
  if (onDelete === 'set-null' && !optional) {
    problems.push({
      message: 'set-null needs an optional relation',
      hint: `write ${name}:ref(${target})?:set-null, or use cascade or restrict`,
    });
  }
  if (problems.length > 0) return { problems };
  return {
    relation: { kind: 'ref', name, foreignKey: `${name}Id`, target, nullable: optional === '?', onDelete },
  };
}
