import { TEST_ADMIN_URL_VARIABLE } from '../utils/test-database';
import { moduleFilesOnDisk, moduleShape, plannedModuleFiles } from './support/module-shape';

/**
 * Generated modules must be indistinguishable from the reference (docs/reference-module.md). The
 * generator plans, without writing, a module with the field spec of src/modules/topics and one
 * with the field types of src/modules/articles; their shapes are compared with the hand-written
 * modules, names normalised: the same files, the same exported names, the same constructors, the
 * same decorators (and arguments, prose aside) on every class, property, route and parameter
 * (articles: of the fields only, on the entity and the create and response DTOs). A difference fails
 * unless ALLOWED_DIFFERENCES below explains it, so a template or reference edit that makes them
 * drift apart fails CI until the other side follows (or the difference is justified here).
 */

/**
 * The generated modules' names: one word, as the references' (a name of several words has distinct
 * kebab, camel and snake forms, which a one-word name cannot match), and unlikely to be a module
 * of a service made from this template (the generator refuses a name that exists).
 */
const TOPICS_LIKE = 'quokkas';
const ARTICLES_LIKE = 'wombats';

/** src/modules/topics as a field spec. */
const TOPICS_SPEC = 'name:string(60):unique';

/**
 * The field types of src/modules/articles as a field spec: string, unique string, text, string
 * array, enum with default, nullable datetime, optional belongs-to (users) and many-to-many (topics).
 */
const ARTICLES_SPEC =
  'slug:string(120):unique title:string(200) body:text(100000) tags:string[](40) ' +
  'status:enum(draft,published,archived)=draft publishedAt:datetime? author:ref(users)?:set-null topics:refs(topics)';

interface AllowedDifference {
  /** `topics` (every fact) or `articles` (the fields' facts only, see fieldFacts). */
  readonly reference: 'topics' | 'articles';
  /** Which side has the fact the other lacks. */
  readonly only: 'reference' | 'generated';
  readonly fact: string;
  readonly reason: string;
}

const CONTROLLER = 'src/modules/<kebabPlural>/<kebabPlural>.controller.ts';
const ERRORS = 'src/modules/<kebabPlural>/<kebabPlural>.errors.ts';
const INDEX = 'src/modules/<kebabPlural>/index.ts';
const ENTITY = 'src/modules/<kebabPlural>/<kebabSingular>.entity.ts';
const CREATE_DTO = 'src/modules/<kebabPlural>/dto/create-<kebabSingular>.dto.ts';
const RESPONSE_DTO = 'src/modules/<kebabPlural>/dto/<kebabSingular>-response.dto.ts';
const LIST_QUERY_DTO = 'src/modules/<kebabPlural>/dto/list-<kebabPlural>-query.dto.ts';
const REPOSITORY = 'src/modules/<kebabPlural>/<kebabPlural>.repository.ts';

/** Why articles' many-to-many makes topics differ from a module nothing references. */
const REFERENCED_BY_ARTICLES =
  "articles' many-to-many restricts deleting a topic (409 TOPICS_REFERENCED); the generator adds the same to a module when a relation to it is generated (parent-edits.ts), not to a module nothing references";

const ITEM_LIMIT_CONSTANT =
  "a string array's item limit is <SINGULAR>_<FIELD>_ITEM_MAX_LENGTH when generated, so it cannot collide with the limit of a field named like the singular (`tag:string(40) tags:string[](40)`); articles has no such field and says ARTICLE_TAG_MAX_LENGTH";
const EMBEDDED_TOPICS =
  "articles embeds a two-property topic of its own (ArticleTopicResponseDto); a generated many-to-many embeds the target's response DTO, lazily (modules may refer to each other)";

