import { DocumentBuilder, type OpenAPIObject, type SchemaObject, SwaggerModule } from '@nestjs/swagger';
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
});
