import { parseFieldSpec } from '../../generators/lib/field-spec';
import { fieldView } from '../../generators/lib/field-views';
import {
  addE2eSpecValues,
  addEntityColumns,
  addMapperProperties,
  addQueryFilters,
  addRepositoryFilterObject,
  addRepositoryFilters,
  addServiceFilterObject,
  addServiceProperties,
  addUniqueErrors,
  addUniqueViolationCases,
  addUnitSpecFilterObject,
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

  it('writes a relation as the module template does: commented key column, then the @ManyToOne beside it', () => {
    const fields = parseFieldSpec('reviewer:ref(customers)?:set-null', [], 'existing', {
      existing: ['customers'],
      self: 'articles',
    }).map((field) => ({ field, view: fieldView(names, field) }));

    const result = addEntityColumns('article.entity.ts', entity, names, fields);

    expect(result).toContain("import { CustomerEntity } from '../customers';");
    expect(result).toContain("export const ARTICLE_REVIEWER_CONSTRAINT = 'FK_articles_reviewer_id';");
    expect(result).toMatch(
      /\/\*\* The foreign key as a plain column[^\n]*\n\s*@Column\(\{ type: 'uuid', nullable: true \}\)\n\s*reviewerId!: string \| null;\n\n\s*\/\*\* Loaded only by queries that join it; deleting the customer clears the key[^\n]*\n\s*@ManyToOne\(\(\) => CustomerEntity, \{ nullable: true, onDelete: 'SET NULL' \}\)\n\s*@JoinColumn\(\{ name: 'reviewer_id', foreignKeyConstraintName: ARTICLE_REVIEWER_CONSTRAINT \}\)\n\s*reviewer\?: CustomerEntity \| null;\n\n\s*@CreateDateColumn/,
    );
  });

  it('declares TIMESTAMP_PRECISION when a datetime column needs it and the entity has none', () => {
    const result = addEntityColumns('article.entity.ts', entity, names, newFields('reviewedAt:datetime?'));

    expect(result).toContain('const TIMESTAMP_PRECISION = 3;');
    expect(result).toContain('precision: TIMESTAMP_PRECISION, nullable: true');
  });
});

