import type { ClassDeclaration } from 'ts-morph';
import type { ChangeSet } from './change-set';
import { relationProperty, relationTarget } from './entity-columns';
import { moduleLayout } from './module-layout';
import { type ModuleNames, moduleNames } from './names';
import {
  controllerPrefix,
  controllerRoutes,
  decoratedClass,
  parseSource,
  routeBase,
  SourceShapeError,
} from './nest-source';

/**
 * A module whose rows cannot exist without a row of another (the reference's comments and their
 * article): its factory takes the parent's id first, `buildComment(articleId, overrides)`, so a
 * generated spec must create the parent before it can create the module's entity.
 */
export interface FactoryParent {
  /** The factory parameter: `articleId`. */
  readonly parameter: string;
  readonly names: ModuleNames;
  /** `/v1/articles`, where the parent is created. */
  readonly base: string;
}

/**
 * The parents the module's factory asks for, in its parameter order: every required parameter
 * before the last (`overrides`) must be `<relation>Id`, where `<relation>` is a `@ManyToOne` of
 * the entity to another module's entity. Their own parents (a chain) are `parentRecipes`' to list.
 */
export function factoryParents(
  changes: ChangeSet,
  names: ModuleNames,
  factoryPath: string,
  entityPath: string,
): FactoryParent[] {
  const builder = `build${names.pascalSingular}`;
  const required = requiredParameters(changes, factoryPath, builder);
  if (required.length === 0) return [];
  const entity = decoratedClass(parseSource(entityPath, changes.read(entityPath)), 'Entity');
  return required.map((parameter) => {
    const parent = relationModule(entity, parameter, entityPath, names.kebabPlural);
    if (parent.kebabPlural === names.kebabPlural) {
      throw new SourceShapeError(factoryPath, `${builder}(${parameter}) needs a ${names.wordsSingular} to exist first`);
    }
    const recipe = parentRecipes(changes, [parent]).find(
      (candidate) => candidate.names.kebabPlural === parent.kebabPlural,
    );
    return { parameter, names: parent, base: recipe?.base ?? '' };
  });
}

/**
 * The modules whose rows the module's factory takes the ids of (its parameters before `overrides`,
 * `buildInvoice(customerId)` → customers), read through the entity's `@ManyToOne`s; no limit on
 * their own parents (see `parentRecipes`).
 */
export function factoryParameterModules(
  changes: ChangeSet,
  names: ModuleNames,
): { readonly parameter: string; readonly names: ModuleNames }[] {
  const layout = moduleLayout(names);
  const parameters = requiredParameters(changes, layout.factory, `build${names.pascalSingular}`);
  if (parameters.length === 0) return [];
  const entity = decoratedClass(parseSource(layout.entity, changes.read(layout.entity)), 'Entity');
  return parameters.map((parameter) => ({
    parameter,
    names: relationModule(entity, parameter, layout.entity, names.kebabPlural),
  }));
}

/** How a spec creates a row of a module another module's relation references. */
export interface ParentRecipe extends Omit<FactoryParent, 'parameter'> {
  /** The modules of its factory's parent parameters, in parameter order: created first, ids passed. */
  readonly parents: readonly ModuleNames[];
  /**
   * `seedUser`: the function of the module's factory that stores a row through the module's own
   * service, for a module without a create route (users are created by an admin command, not
   * over HTTP). The spec calls it with the app (`seedUser(testApp.app)`) instead of POSTing to
   * `base` (see `seedFunction`).
   */
  readonly seed?: string;
  /**
   * Whether its controller has a DELETE route: the spec deletes a parent through it to check the
   * relation's on-delete action, and only then is a 409 for a referenced row mapped there.
   */
  readonly deletable: boolean;
}

/**
 * The one way a module tells the generators how its rows are created in e2e specs when it has no
 * create route: its factory exports `seed<Entity>(app)`, returning the stored row (`seedUser` in
 * test/factories/user.factory.ts). Without one, specs POST `build<Entity>()` to its route.
 */
export function seedFunction(changes: ChangeSet, names: ModuleNames): string | undefined {
  const { factory } = moduleLayout(names);
  if (!changes.exists(factory)) return undefined;
  const seed = `seed${names.pascalSingular}`;
  const declared = parseSource(factory, changes.read(factory)).getFunction(seed);
  return declared?.isExported() ? seed : undefined;
}

/**
 * Every module a spec must create rows of to build rows referencing `targets`: the targets and,
 * through their factories' parent parameters, their parents, grandparents…, each once, in the
 * order they were first met. A chain that comes back to a module is refused: rows of it could
 * never be created first.
 */
