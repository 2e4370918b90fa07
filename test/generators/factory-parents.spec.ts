import { join } from 'node:path';
import { ChangeSet } from '../../generators/lib/change-set';
import { factoryParents, parentCreation, parentRecipes } from '../../generators/lib/factory-parents';
import { moduleLayout } from '../../generators/lib/module-layout';
import { moduleNames } from '../../generators/lib/names';
import { SourceShapeError } from '../../generators/lib/nest-source';

const ROOT = join(__dirname, '../..');

function parentsOf(module: string, changes = new ChangeSet(ROOT)): ReturnType<typeof factoryParents> {
  const names = moduleNames(module);
  const layout = moduleLayout(names);
  return factoryParents(changes, names, layout.factory, `${layout.folder}/${names.kebabSingular}.entity.ts`);
}

describe(factoryParents.name, () => {
  it('finds the article a comment needs, through the entity relation its factory parameter names', () => {
    const parents = parentsOf('comments').map(({ parameter, names, base }) => ({
      parameter,
      module: names.kebabPlural,
      base,
    }));

    expect(parents).toEqual([{ parameter: 'articleId', module: 'articles', base: '/v1/articles' }]);
  });

  it('finds no parent for modules whose factory takes only overrides', () => {
    expect(parentsOf('articles')).toEqual([]);
    expect(parentsOf('topics')).toEqual([]);
  });

  it('refuses a factory parameter no @ManyToOne explains', () => {
    const changes = new ChangeSet(ROOT);
    const factory = 'test/factories/comment.factory.ts';
    changes.modify(factory, changes.read(factory).replace('articleId: string,', 'postId: string,'));

    expect(() => parentsOf('comments', changes)).toThrow(SourceShapeError);
    expect(() => parentsOf('comments', changes)).toThrow(/postId parameter: no @ManyToOne property post/);
  });
});

describe(parentRecipes.name, () => {
  function recipesFor(...modules: string[]): { module: string; base: string; parents: string[] }[] {
    return parentRecipes(
      new ChangeSet(ROOT),
      modules.map((module) => moduleNames(module)),
    ).map(({ names, base, parents }) => ({
      module: names.kebabPlural,
      base,
      parents: parents.map((parent) => parent.kebabPlural),
    }));
  }

  it('creates parents of parents first, each module once', () => {
    expect(recipesFor('comments', 'articles', 'topics')).toEqual([
      { module: 'articles', base: '/v1/articles', parents: [] },
      { module: 'comments', base: '/v1/comments', parents: ['articles'] },
      { module: 'topics', base: '/v1/topics', parents: [] },
    ]);
  });

  it("seeds rows of a module without a create route through its factory's seed function", () => {
    const [users, topics] = parentRecipes(new ChangeSet(ROOT), [moduleNames('users'), moduleNames('topics')]);

    expect(users).toMatchObject({ base: '/v1/users', parents: [], seed: 'seedUser', deletable: false });
    expect(topics).toMatchObject({ base: '/v1/topics', parents: [], deletable: true });
    expect(topics).not.toHaveProperty('seed');
  });

  it('refuses a chain of required parents that loops', () => {
    const changes = new ChangeSet(ROOT);
    const factory = 'test/factories/article.factory.ts';
    const entity = 'src/modules/articles/article.entity.ts';
    changes.modify(
      factory,
      changes
        .read(factory)
        .replace('export function buildArticle(', 'export function buildArticle(commentId: string, '),
    );
    changes.modify(
      entity,
      changes
        .read(entity)
        .replace(
          'export class ArticleEntity {',
          'export class ArticleEntity {\n  @ManyToOne(() => CommentEntity)\n  comment?: CommentEntity;\n',
        )
        .replace(/^/, "import { CommentEntity } from '../comments';\n"),
    );

    expect(() => parentRecipes(changes, [moduleNames('comments')])).toThrow(
      /comments → articles → comments: a required relation chain that loops/,
    );
  });
});

describe(parentCreation.name, () => {
  it('calls the seed function with the app, without the route', () => {
    const [users] = parentRecipes(new ChangeSet(ROOT), [moduleNames('users')]);

    expect(parentCreation(users!)).toEqual({
      factoryImport: "import { seedUser } from '../factories/user.factory';",
      statements: ['return (await seedUser(testApp.app)).id;'],
      postsToRoute: false,
    });
  });

  it("POSTs the factory's body, built on its own parents' new ids", () => {
    const recipes = parentRecipes(new ChangeSet(ROOT), [moduleNames('comments')]);
    const comments = recipes.find((recipe) => recipe.names.kebabPlural === 'comments');

    expect(parentCreation(comments!)).toEqual({
      factoryImport: "import { buildComment } from '../factories/comment.factory';",
      statements: [
        "const response = await testApp.request('POST', COMMENTS, buildComment(await createArticle()));",
        'expect(response.statusCode).toBe(201);',
        'return response.json<{ id: string }>().id;',
      ],
      postsToRoute: true,
    });
  });
});