describe(addQueryFilters.name, () => {
  it('adds the first filter to a list query whose paging members are inherited from PageQuery', () => {
    const query = [
      "import { PageQuery } from '../../../common/pagination';",
      '',
      "export class ListArticlesQueryDto extends PageQuery(ARTICLE_SORTS, '-createdAt') {}",
      '',
    ].join('\n');

    const result = addQueryFilters('list-articles-query.dto.ts', query, names, newFields('featured:boolean?'));

    expect(result.replace(/\s+/g, ' ')).toMatch(
      /extends PageQuery\(ARTICLE_SORTS, '-createdAt'\) \{@ApiPropertyOptional\([^]*@IsOptional\(\)[^]*featured\?: boolean;\s*\}/,
    );
    expect(result).toContain("from '@nestjs/swagger'");
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

  it('creates the where object in a findPage that filters only through joins', () => {
    const joinsOnly = [
      'export interface ArticleListFilter {',
      '  readonly topicId?: string;',
      '}',
      '',
      'export class ArticlesRepository {',
      '  async findPage(filter: ArticleListFilter, page: ArticlePageRequest) {',
      "    const query = this.articles.createQueryBuilder('article');",
      "    if (filter.topicId !== undefined) query.innerJoin(ArticleTopicEntity, 'topic_filter', '…');",
      '    return query.getMany();',
      '  }',
      '}',
      '',
    ].join('\n');

    const result = addRepositoryFilters('articles.repository.ts', joinsOnly, names, newFields('ownerId:uuid?'));

    expect(result).toContain("import { type FindOptionsWhere } from 'typeorm';");
    expect(result.replace(/\s+/g, ' ')).toContain(
      "const where: FindOptionsWhere<ArticleEntity> = { ...(filter.ownerId !== undefined && { ownerId: filter.ownerId }) }; const query = this.articles.createQueryBuilder('article').where(where);",
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

describe(addUniqueErrors.name, () => {
  it("adds an error quoting the value sent, as the reference's taken errors do", () => {
    const errors =
      "import { DomainError } from '../../common/errors';\n\nexport class ArticleVersionConflictError extends DomainError {}\n";

    const result = addUniqueErrors('articles.errors.ts', errors, names, newFields('code:string(20)?:unique'));

    expect(result).toContain(
      [
        'export class ArticleCodeTakenError extends DomainError {',
        "  readonly code = 'ARTICLES_CODE_TAKEN';",
        "  readonly kind = 'conflict';",
        '',
        '  constructor(code: string) {',
        '    super(`Another article already uses the code "${code}".`);',
        '  }',
        '}',
        '',
        'export class ArticleVersionConflictError',
      ].join('\n'),
    );
  });

  it('quotes a datetime as the API shows it, and names a keyword parameter apart', () => {
    const result = addUniqueErrors('articles.errors.ts', '', names, newFields('case:datetime?:unique'));

    expect(result).toContain('constructor(caseValue: Date) {');
    expect(result).toContain('super(`Another article already uses the case "${caseValue.toISOString()}".`);');
  });
});

describe(addUniqueViolationCases.name, () => {
  const repository = (translate: string, call: string): string =>
    [
      "import { ArticleSlugTakenError } from './articles.errors';",
      '',
      'export class ArticlesRepository {',
      '  async insert(values: NewArticle): Promise<void> {',
      '    try {',
      '      await this.write(values);',
      '    } catch (error) {',
      `      throw ${call.replace('VALUES', 'values')};`,
      '    }',
      '  }',
      '',
      '  async updateIfVersionMatches(id: string, expectedVersion: number, changes: ArticleChanges): Promise<void> {',
      '    try {',
      '      await this.write(changes);',
      '    } catch (error) {',
      `      throw ${call.replace('VALUES', 'changes')};`,
      '    }',
      '  }',
      '}',
      '',
      `function translateUniqueViolation(${translate}): unknown {`,
      '  switch (violatedConstraint(error, UNIQUE_VIOLATION)) {',
      '    case ARTICLE_SLUG_CONSTRAINT:',
      '      return new ArticleSlugTakenError(values.slug);',
      '    default:',
      '      return error;',
      '  }',
      '}',
      '',
    ].join('\n');

  it('returns the error quoting the written value, or the violation when the write did not set it', () => {
    const source = repository('error: unknown, values: ArticleChanges', 'translateUniqueViolation(error, VALUES)');

    const result = addUniqueViolationCases(
      'articles.repository.ts',
      source,
      names,
      newFields('code:string(20)?:unique'),
    );

    expect(result).toMatch(
      /case ARTICLE_CODE_CONSTRAINT:\s+return values\.code === undefined \|\| values\.code === null \? error : new ArticleCodeTakenError\(values\.code\);\s+default:/,
    );
  });

  it('gives a repository generated before the errors quoted values the written values first', () => {
    const source = repository('error: unknown', 'translateUniqueViolation(error)');

    const result = addUniqueViolationCases(
      'articles.repository.ts',
      source,
      names,
      newFields('code:string(20)?:unique'),
    );

    expect(result).toContain('function translateUniqueViolation(error: unknown, values: ArticleChanges): unknown {');
    expect(result).toContain('throw translateUniqueViolation(error, values);');
    expect(result).toContain('throw translateUniqueViolation(error, changes);');
    expect(result).toContain('case ARTICLE_CODE_CONSTRAINT:');
    expect(result).toContain('return new ArticleSlugTakenError(values.slug);');
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

describe('the filter object of a module without list filters', () => {
  const repository = [
    "import { In, type Repository } from 'typeorm';",
    '',
    'export type ArticleChanges = Partial<NewArticle>;',
    '',
    'export class ArticlesRepository {',
    '  findPage(page: ArticlePageRequest): Promise<ArticleEntity[]> {',
    "    const query = this.articles.createQueryBuilder('article');",
    '    return query.getMany();',
    '  }',
    '}',
    '',
  ].join('\n');

  it('gives the repository an empty ListFilter, a filter parameter and a where the filters extend', () => {
    const withObject = addRepositoryFilterObject('articles.repository.ts', repository, names);
    const result = addRepositoryFilters('articles.repository.ts', withObject, names, newFields('ownerId:uuid?'));

    expect(result).toContain("import { type FindOptionsWhere, In, type Repository } from 'typeorm';");
    expect(result).toMatch(
      /ArticleChanges = Partial<NewArticle>;\s*export interface ArticleListFilter \{\s*readonly ownerId\?: string;/,
    );
    expect(result).toContain('findPage(filter: ArticleListFilter, page: ArticlePageRequest)');
    expect(result.replace(/\s+/g, ' ')).toContain(
      'const where: FindOptionsWhere<ArticleEntity> = { ...(filter.ownerId !== undefined && { ownerId: filter.ownerId }) };',
    );
    expect(result).toContain("this.articles.createQueryBuilder('article').where(where);");
  });

  it('refuses a findPage it did not generate', () => {
    const handWritten = repository.replace(
      'findPage(page: ArticlePageRequest)',
      'findPage(page: ArticlePageRequest, extra: string)',
    );

    expect(() => addRepositoryFilterObject('articles.repository.ts', handWritten, names)).toThrow(SourceShapeError);
  });

  it('passes an empty filter from the service, and the unit spec expects it', () => {
    const service = 'async function list() {\n  return this.articles.findPage({ take: 1 });\n}\n';
    const spec = 'expect(repository.findPage).toHaveBeenCalledWith({ take: 1 });\n';

    expect(addServiceFilterObject('articles.service.ts', service)).toContain('findPage({}, { take: 1 })');
    expect(addUnitSpecFilterObject('articles.service.spec.ts', spec)).toContain(
      'toHaveBeenCalledWith({}, { take: 1 })',
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
