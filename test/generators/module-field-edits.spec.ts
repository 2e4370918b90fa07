import { parseFieldSpec } from '../../generators/lib/field-spec';
import { fieldView } from '../../generators/lib/field-views';
import {
  addE2eSpecValues,
  addMapperProperties,
  addEntityColumns,
  addRepositoryFilters,
  addServiceProperties,
  addUnitSpecValues,
  type NewField,
} from '../../generators/lib/module-field-edits';
import { moduleNames } from '../../generators/lib/names';
import { SourceShapeError } from '../../generators/lib/syntax-edits';

const names = moduleNames('articles');

function newFields(spec: string): NewField[] {
  return parseFieldSpec(spec, [], 'existing').map((field) => ({ field, view: fieldView(names, field) }));
}

describe(addEntityColumns.name, () => {
  const entity = [
    "import { Column, Entity } from 'typeorm';",
    '',
    'export const ARTICLE_TITLE_MAX_LENGTH = 200;',
    '',
    "@Entity({ name: 'articles' })",
    'export class ArticleEntity {',
    "  @Column({ type: 'varchar', length: ARTICLE_TITLE_MAX_LENGTH })",
    '  title!: string;',
    '',
    '  @CreateDateColumn()',
    '  createdAt!: Date;',
    '}',
    '',
  ].join('\n');

  it('adds constants, the index, the column before createdAt and the imports it needs', () => {
    const result = addEntityColumns('article.entity.ts', entity, names, newFields('rank:int(0..9):index=0'));

    expect(result).toContain("import { Column, Entity, Index } from 'typeorm';");
    expect(result).toMatch(/ARTICLE_TITLE_MAX_LENGTH = 200;\n\nexport const ARTICLE_RANK_MIN = 0;/);
    expect(result).toContain("@Index('IDX_articles_rank', ['rank'])\nexport class ArticleEntity");
    expect(result.indexOf('rank!: number;')).toBeLessThan(result.indexOf('createdAt!: Date;'));
    expect(result.indexOf('title!: string;')).toBeLessThan(result.indexOf('rank!: number;'));
  });

  it('declares TIMESTAMP_PRECISION when a datetime column needs it and the entity has none', () => {
    const result = addEntityColumns('article.entity.ts', entity, names, newFields('reviewedAt:datetime?'));

    expect(result).toContain('const TIMESTAMP_PRECISION = 3;');
    expect(result).toContain('precision: TIMESTAMP_PRECISION, nullable: true');
  });
});

describe(addRepositoryFilters.name, () => {
  const repository = [
    "import { type FindOptionsWhere } from 'typeorm';",
    '',
    'export interface ArticleListFilter {',
    '  readonly status?: string;',
    '}',
    '',
    'export class ArticlesRepository {',
    '  findPage(filter: ArticleListFilter, page: ArticlePageRequest) {',
    '    const where: FindOptionsWhere<ArticleEntity> = {',
    '      ...(filter.status !== undefined && { status: filter.status }),',
    '    };',
    "    return this.articles.createQueryBuilder('article').where(where).getMany();",
    '  }',
    '}',
    '',
  ].join('\n');

  it('adds the filter member and its condition to the where object of the page query', () => {
    const result = addRepositoryFilters(
      'articles.repository.ts',
      repository,
      names,
      newFields('featured:boolean=false'),
    );
    // The generator formats with Prettier afterwards; the edit's own line breaks do not matter.
    const tokens = result.replace(/\s+/g, ' ');

    expect(tokens).toContain('readonly status?: string; readonly featured?: boolean; }');
    expect(tokens).toContain(
      '...(filter.status !== undefined && { status: filter.status }), ...(filter.featured !== undefined && { featured: filter.featured }) };',
    );
  });

  it('names the construct it could not find instead of guessing', () => {
    const withoutWhere = repository.replace('const where: FindOptionsWhere<ArticleEntity> =', 'const conditions =');

    expect(() =>
      addRepositoryFilters('articles.repository.ts', withoutWhere, names, newFields('featured:boolean=false')),
    ).toThrow(SourceShapeError);
  });
});

