import { join } from 'node:path';
import { ChangeSet } from '../../generators/lib/change-set';
import { factoryParents } from '../../generators/lib/factory-parents';
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
