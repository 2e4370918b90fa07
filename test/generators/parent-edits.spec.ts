import { join } from 'node:path';
import { ChangeSet } from '../../generators/lib/change-set';
import { moduleLayout } from '../../generators/lib/module-layout';
import { moduleNames } from '../../generators/lib/names';
import {
  addReferencedMapping,
  exportRelationSurface,
  isIncludable,
  removeReferencedMapping,
  undoReferencedMappings,
  undoRelationSurface,
} from '../../generators/lib/parent-edits';
import { SourceShapeError } from '../../generators/lib/syntax-edits';

const ROOT = join(__dirname, '../..');
const ARTICLES = moduleNames('articles');
const layout = moduleLayout(ARTICLES);

/** The articles module is the parent: its deleteById is the generated one and maps nothing yet. */
function editedArticles(): ChangeSet {
  const changes = new ChangeSet(ROOT);
  addReferencedMapping(changes, ARTICLES);
  return changes;
}

describe(addReferencedMapping.name, () => {
  it('adds the 409 error before the version conflict, as the template orders them', () => {
    const errors = editedArticles().read(layout.errors);

    expect(errors).toContain(
      [
        '/** A row of another table still references the article through a restricting foreign key. */',
        'export class ArticleReferencedError extends DomainError {',
        "  readonly code = 'ARTICLES_REFERENCED';",
        "  readonly kind = 'conflict';",
      ].join('\n'),
    );
    expect(errors.indexOf('class ArticleReferencedError')).toBeLessThan(
      errors.indexOf('class ArticleVersionConflictError'),
    );
  });

  it('exports it from the public surface, names kept sorted', () => {
    expect(editedArticles().read(layout.index)).toMatch(
      /ArticleNotFoundError,\s+ArticleReferencedError,\s+ArticleSlugTakenError,/,
    );
  });

  it('turns a violated foreign key on delete into the error, importing what it uses', () => {
    const repository = editedArticles().read(layout.repository);

    expect(repository).toContain('violatedConstraint(error, RESTRICT_VIOLATION) !== undefined ||');
    expect(repository).toContain('throw isReferenced ? new ArticleReferencedError(id) : error;');
    expect(repository).toMatch(
      /import \{ FOREIGN_KEY_VIOLATION, RESTRICT_VIOLATION, UNIQUE_VIOLATION, violatedConstraint \} from '..\/..\/common\/database';/,
    );
    expect(repository).toMatch(/import \{[^}]*ArticleReferencedError[^}]*\} from '.\/articles.errors';/);
  });

  it('documents the 409 on the DELETE route only', () => {
    const controller = editedArticles().read(layout.controller);

    expect(controller).toMatch(/@Delete\(':id'\)[\s\S]*?@ApiProblemResponses\(400, 403, 404, 409\)\s+async delete/);
  });

  it('is idempotent: a second relation to the same parent changes nothing more', () => {
    const changes = editedArticles();
    const once = [layout.errors, layout.index, layout.repository, layout.controller].map((path) => changes.read(path));

    addReferencedMapping(changes, ARTICLES);

    expect(
      [layout.errors, layout.index, layout.repository, layout.controller].map((path) => changes.read(path)),
    ).toEqual(once);
  });

  it('leaves a module that already maps it alone (topics answers TOPICS_REFERENCED by hand)', () => {
    const changes = new ChangeSet(ROOT);

    addReferencedMapping(changes, moduleNames('topics'));

    expect(changes.files).toEqual([]);
  });

  it("keeps the DELETE conditioned on If-Match's versions inside the mapping", () => {
    const repository = editedArticles().read(layout.repository);

    expect(repository.replace(/\s+/g, '')).toContain(
      'try{const{affected}=awaitthis.articles.delete({id,...(versions!==undefined&&{version:In([...versions])}),});',
    );
  });

  it('maps a deleteById generated before conditional requests (no versions) too', () => {
    const changes = new ChangeSet(ROOT);
    const source = changes.read(layout.repository);
    const start = source.indexOf('  async deleteById(');
    const end = source.indexOf('\n  }\n', start) + '\n  }\n'.length;
    changes.modify(
      layout.repository,
      `${source.slice(0, start)}  async deleteById(id: string): Promise<boolean> {\n    const { affected } = await this.articles.delete({ id });\n    return affected === 1;\n  }\n${source.slice(end)}`,
    );

    addReferencedMapping(changes, ARTICLES);

    expect(changes.read(layout.repository).replace(/\s+/g, '')).toContain(
      'try{const{affected}=awaitthis.articles.delete({id});returnaffected===1;}catch(error)',
    );
  });

  it('refuses a deleteById changed by hand, saying what to write', () => {
    const changes = new ChangeSet(ROOT);
    changes.modify(
      layout.repository,
      changes.read(layout.repository).replace('return affected === 1;', 'return (affected ?? 0) > 0;'),
    );

    expect(() => {
      addReferencedMapping(changes, ARTICLES);
    }).toThrow(SourceShapeError);
    expect(() => {
      addReferencedMapping(changes, ARTICLES);
    }).toThrow(/changed by hand[\s\S]*:cascade or \?:set-null/);
  });
});