/** Every difference between a generated module and the reference that is on purpose, with why. */
const ALLOWED_DIFFERENCES: readonly AllowedDifference[] = [
  {
    reference: 'topics',
    only: 'reference',
    fact: `decorators ${CONTROLLER}: <pascalPlural>Controller.delete: @Delete(':id') @HttpCode(HttpStatus.NO_CONTENT) @ApiOperation({}) @ApiNoContentResponse({}) @ApiProblemResponses(400, 404, 409)`,
    reason: REFERENCED_BY_ARTICLES,
  },
  {
    reference: 'topics',
    only: 'generated',
    fact: `decorators ${CONTROLLER}: <pascalPlural>Controller.delete: @Delete(':id') @HttpCode(HttpStatus.NO_CONTENT) @ApiOperation({}) @ApiNoContentResponse({}) @ApiProblemResponses(400, 404)`,
    reason: REFERENCED_BY_ARTICLES,
  },
  {
    reference: 'topics',
    only: 'reference',
    fact: `export ${ERRORS}: <pascalSingular>ReferencedError`,
    reason: REFERENCED_BY_ARTICLES,
  },
  {
    reference: 'topics',
    only: 'reference',
    fact: `export ${INDEX}: <pascalSingular>ReferencedError`,
    reason: REFERENCED_BY_ARTICLES,
  },
  {
    reference: 'topics',
    only: 'reference',
    fact: `constructor ${ERRORS}: <pascalSingular>ReferencedError(id: string)`,
    reason: REFERENCED_BY_ARTICLES,
  },
  {
    reference: 'topics',
    only: 'reference',
    fact: `export ${INDEX}: <constantSingular>_NAME_MAX_LENGTH`,
    reason:
      "articles' own embedded-topic schema reads the limit; a generated relation embeds the target's response DTO and needs no limit from it",
  },
  {
    reference: 'topics',
    only: 'generated',
    fact: `decorators ${LIST_QUERY_DTO}: List<pascalPlural>QueryDto.name: @ApiPropertyOptional({ minLength: 1, maxLength: <constantSingular>_NAME_MAX_LENGTH }) @IsOptional() @IsString() @IsStorableText() @CodePointLength(1, <constantSingular>_NAME_MAX_LENGTH)`,
    reason:
      'the generator filters lists on every unique or indexed field (docs/generators.md, field types); topics has no list filter, articles shows the recipe (?status=, ?tag=)',
  },
  {
    reference: 'topics',
    only: 'generated',
    fact: `export ${REPOSITORY}: <pascalSingular>ListFilter`,
    reason: "the filter above: the repository takes it as an object, as articles' does",
  },
  {
    reference: 'articles',
    only: 'reference',
    fact: `decorators ${ENTITY}: <pascalSingular>Entity.tags: @Column({ type: 'varchar', length: <constantSingular>_TAG_MAX_LENGTH, array: true, default: () => "'{}'" })`,
    reason: ITEM_LIMIT_CONSTANT,
  },
  {
    reference: 'articles',
    only: 'generated',
    fact: `decorators ${ENTITY}: <pascalSingular>Entity.tags: @Column({ type: 'varchar', length: <constantSingular>_TAGS_ITEM_MAX_LENGTH, array: true, default: () => "'{}'" })`,
    reason: ITEM_LIMIT_CONSTANT,
  },
  {
    reference: 'articles',
    only: 'reference',
    fact: `decorators ${CREATE_DTO}: Create<pascalSingular>Dto.tags: @ApiPropertyOptional({ type: 'array', items: { type: 'string', minLength: 1, maxLength: <constantSingular>_TAG_MAX_LENGTH }, maxItems: <constantSingular>_TAGS_MAX_COUNT, uniqueItems: true }) @OptionalNotNull() @IsArray() @ArrayMaxSize(<constantSingular>_TAGS_MAX_COUNT) @ArrayDistinct(<constantSingular>_TAGS_MAX_COUNT) @IsString(eachItem(<constantSingular>_TAGS_MAX_COUNT)) @IsStorableText(eachItem(<constantSingular>_TAGS_MAX_COUNT)) @CodePointLength(1, <constantSingular>_TAG_MAX_LENGTH, eachItem(<constantSingular>_TAGS_MAX_COUNT))`,
    reason: ITEM_LIMIT_CONSTANT,
  },
  {
    reference: 'articles',
    only: 'generated',
    fact: `decorators ${CREATE_DTO}: Create<pascalSingular>Dto.tags: @ApiPropertyOptional({ type: 'array', items: { type: 'string', minLength: 1, maxLength: <constantSingular>_TAGS_ITEM_MAX_LENGTH }, maxItems: <constantSingular>_TAGS_MAX_COUNT, uniqueItems: true }) @OptionalNotNull() @IsArray() @ArrayMaxSize(<constantSingular>_TAGS_MAX_COUNT) @ArrayDistinct(<constantSingular>_TAGS_MAX_COUNT) @IsString(eachItem(<constantSingular>_TAGS_MAX_COUNT)) @IsStorableText(eachItem(<constantSingular>_TAGS_MAX_COUNT)) @CodePointLength(1, <constantSingular>_TAGS_ITEM_MAX_LENGTH, eachItem(<constantSingular>_TAGS_MAX_COUNT))`,
    reason: ITEM_LIMIT_CONSTANT,
  },
  {
    reference: 'articles',
    only: 'reference',
    fact: `decorators ${CREATE_DTO}: Create<pascalSingular>Dto.slug: @ApiProperty({ minLength: 1, maxLength: <constantSingular>_SLUG_MAX_LENGTH, pattern: <constantSingular>_SLUG_PATTERN.source }) @IsString() @IsStorableText() @CodePointLength(1, <constantSingular>_SLUG_MAX_LENGTH) @Matches(<constantSingular>_SLUG_PATTERN, { message: 'must be lowercase words of letters and digits joined by hyphens' })`,
    reason:
      'a format-restricted string (docs/reference-module.md) is written by hand: the field spec has no pattern syntax',
  },
  {
    reference: 'articles',
    only: 'generated',
    fact: `decorators ${CREATE_DTO}: Create<pascalSingular>Dto.slug: @ApiProperty({ minLength: 1, maxLength: <constantSingular>_SLUG_MAX_LENGTH }) @IsString() @IsStorableText() @CodePointLength(1, <constantSingular>_SLUG_MAX_LENGTH)`,
    reason: 'the same slug without its hand-written pattern (above)',
  },
  {
    reference: 'articles',
    only: 'generated',
    fact: `decorators ${CREATE_DTO}: Create<pascalSingular>Dto.authorId: @ApiPropertyOptional({ type: 'string', format: 'uuid', nullable: true }) @IsOptional() @IsUUID('all')`,
    reason:
      "articles takes its author from the access token, never from the body; a generated belongs-to is the client's to set",
  },
  {
    reference: 'articles',
    only: 'generated',
    fact: `decorators ${CREATE_DTO}: Create<pascalSingular>Dto.publishedAt: @ApiPropertyOptional({ type: 'string', format: 'date-time', nullable: true }) @IsOptional() @IsIsoTimestamp()`,
    reason:
      "articles sets publishedAt itself when one is published (a domain rule); a generated datetime is the client's to set",
  },
  {
    reference: 'articles',
    only: 'reference',
    fact: `decorators ${RESPONSE_DTO}: <pascalSingular>ResponseDto.topics: @ApiPropertyOptional({ type: [<pascalSingular>TopicResponseDto] })`,
    reason: EMBEDDED_TOPICS,
  },
  {
    reference: 'articles',
    only: 'generated',
    fact: `decorators ${RESPONSE_DTO}: <pascalSingular>ResponseDto.topics: @ApiPropertyOptional({ type: () => [TopicResponseDto] })`,
    reason: EMBEDDED_TOPICS,
  },
];