export function parentRecipes(changes: ChangeSet, targets: readonly ModuleNames[]): ParentRecipe[] {
  const recipes = new Map<string, ParentRecipe>();
  const visit = (parent: ModuleNames, chain: readonly string[]): void => {
    if (chain.includes(parent.kebabPlural)) {
      throw new SourceShapeError(
        moduleLayout(parent).factory,
        `${[...chain, parent.kebabPlural].join(' → ')}: a required relation chain that loops cannot create its first row`,
      );
    }
    if (recipes.has(parent.kebabPlural)) return;
    const layout = moduleLayout(parent);
    const seed = seedFunction(changes, parent);
    if (seed !== undefined) {
      recipes.set(parent.kebabPlural, { ...controllerRecipe(changes, parent), parents: [], seed });
      return;
    }
    const builder = `build${parent.pascalSingular}`;
    const parameters = requiredParameters(changes, layout.factory, builder);
    const parents: ModuleNames[] = [];
    if (parameters.length > 0) {
      const entity = decoratedClass(parseSource(layout.entity, changes.read(layout.entity)), 'Entity');
      parents.push(
        ...parameters.map((parameter) => relationModule(entity, parameter, layout.entity, parent.kebabPlural)),
      );
    }
    for (const grandparent of parents) visit(grandparent, [...chain, parent.kebabPlural]);
    if (!changes.exists(layout.controller)) {
      throw new SourceShapeError(
        layout.controller,
        `does not exist; the spec creates ${parent.wordsPlural} through it`,
      );
    }
    recipes.set(parent.kebabPlural, { ...controllerRecipe(changes, parent), parents });
  };
  for (const target of targets) visit(target, []);
  return [...recipes.values()];
}

/** Where the module's routes are and whether one deletes; a module without a controller has neither. */
function controllerRecipe(changes: ChangeSet, names: ModuleNames): Pick<ParentRecipe, 'names' | 'base' | 'deletable'> {
  const { controller: path } = moduleLayout(names);
  if (!changes.exists(path)) return { names, base: `/v1/${names.kebabPlural}`, deletable: false };
  const controller = decoratedClass(parseSource(path, changes.read(path)), 'Controller');
  return {
    names,
    base: routeBase(controllerPrefix(controller)),
    deletable: controllerRoutes(controller).some((route) => route.method === 'DELETE' && route.path === ':id'),
  };
}

/** Names of the builder's parameters a caller must pass, the trailing `overrides` excluded. */
function requiredParameters(changes: ChangeSet, factoryPath: string, builder: string): string[] {
  if (!changes.exists(factoryPath)) {
    throw new SourceShapeError(factoryPath, 'does not exist; the generated spec builds entities with it');
  }
  const factory = parseSource(factoryPath, changes.read(factoryPath)).getFunction(builder);
  if (factory === undefined) throw new SourceShapeError(factoryPath, `no function ${builder}`);
  return factory
    .getParameters()
    .filter((parameter) => !parameter.isOptional() && !parameter.hasInitializer())
    .map((parameter) => parameter.getName());
}

/** `articleId` → the entity's `article` relation → `ArticleEntity` imported from `../articles` → `articles`. */
function relationModule(entity: ClassDeclaration, parameter: string, entityPath: string, self: string): ModuleNames {
  const unknown = (reason: string): SourceShapeError =>
    new SourceShapeError(entityPath, `the factory's ${parameter} parameter: ${reason}`);
  const relation = relationProperty(entity, parameter);
  if (relation === undefined) {
    throw unknown(`no @ManyToOne property ${parameter.replace(/Id$/, '')} to say what it refers to`);
  }
  const target = relationTarget(entity, relation, self);
  if (target === undefined) {
    const body = entity.getProperty(relation)?.getDecorator('ManyToOne')?.getArguments()[0]?.getText();
    throw unknown(`cannot tell which module ${body?.replace(/^\(\)\s*=>\s*/, '') ?? '(?)'} belongs to`);
  }
  return moduleNames(target);
}

/** What an e2e spec writes to create a row of a recipe's module: its factory import and `create<Entity>()`'s body. */
export interface ParentCreation {
  readonly factoryImport: string;
  /** Statements ending in `return <the new row's id>;`. */
  readonly statements: readonly string[];
  /** Whether the statements use the module's route constant (`const CUSTOMERS = '/v1/customers'`). */
  readonly postsToRoute: boolean;
}

/** POSTs `build<Entity>(<its parents' ids>)` to the module's route, or calls its factory's seed function. */
export function parentCreation(recipe: ParentRecipe): ParentCreation {
  const factory = `'../factories/${recipe.names.kebabSingular}.factory'`;
  if (recipe.seed !== undefined) {
    return {
      factoryImport: `import { ${recipe.seed} } from ${factory};`,
      statements: [`return (await ${recipe.seed}(testApp.app)).id;`],
      postsToRoute: false,
    };
  }
  const builder = `build${recipe.names.pascalSingular}`;
  const parentIds = recipe.parents.map((parent) => `await create${parent.pascalSingular}()`).join(', ');
  return {
    factoryImport: `import { ${builder} } from ${factory};`,
    statements: [
      `const response = await testApp.request('POST', ${recipe.names.constantPlural}, ${builder}(${parentIds}));`,
      'expect(response.statusCode).toBe(201);',
      'return response.json<{ id: string }>().id;',
    ],
    postsToRoute: true,
  };
}