describe(exportRelationSurface.name, () => {
  it('exports the mapper and response DTO a relation embeds with, when the mapper takes the bare entity', () => {
    const changes = new ChangeSet(ROOT);

    exportRelationSurface(changes, moduleNames('topics'));

    const index = changes.read('src/modules/topics/index.ts');
    expect(index).toContain("export { toTopicResponse } from './topics.mapper';");
    expect(index).toContain("export { TopicResponseDto } from './dto/topic-response.dto';");
  });

  it('makes a type-only entity export a value export, and nothing more for a mapper that needs more', () => {
    const changes = new ChangeSet(ROOT);

    exportRelationSurface(changes, moduleNames('comments'));

    expect(changes.read('src/modules/comments/index.ts')).toContain(
      "export { CommentEntity } from './comment.entity';",
    );
    expect(changes.read('src/modules/comments/index.ts')).not.toContain('toCommentResponse');
  });
});

describe(undoRelationSurface.name, () => {
  const TOPICS_INDEX = 'src/modules/topics/index.ts';
  const DESTROYED = 'src/modules/invoices/invoices.mapper.ts';
  const KEPT = 'src/modules/orders/orders.mapper.ts';
  const IMPORTS_SURFACE =
    "import { TopicResponseDto, toTopicResponse } from '../topics';\nexport { TopicResponseDto, toTopicResponse };\n";

  /** Topics' surface as a relation from invoices left it, and the files of the run. */
  function withInvoicesIncludingTopics(): ChangeSet {
    const changes = new ChangeSet(ROOT);
    exportRelationSurface(changes, moduleNames('topics'));
    changes.create(DESTROYED, IMPORTS_SURFACE);
    return changes;
  }

  it('removes the mapper and response DTO exports the destroyed module was the last to import', () => {
    const changes = withInvoicesIncludingTopics();

    undoRelationSurface(changes, [DESTROYED], [DESTROYED, TOPICS_INDEX, 'src/modules/topics/topics.mapper.ts']);

    expect(changes.read(TOPICS_INDEX)).toBe(new ChangeSet(ROOT).read(TOPICS_INDEX));
  });

  it('keeps a name another module still imports, and removes the other', () => {
    const changes = withInvoicesIncludingTopics();
    changes.create(KEPT, "import { toTopicResponse } from '../topics';\nexport const map = toTopicResponse;\n");

    undoRelationSurface(changes, [DESTROYED], [DESTROYED, KEPT, TOPICS_INDEX]);

    expect(changes.read(TOPICS_INDEX)).toContain("export { toTopicResponse } from './topics.mapper';");
    expect(changes.read(TOPICS_INDEX)).not.toContain('TopicResponseDto');
    expect(changes.read(TOPICS_INDEX)).toMatch(/^\/\*\* The public surface of the topics module/);
  });
});

