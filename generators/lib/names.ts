import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import pluralize from 'pluralize';
import { toSnakeCase } from '../../src/core/database/snake-naming.strategy';
import { JS_RESERVED_WORDS } from './reserved-words';

export { toSnakeCase };

/** Every name a module generator derives from one kebab-case plural module name. */
export interface ModuleNames {
  /** `order-items`: folder, file prefix, route segment. */
  readonly kebabPlural: string;
  /** `order-item`: entity and factory file prefix. */
  readonly kebabSingular: string;
  /** `OrderItems`: OrderItemsService, OrderItemsController, OrderItemsModule… */
  readonly pascalPlural: string;
  /** `OrderItem`: CreateOrderItemDto, OrderItemNotFoundError… */
  readonly pascalSingular: string;
  /** `OrderItemEntity`: the entity class, suffixed like the reference module's ArticleEntity. */
  readonly entityClass: string;
  /** `orderItems`: variables holding many. */
  readonly camelPlural: string;
  /** `orderItem`: variables holding one. */
  readonly camelSingular: string;
  /** `order_items`: the table. */
  readonly table: string;
  /** `ORDER_ITEMS`: error code prefix (ORDER_ITEMS_NOT_FOUND). */
  readonly constantPlural: string;
  /** `ORDER_ITEM`: prefix of the limits the entity exports (ORDER_ITEM_TITLE_MAX_LENGTH). */
  readonly constantSingular: string;
  /** `order item` / `order items`: prose in messages and docs. */
  readonly wordsSingular: string;
  readonly wordsPlural: string;
}

export class ModuleNameError extends Error {
  constructor(
    readonly input: string,
    readonly reason: string,
    readonly suggestion?: string,
  ) {
    super(`invalid module name "${input}": ${reason}${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`);
    this.name = 'ModuleNameError';
  }
}

const KEBAB_CASE = /^[a-z][a-z0-9]*(-[a-z][a-z0-9]*)*$/;
const MAX_MODULE_NAME_LENGTH = 40;

/**
 * Identifiers the generated files import; an entity or class named like one of them would shadow
 * the import (a module `entities` would declare `class Entity` next to TypeORM's `@Entity`).
 */
const IMPORTED_IDENTIFIERS: ReadonlySet<string> = new Set([
  'Body',
  'Column',
  'Controller',
  'CreateDateColumn',
  'DataSource',
  'Delete',
  'DomainError',
  'Entity',
  'Get',
  'HttpCode',
  'Index',
  'Inject',
  'Injectable',
  'Module',
  'Param',
  'Patch',
  'Post',
  'PrimaryGeneratedColumn',
  'Query',
  'Repository',
  'Type',
  'UpdateDateColumn',
  'VersionColumn',
  'Test',
  'App',
  'Config',
]);

/** Route segments and folders the application already owns. */
const RESERVED_MODULE_NAMES: ReadonlySet<string> = new Set(['health', 'metrics', 'docs', 'common', 'core', 'config']);

/**
 * Module names are kebab-case plurals. Other spellings are rejected with the kebab-case plural as
 * a suggestion rather than normalised silently, so the name a developer types is the name of the
 * folder, the route and the table, with no guessing.
 */
export function moduleNames(input: string): ModuleNames {
  const suggestion = suggestModuleName(input);
  if (!KEBAB_CASE.test(input)) {
    throw new ModuleNameError(input, 'module names are kebab-case (lowercase words joined by -)', suggestion);
  }
  if (input.length > MAX_MODULE_NAME_LENGTH) {
    throw new ModuleNameError(input, `longer than ${MAX_MODULE_NAME_LENGTH} characters`);
  }
  const words = input.split('-');
  const last = words.at(-1) ?? input;
  const singularLast = pluralize.singular(last);
  const pluralLast = pluralize.plural(singularLast);
  if (pluralLast !== last) {
    throw new ModuleNameError(input, 'module names are plural', suggestion);
  }
  if (singularLast === last) {
    throw new ModuleNameError(
      input,
      `"${last}" has the same singular and plural form, so one item and many could not be told apart`,
    );
  }
  const singularWords = [...words.slice(0, -1), singularLast];
  const names: ModuleNames = {
    kebabPlural: input,
    kebabSingular: singularWords.join('-'),
    pascalPlural: words.map(capitalize).join(''),
    pascalSingular: singularWords.map(capitalize).join(''),
    entityClass: `${singularWords.map(capitalize).join('')}Entity`,
    camelPlural: camel(words),
    camelSingular: camel(singularWords),
    table: words.join('_'),
    constantPlural: words.join('_').toUpperCase(),
    constantSingular: singularWords.join('_').toUpperCase(),
    wordsSingular: singularWords.join(' '),
    wordsPlural: words.join(' '),
  };
  assertNotReserved(input, names);
  return names;
}

function assertNotReserved(input: string, names: ModuleNames): void {
  if (RESERVED_MODULE_NAMES.has(input)) {
    throw new ModuleNameError(input, `"${input}" is used by the application itself`);
  }
  for (const identifier of [names.camelPlural, names.camelSingular]) {
    if (JS_RESERVED_WORDS.has(identifier)) {
      throw new ModuleNameError(input, `"${identifier}" is a JavaScript/TypeScript reserved word`);
    }
  }
  if (IMPORTED_IDENTIFIERS.has(names.pascalSingular) || IMPORTED_IDENTIFIERS.has(names.pascalPlural)) {
    throw new ModuleNameError(input, `class "${names.pascalSingular}" would shadow a framework import`);
  }
}

/** The kebab-case plural for common other spellings: OrderItem, orderItems, order_item, Order Items. */
export function suggestModuleName(input: string): string | undefined {
  const words = input
    .replace(/([a-z\d])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word.length > 0)
    .map((word) => word.toLowerCase());
  const last = words.pop();
  if (last === undefined || !/^[a-z]/.test(words[0] ?? last)) return undefined;
  const suggestion = [...words, pluralize.plural(last)].join('-');
  return suggestion === input ? undefined : suggestion;
}

export function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function camel(words: readonly string[]): string {
  return words.map((word, index) => (index === 0 ? word : capitalize(word))).join('');
}

/** The feature modules under `src/modules` (folders with an `index.ts`), kebab-case plural. */
export function existingModules(root: string): string[] {
  const directory = join(root, 'src', 'modules');
  if (!existsSync(directory)) return [];
  return readdirSync(directory, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(directory, entry.name, 'index.ts')))
    .map((entry) => entry.name)
    .sort();
}