describe('generated modules keep the shape of the reference', () => {
  let topics: Drift;
  let articles: Drift;

  beforeAll(async () => {
    const databaseUrl = process.env[TEST_ADMIN_URL_VARIABLE] ?? '';
    // Two generator runs side by side: each spends most of its time on its own scratch database.
    const [topicsLike, articlesLike] = await Promise.all([
      plannedModuleFiles(TOPICS_LIKE, TOPICS_SPEC, databaseUrl),
      plannedModuleFiles(ARTICLES_LIKE, ARTICLES_SPEC, databaseUrl),
    ]);
    topics = drift(moduleShape('topics', moduleFilesOnDisk('topics')), moduleShape(TOPICS_LIKE, topicsLike));
    articles = drift(
      fieldFacts(moduleShape('articles', moduleFilesOnDisk('articles'))),
      fieldFacts(moduleShape(ARTICLES_LIKE, articlesLike)),
    );
  }, 60_000);

  it('has the files, exports, constructors and decorators of topics, but for the allowed differences', () => {
    expect(unexplained(topics, 'topics')).toEqual({ onlyInReference: [], onlyGenerated: [] });
  });

  it('decorates every field type as articles does, but for the allowed differences', () => {
    expect(unexplained(articles, 'articles')).toEqual({ onlyInReference: [], onlyGenerated: [] });
  });

  it('allows only differences that still exist', () => {
    const stale = ALLOWED_DIFFERENCES.filter((allowed) => {
      const found = allowed.reference === 'topics' ? topics : articles;
      const side = allowed.only === 'reference' ? found.onlyInReference : found.onlyGenerated;
      return !side.includes(allowed.fact);
    });
    expect(stale.map((allowed) => allowed.fact)).toEqual([]);
  });
});

interface Drift {
  readonly onlyInReference: readonly string[];
  readonly onlyGenerated: readonly string[];
}

function drift(reference: readonly string[], generated: readonly string[]): Drift {
  return {
    onlyInReference: reference.filter((fact) => !generated.includes(fact)),
    onlyGenerated: generated.filter((fact) => !reference.includes(fact)),
  };
}

function unexplained(found: Drift, reference: AllowedDifference['reference']): Drift {
  const allowed = (only: AllowedDifference['only']): Set<string> =>
    new Set(
      ALLOWED_DIFFERENCES.filter((entry) => entry.reference === reference && entry.only === only).map(
        (entry) => entry.fact,
      ),
    );
  const inReference = allowed('reference');
  const generated = allowed('generated');
  return {
    onlyInReference: found.onlyInReference.filter((fact) => !inReference.has(fact)),
    onlyGenerated: found.onlyGenerated.filter((fact) => !generated.has(fact)),
  };
}

/**
 * The per-field facts: the decorators of the entity's columns and of the create and response DTOs'
 * properties. Articles splits its response in a summary (what lists carry, without the body) and
 * the full article; both describe the same properties, so they are read as one response DTO.
 */
function fieldFacts(shape: readonly string[]): string[] {
  const members = [
    `decorators ${ENTITY}: <pascalSingular>Entity.`,
    `decorators ${CREATE_DTO}: Create<pascalSingular>Dto.`,
    `decorators ${RESPONSE_DTO}: <pascalSingular>ResponseDto.`,
  ];
  return shape
    .map((fact) =>
      fact.replace(
        `decorators ${RESPONSE_DTO}: <pascalSingular>SummaryResponseDto.`,
        `decorators ${RESPONSE_DTO}: <pascalSingular>ResponseDto.`,
      ),
    )
    .filter((fact) => members.some((prefix) => fact.startsWith(prefix)));
}
