import {
  DocumentBuilder,
  type OpenAPIObject,
  type OperationObject,
  type SchemaObject,
  SwaggerModule,
} from '@nestjs/swagger';
import { getMetadataStorage } from 'class-validator';
import { DataSource } from 'typeorm';
import { ArticleEntity } from '../../src/modules/articles/article.entity';
import { CreateArticleDto } from '../../src/modules/articles/dto/create-article.dto';
import { UpdateArticleDto } from '../../src/modules/articles/dto/update-article.dto';
import { createTestApp, type TestApp } from '../utils/test-app';

interface LengthLimitedColumn {
  readonly property: string;
  readonly length: number;
  readonly isArray: boolean;
}

/**
 * A length limit lives in three places: the column, the validator and the OpenAPI schema. This
 * test reads all three from the running application, so they cannot drift apart.
 */
describe('Articles OpenAPI contract (e2e)', () => {
  let testApp: TestApp;
  let document: OpenAPIObject;
  let columns: LengthLimitedColumn[];

  beforeAll(async () => {
    testApp = await createTestApp();
    document = SwaggerModule.createDocument(testApp.app, new DocumentBuilder().build());
    columns = testApp.app
      .get(DataSource)
      .getMetadata(ArticleEntity)
      .columns.filter((column) => column.length !== '')
      .map((column) => ({ property: column.propertyName, length: Number(column.length), isArray: column.isArray }));
  });

  afterAll(async () => {
    await testApp.close();
  });

  function schemaOf(name: string): SchemaObject {
    const schema = document.components?.schemas?.[name];
    if (schema === undefined || '$ref' in schema) throw new Error(`schema ${name} is missing`);
    return schema;
  }

  function stringSchemaOf(dtoName: string, column: LengthLimitedColumn): SchemaObject {
    const property = schemaOf(dtoName).properties?.[column.property];
    if (property === undefined || '$ref' in property)
      throw new Error(`${dtoName}.${column.property} is not documented`);
    if (!column.isArray) return property;
    if (property.items === undefined || '$ref' in property.items)
      throw new Error(`${column.property} has no item schema`);
    return property.items;
  }

  function validatedMaxLength(dto: new () => object, property: string): number | undefined {
    const [constraint] = getMetadataStorage()
      .getTargetValidationMetadatas(dto, '', true, false)
      .filter((metadata) => metadata.propertyName === property && metadata.name === 'codePointLength');
    return constraint?.constraints[1] as number | undefined;
  }

  it('finds the length-limited columns', () => {
    expect(columns.map((column) => column.property).sort()).toEqual(['slug', 'tags', 'title']);
  });

  it.each(['CreateArticleDto', 'UpdateArticleDto'])('documents each column length as maxLength in %s', (dtoName) => {
    for (const column of columns) {
      expect({ [column.property]: stringSchemaOf(dtoName, column).maxLength }).toEqual({
        [column.property]: column.length,
      });
    }
  });

  it.each([CreateArticleDto, UpdateArticleDto])('validates each column length in %p', (dto) => {
    for (const column of columns) {
      expect({ [column.property]: validatedMaxLength(dto, column.property) }).toEqual({
        [column.property]: column.length,
      });
    }
  });

  it('documents a problem+json body for every error response of every articles route', () => {
    const operations = Object.entries(document.paths)
      .filter(([path]) => path.startsWith('/v1/articles'))
      .flatMap(([path, item]) =>
        (['get', 'post', 'put', 'patch', 'delete'] as const).flatMap((method) =>
          item[method] === undefined ? [] : [{ name: `${method} ${path}`, responses: item[method].responses }],
        ),
      );

    // Routes added later (e.g. by the endpoint generator) are checked too; the CRUD five must be there.
    expect(operations.map(({ name }) => name)).toEqual(
      expect.arrayContaining([
        'post /v1/articles',
        'get /v1/articles',
        'get /v1/articles/{id}',
        'patch /v1/articles/{id}',
        'delete /v1/articles/{id}',
      ]),
    );
    for (const { name, responses } of operations) {
      const errors = Object.entries(responses).filter(([status]) => Number(status) >= 400);
      expect({ name, documentsErrors: errors.length > 0 }).toEqual({ name, documentsErrors: true });
      for (const [status, response] of errors) {
        const content = response !== undefined && 'content' in response ? (response.content ?? {}) : {};
        expect({ name, status, content: Object.keys(content) }).toEqual({
          name,
          status,
          content: ['application/problem+json'],
        });
      }
    }
  });

  /**
   * The served document (/docs/json, after the core's post-processing) on the example routes. The
   * same on the routes every service keeps is openapi.e2e-spec.ts's, which init --without-examples
   * keeps; conditional requests are documented only on resources with a version (the examples',
   * a generated module's: its own spec checks them).
   */
  describe('served at /docs/json', () => {
    let served: OpenAPIObject;

    beforeAll(async () => {
      const response = await testApp.request('GET', '/docs/json');
      expect(response.statusCode).toBe(200);
      served = response.json<OpenAPIObject>();
    });

    const statusesOf = (path: string, method: 'get' | 'post' | 'patch' | 'delete'): string[] =>
      Object.keys(served.paths[path]?.[method]?.responses ?? {}).sort();

    it('adds the statuses and headers of the HTTP layer to the articles routes, next to their own', () => {
      expect(statusesOf('/v1/articles', 'post')).toEqual([
        '201',
        '400',
        '401',
        '409',
        '413',
        '414',
        '415',
        '422',
        '429',
        '503',
      ]);
      const created = served.paths['/v1/articles']?.post?.responses['201'];
      expect(created).toMatchObject({
        headers: {
          'X-Request-Id': { required: true },
          Location: {},
          'Idempotent-Replayed': { required: false },
          'X-RateLimit-Remaining': { required: false },
        },
      });
      expect(served.paths['/v1/articles']?.get?.responses['200']).toMatchObject({
        headers: { 'X-RateLimit-Remaining': { required: true } },
      });
      expect(served.paths['/v1/articles']?.get?.responses['429']).toMatchObject({
        headers: { 'Retry-After': { required: true } },
      });
      expect(served.paths['/v1/articles']?.post?.operationId).toBe('articlesCreate');
    });

    it('documents the comments routes: 422 for an unknown article, 404 for an unknown parent, the optional article', () => {
      const common = ['414', '429', '503'];
      const withBody = ['413', '414', '415', '429', '503'];

      // POST and PATCH also carry the Idempotency-Key responses (409, 422) the core hook documents, and
      // every protected operation the 401 of the authentication guard.
      expect(statusesOf('/v1/comments', 'post')).toEqual(['201', '400', '401', '409', '422', ...withBody].sort());
      expect(statusesOf('/v1/comments', 'get')).toEqual(['200', '400', '401', ...common]);
      expect(statusesOf('/v1/comments/{id}', 'get')).toEqual(['200', '304', '400', '401', '404', ...common]);
      expect(statusesOf('/v1/comments/{id}', 'patch')).toEqual(
        ['200', '400', '401', '404', '409', '412', '422', ...withBody].sort(),
      );
      // 409 joins them once a generated module's relation restricts deleting comments (COMMENTS_REFERENCED).
      expect(statusesOf('/v1/comments/{id}', 'delete').filter((status) => status !== '409')).toEqual([
        '204',
        '400',
        '401',
        '404',
        '412',
        ...common,
      ]);
      expect(statusesOf('/v1/articles/{articleId}/comments', 'get')).toEqual(['200', '400', '401', '404', ...common]);
      const comment = served.components?.schemas?.CommentResponseDto;
      expect(comment).toMatchObject({
        properties: {
          articleId: { format: 'uuid' },
          article: { allOf: [{ $ref: '#/components/schemas/CommentArticleResponseDto' }] },
        },
      });
      expect(comment !== undefined && 'required' in comment ? comment.required : []).not.toContain('article');
    });

    it('documents conditional requests: ETag on single-resource answers, If-None-Match and 304 on GET, If-Match and 412 on writes', () => {
      const item = served.paths['/v1/topics/{id}'];
      const headerParameters = (operation: OperationObject | undefined): string[] =>
        (operation?.parameters ?? []).flatMap((parameter) =>
          '$ref' in parameter || parameter.in !== 'header' ? [] : [parameter.name],
        );
      const etag = { ETag: { required: true, schema: { pattern: '^"[1-9][0-9]*"$' } } };

      expect(item?.get?.responses).toMatchObject({ '200': { headers: etag }, '304': { headers: etag } });
      expect(item?.get?.responses['304']).not.toHaveProperty('content');
      expect(headerParameters(item?.get)).toEqual(['If-None-Match']);
      expect(item?.patch?.responses).toMatchObject({ '200': { headers: etag }, '412': {} });
      expect(headerParameters(item?.patch)).toEqual(['If-Match', 'Idempotency-Key']);
      expect(headerParameters(item?.delete)).toEqual(['If-Match']);
      expect(served.paths['/v1/topics']?.post?.responses['201']).toMatchObject({ headers: etag });
      // With `include`, an article embeds topics whose changes do not change its version: no ETag then.
      expect(served.paths['/v1/articles/{id}']?.get?.responses['200']).toMatchObject({
        headers: { ETag: { required: false } },
      });
      // Lists carry no ETag.
      expect(served.paths['/v1/topics']?.get?.responses['200']).not.toHaveProperty('headers.ETag');
    });
  });
});
