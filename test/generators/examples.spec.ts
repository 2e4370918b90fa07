import { EntangledMigrationError, exampleOnlyFiles, mentionsExamples } from '../../generators/lib/examples';

/** A repository held in memory: paths and their content. */
function repository(files: Record<string, string>): { files: string[]; read: (path: string) => string } {
  return { files: Object.keys(files).sort(), read: (path) => files[path] ?? '' };
}

function removedPaths(files: Record<string, string>): string[] {
  return exampleOnlyFiles(repository(files)).map((file) => file.path);
}

const migration = (sql: string): string => `export class M { async up(q) { await q.query(\`${sql}\`); } }\n`;

describe(exampleOnlyFiles.name, () => {
  it('finds the example modules, the tests named after them and their snapshots, keeping the rest', () => {
    expect(
      removedPaths({
        'src/modules/articles/articles.service.ts': '',
        'src/modules/topics/dto/create-topic.dto.ts': '',
        'src/modules/users/users.service.ts': '',
        'src/modules/index.ts': "import { ArticlesModule } from './articles';\n",
        'test/e2e/articles-ownership.e2e-spec.ts': '',
        'test/e2e/article-topics.e2e-spec.ts': '',
        'test/factories/comment.factory.ts': '',
        'test/factories/user.factory.ts': '',
        'test/e2e/__snapshots__/articles-ownership.e2e-spec.ts.snap': '',
        'test/e2e/users.e2e-spec.ts': "await request('GET', '/v1/users/1');\n",
        'docs/articles.md': '',
      }),
    ).toEqual([
      'src/modules/articles/articles.service.ts',
      'src/modules/topics/dto/create-topic.dto.ts',
      'test/e2e/__snapshots__/articles-ownership.e2e-spec.ts.snap',
      'test/e2e/article-topics.e2e-spec.ts',
      'test/e2e/articles-ownership.e2e-spec.ts',
      'test/factories/comment.factory.ts',
    ]);
  });

  it('classifies migrations by the tables they change, whatever those reference', () => {
    const files = {
      'src/migrations/1-CreateArticles.ts': migration('CREATE TABLE "articles" ("id" uuid)'),
      'src/migrations/2-AddAuthorToArticles.ts': migration(
        'ALTER TABLE "articles" ADD CONSTRAINT "FK_articles_author_id" FOREIGN KEY ("author_id") REFERENCES "users"("id")',
      ),
      'src/migrations/3-CreateTopics.ts': migration(
        'CREATE TABLE "article_topics" ("id" uuid); CREATE INDEX "IDX_topics_name" ON "topics" ("name")',
      ),
      'src/migrations/4-CreateUsers.ts': migration('CREATE TABLE "users" ("id" uuid)'),
    };

    expect(exampleOnlyFiles(repository(files))).toEqual([
      { path: 'src/migrations/1-CreateArticles.ts', reason: 'migration of example tables articles' },
      { path: 'src/migrations/2-AddAuthorToArticles.ts', reason: 'migration of example tables articles' },
      { path: 'src/migrations/3-CreateTopics.ts', reason: 'migration of example tables article_topics, topics' },
    ]);
  });

  it.each([
    [
      'changes an example table and one of the service',
      'ALTER TABLE "articles" ADD "x" int; ALTER TABLE "users" ADD "y" int',
    ],
    [
      'builds a table of the service on an example table',
      'CREATE TABLE "likes" ("article_id" uuid REFERENCES "articles"("id"))',
    ],
  ])('refuses a migration that %s, naming it', (_case, sql) => {
    expect(() => removedPaths({ 'src/migrations/5-Mixed.ts': migration(sql) })).toThrow(EntangledMigrationError);
    expect(() => removedPaths({ 'src/migrations/5-Mixed.ts': migration(sql) })).toThrow(/5-Mixed\.ts .*articles/);
  });

  it('finds e2e specs that call, query or generate into an example, and unit specs that read its source', () => {
    expect(
      exampleOnlyFiles(
        repository({
          'test/e2e/metrics.e2e-spec.ts': "await testApp.request('GET', `/v1/articles/${id}`);\n",
          'test/e2e/shutdown.e2e-spec.ts': "await client.query('SELECT count(*) FROM articles');\n",
          'test/generators/plop.e2e-spec.ts': "await generate(['field', 'articles', 'title:text?']);\n",
          'test/generators/relations.e2e-spec.ts': "const fields = 'note:ref(comments)?';\n",
          'test/generators/fields.spec.ts': "readFileSync('src/modules/articles/article.entity.ts');\n",
          // Names as data only: the spec passes without the module, so it stays.
          'test/generators/layout.spec.ts': "expect(folder).toBe('src/modules/articles/');\n",
          'test/e2e/health.e2e-spec.ts': "await testApp.request('GET', '/health/live');\n",
        }),
      ),
    ).toEqual([
      { path: 'test/e2e/metrics.e2e-spec.ts', reason: 'test of example articles' },
      { path: 'test/e2e/shutdown.e2e-spec.ts', reason: 'test of example articles' },
      { path: 'test/generators/fields.spec.ts', reason: 'test of example articles' },
      { path: 'test/generators/plop.e2e-spec.ts', reason: 'test of example articles' },
      { path: 'test/generators/relations.e2e-spec.ts', reason: 'test of example comments' },
    ]);
  });

  it('follows imports until nothing more depends on a removed file, the registry aside', () => {
    expect(
      exampleOnlyFiles(
        repository({
          'test/factories/article.factory.ts':
            "import type { CreateArticleDto } from '../../src/modules/articles/dto';\n",
          'src/modules/articles/dto/index.ts': '',
          'test/utils/workload-client.ts': "import { buildArticle } from '../factories/article.factory';\n",
          'test/e2e/load.e2e-spec.ts': "import { clients } from '../utils/workload-client.js';\n",
          'bench/fixtures.ts': "const load = require('../test/utils/workload-client');\n",
          'src/modules/index.ts': "import { ArticlesModule } from './articles';\n",
          'test/utils/http.ts': "import { request } from 'node:http';\n",
        }),
      ),
    ).toEqual([
      { path: 'bench/fixtures.ts', reason: 'imports test/utils/workload-client' },
      { path: 'src/modules/articles/dto/index.ts', reason: 'example module articles' },
      { path: 'test/e2e/load.e2e-spec.ts', reason: 'imports test/utils/workload-client' },
      { path: 'test/factories/article.factory.ts', reason: 'named after example articles' },
      { path: 'test/utils/workload-client.ts', reason: 'imports test/factories/article.factory' },
    ]);
  });
});

describe(mentionsExamples.name, () => {
  it('recognises documents about the examples by their routes and folders, not by common words', () => {
    expect(mentionsExamples('curl localhost:3000/v1/articles')).toBe(true);
    expect(mentionsExamples('see src/modules/comments/comments.service.ts')).toBe(true);
    expect(mentionsExamples('Comments say why; topics of this document')).toBe(false);
  });
});