describe(isIncludable.name, () => {
  it.each([
    ['topics', true],
    // Reads the topic links its repository loads: a bare join would not have them.
    ['articles', false],
    // Takes the narrower Comment type.
    ['comments', false],
    // Its mapper would fit, but only admins may read users.
    ['users', false],
  ])('%s → %s', (module, expected) => {
    expect(isIncludable(new ChangeSet(ROOT), moduleNames(module))).toBe(expected);
  });

  it('refuses a parent whose routes only some roles may call', () => {
    const changes = new ChangeSet(ROOT);
    const controller = 'src/modules/topics/topics.controller.ts';
    changes.modify(controller, changes.read(controller).replace('@Controller(', "@Roles('admin')\n@Controller("));

    expect(isIncludable(changes, moduleNames('topics'))).toBe(false);
  });
});

describe(removeReferencedMapping.name, () => {
  const files = [layout.errors, layout.index, layout.repository, layout.controller];

  it('restores the parent as it was before addReferencedMapping, layout aside (Prettier formats it)', () => {
    const changes = editedArticles();
    const tokens = (text: string): string => text.replace(/\s+/g, ' ').replace(/ ?([,{}()]) ?/g, '$1');

    expect(removeReferencedMapping(changes, ARTICLES)).toBe(true);

    expect(files.map((path) => tokens(changes.read(path)))).toEqual(
      files.map((path) => tokens(new ChangeSet(ROOT).read(path))),
    );
  });

  it('leaves a deleteById that is not the generated one alone', () => {
    const changes = editedArticles();
    changes.modify(
      layout.repository,
      changes.read(layout.repository).replace('return affected === 1;', 'return affected !== 0;'),
    );
    const before = files.map((path) => changes.read(path));

    expect(removeReferencedMapping(changes, ARTICLES)).toBe(false);
    expect(files.map((path) => changes.read(path))).toEqual(before);
  });
});

describe(undoReferencedMappings.name, () => {
  const LIKES = moduleNames('likes');
  const likeEntity = (onDelete: string): string =>
    [
      "import { Entity, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';",
      "import { ArticleEntity } from '../articles';",
      '',
      "@Entity({ name: 'likes' })",
      'export class LikeEntity {',
      "  @PrimaryGeneratedColumn('uuid')",
      '  id!: string;',
      '',
      `  @ManyToOne(() => ArticleEntity, { nullable: false, onDelete: '${onDelete}' })`,
      '  article?: ArticleEntity;',
      '}',
      '',
    ].join('\n');
  const entityFiles = ['src/modules/articles/article.entity.ts', 'src/modules/comments/comment.entity.ts'];

  function destroyingLikes(onDelete: string, others: readonly string[] = entityFiles): ChangeSet {
    const changes = editedArticles();
    changes.create('src/modules/likes/like.entity.ts', likeEntity(onDelete));
    undoReferencedMappings(changes, LIKES, [...others, 'src/modules/likes/like.entity.ts']);
    return changes;
  }

  it("removes the parent's 409 when the destroyed module was the last to restrict it", () => {
    expect(destroyingLikes('RESTRICT').read(layout.errors)).not.toContain('ArticleReferencedError');
  });

  it('keeps it while another entity still restricts the parent', () => {
    const changes = editedArticles();
    changes.create('src/modules/likes/like.entity.ts', likeEntity('RESTRICT'));
    changes.create('src/modules/pins/pin.entity.ts', likeEntity('RESTRICT').replaceAll('Like', 'Pin'));

    undoReferencedMappings(changes, LIKES, [...entityFiles, 'src/modules/pins/pin.entity.ts']);

    expect(changes.read(layout.errors)).toContain('ArticleReferencedError');
  });

  it("keeps a hand-written module's mapping another entity needs (topics, restricted by article_topics)", () => {
    const changes = new ChangeSet(ROOT);
    changes.create(
      'src/modules/likes/like.entity.ts',
      likeEntity('RESTRICT').replaceAll('Article', 'Topic').replace('../articles', '../topics'),
    );

    undoReferencedMappings(changes, LIKES, [
      'src/modules/articles/article-topic.entity.ts',
      'src/modules/likes/like.entity.ts',
    ]);

    expect(changes.files.map((file) => file.path)).toEqual(['src/modules/likes/like.entity.ts']);
  });

  it('does nothing for a relation that cascades', () => {
    expect(destroyingLikes('CASCADE').read(layout.errors)).toContain('ArticleReferencedError');
  });
});