describe(addMapperProperties.name, () => {
  const commentNames = moduleNames('comments');
  const mapper = [
    'export function toCommentResponse(comment: Comment): CommentResponseDto {',
    '  return { id: comment.id, body: comment.body, version: comment.version };',
    '}',
    '',
    'export function toCommentArticleResponse(article: CommentArticle): CommentArticleResponseDto {',
    '  return { id: article.id, title: article.title };',
    '}',
    '',
  ].join('\n');
  const fields = parseFieldSpec('rating:int?', [], 'existing').map((field) => ({
    field,
    view: fieldView(commentNames, field),
  }));

  it("extends the module's own mappers and leaves the embedded parent's alone", () => {
    const result = addMapperProperties('comments.mapper.ts', mapper, fields);

    expect(result).toMatch(/body: comment\.body,\s+rating: comment\.rating,/);
    expect(result).toContain('return { id: article.id, title: article.title };');
  });

  it('names the construct it could not find instead of guessing', () => {
    const parentOnly = mapper.slice(mapper.indexOf('export function toCommentArticleResponse'));

    expect(() => addMapperProperties('comments.mapper.ts', parentOnly, fields)).toThrow(SourceShapeError);
  });
});

describe(addServiceProperties.name, () => {
  it('names the construct it could not find instead of guessing', () => {
    const service = 'export class ArticlesService {\n  create(dto: object) {\n    return dto;\n  }\n}\n';

    expect(() => addServiceProperties('articles.service.ts', service, names, newFields('rank:int=0'))).toThrow(
      SourceShapeError,
    );
  });
});

describe(addE2eSpecValues.name, () => {
  it('expects what the factory sent, read from the payload the test built', () => {
    const spec = [
      "it('creates', async () => {",
      '  const payload = buildArticle();',
      '  expect(article).toEqual({ id: article.id, title: payload.title, createdAt: article.createdAt });',
      '});',
      '',
    ].join('\n');

    const result = addE2eSpecValues('articles.e2e-spec.ts', spec, names, newFields('ownerId:uuid?'));

    expect(result.replace(/\s+/g, ' ')).toContain(
      'title: payload.title, ownerId: payload.ownerId, createdAt: article.createdAt',
    );
  });

  it('refuses a whole-body expectation it cannot complete', () => {
    const spec = "it('lists', () => {\n  expect(body).toEqual({ id: 'x', createdAt: 'y' });\n});\n";

    expect(() => addE2eSpecValues('articles.e2e-spec.ts', spec, names, newFields('ownerId:uuid?'))).toThrow(
      /line 2: cannot tell what the factory sent for ownerId/,
    );
  });
});

describe(addUnitSpecValues.name, () => {
  const spec = (setUp: string[]): string =>
    [
      "const ID = '6f1c2b7e-3a4d-4e5f-8a9b-0c1d2e3f4a5b';",
      '',
      'describe(ArticlesService.name, () => {',
      ...setUp,
      "  it('inserts the defaults of omitted fields', async () => {",
      '    await service.create({ title: ID });',
      '',
      '    expect(repository.insert).toHaveBeenCalledWith({ title: ID });',
      '  });',
      '});',
      '',
    ].join('\n');
  const withSetUp = spec(['  beforeEach(() => {', '    service = new ArticlesService();', '  });', '']);

  it('freezes the time a field defaulting to now is expected at, in a spec that had no such field', () => {
    const result = addUnitSpecValues('articles.service.spec.ts', withSetUp, names, newFields('checkedAt:datetime=now'));

    expect(result).toContain("const ID = '6f1c2b7e-3a4d-4e5f-8a9b-0c1d2e3f4a5b';\n\nconst NOW = new Date(");
    expect(result).toMatch(/beforeEach\(\(\) => \{\s+jest\.useFakeTimers\(\{ now: NOW \}\);\s+service = /);
    expect(result).toMatch(/afterEach\(\(\) => \{\s+jest\.useRealTimers\(\);\s+\}\);/);
    expect(result).toMatch(/toHaveBeenCalledWith\(\{ title: ID,\s+checkedAt: NOW/);
  });

  it('keeps the frozen time a spec already has', () => {
    const frozen = `const NOW = new Date(0);\n${withSetUp}`;

    const result = addUnitSpecValues('articles.service.spec.ts', frozen, names, newFields('checkedAt:datetime=now'));

    expect(result.match(/const NOW/g)).toHaveLength(1);
    expect(result).not.toContain('useFakeTimers');
  });

  it('names the construct it could not find instead of guessing', () => {
    expect(() =>
      addUnitSpecValues('articles.service.spec.ts', spec([]), names, newFields('checkedAt:datetime=now')),
    ).toThrow(SourceShapeError);
  });
});
