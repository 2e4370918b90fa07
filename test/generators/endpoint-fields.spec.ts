import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertFlagsFitRoute, type EndpointFieldFlags, entityFields } from '../../generators/lib/endpoint-fields';
import { EndpointInputError, parseHttpMethod, parseRoutePath } from '../../generators/lib/endpoint-route';
import { FieldSpecError } from '../../generators/lib/field-spec';
import { moduleNames } from '../../generators/lib/names';
import { decoratedClass, parseSource } from '../../generators/lib/nest-source';

/** The reference entity: what the `module` generator writes, so specs matching it must be accepted. */
const ENTITY_PATH = 'src/modules/articles/article.entity.ts';
const ARTICLES = moduleNames('articles');

function articleFields(flag: 'body' | 'query', spec: string): string[] {
  const file = parseSource(ENTITY_PATH, readFileSync(join(__dirname, '../..', ENTITY_PATH), 'utf8'));
  return entityFields(ARTICLES, decoratedClass(file, 'Entity'), ENTITY_PATH, flag, spec).map((field) => field.name);
}

function rejection(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof EndpointInputError) return error.message;
    throw error;
  }
  throw new Error('expected a rejection');
}

describe(assertFlagsFitRoute.name, () => {
  function fit(method: string, path: string, flags: EndpointFieldFlags): () => void {
    return () => {
      assertFlagsFitRoute(parseRoutePath(parseHttpMethod(method), path), flags);
    };
  }

  it.each([
    ['post', '/:id/schedule', { body: 'dueAt:date' }],
    ['put', '/:id/title', { body: 'title:string' }],
    ['patch', '/:id/title', { body: 'title:string' }],
    ['get', '/stats', { query: 'status:boolean' }],
    ['get', '/:id/summary', {}],
  ])('accepts %s %s with %j', (method, path, flags) => {
    expect(fit(method, path, flags)).not.toThrow();
  });

  it.each([
    ['get', '/:id/x', { body: 'title:string' }, /--body needs a POST, PUT or PATCH route/],
    ['delete', '/:id/x', { body: 'title:string' }, /--body needs a POST, PUT or PATCH route/],
    ['post', '/bulk', { body: 'title:string' }, /--body needs a \/:id\/… route/],
    ['get', '/:id/x', { query: 'status:boolean' }, /--query needs a collection GET route/],
    ['post', '/bulk', { query: 'status:boolean' }, /--query needs a collection GET route/],
  ])('rejects %s %s with %j', (method, path, flags, message) => {
    expect(rejection(fit(method, path, flags))).toMatch(message);
  });
});

describe(entityFields.name, () => {
  it('accepts a column decorator Prettier wrapped over several lines (with its trailing comma)', () => {
    const names = moduleNames('sample-invoices');
    const source = [
      "import { Column, Entity } from 'typeorm';",
      "export const SAMPLE_INVOICE_STATUSES = ['draft', 'sent'] as const;",
      'export type SampleInvoiceStatus = (typeof SAMPLE_INVOICE_STATUSES)[number];',
      "export const SAMPLE_INVOICE_DEFAULT_STATUS: SampleInvoiceStatus = 'draft';",
      "@Entity({ name: 'sample_invoices' })",
      'export class SampleInvoiceEntity {',
      '  @Column({',
      "    type: 'enum',",
      '    enum: SAMPLE_INVOICE_STATUSES,',
      "    enumName: 'sample_invoice_status',",
      '    default: SAMPLE_INVOICE_DEFAULT_STATUS,',
      '  })',
      '  status!: SampleInvoiceStatus;',
      '}',
    ].join('\n');
    const entity = decoratedClass(parseSource('sample-invoice.entity.ts', source), 'Entity');

    const fields = entityFields(names, entity, 'sample-invoice.entity.ts', 'body', 'status:enum(draft,sent)=draft');

    expect(fields.map((field) => field.name)).toEqual(['status']);
  });

  it('accepts columns declared exactly as the spec describes them', () => {
    expect(
      articleFields('body', 'title:string(200) publishedAt:datetime? status:enum(draft,published,archived)=draft'),
    ).toEqual(['title', 'publishedAt', 'status']);
  });

  it('accepts filterable columns for a query', () => {
    expect(articleFields('query', 'status:enum(draft,published,archived)=draft')).toEqual(['status']);
  });

  it('reports every mismatch at once', () => {
    const message = rejection(() =>
      articleFields('body', 'author:string title:string(100) publishedAt:datetime status:enum(draft,published)=draft'),
    );

    expect(message).toContain('author: no such property');
    expect(message).toContain('title: the entity file lacks export const ARTICLE_TITLE_MAX_LENGTH = 100;');
    expect(message).toContain('publishedAt: the entity types it Date | null, the spec means Date');
    expect(message).toMatch(/status: the entity file lacks export const ARTICLE_STATUSES = \['draft', 'published'\]/);
  });

  it('rejects a property that is not a plain column', () => {
    const file = parseSource(
      'thing.entity.ts',
      '@Entity() export class ArticleEntity { @ManyToOne() author!: string; }',
    );

    expect(
      rejection(() => entityFields(ARTICLES, decoratedClass(file, 'Entity'), 'thing.entity.ts', 'body', 'author:uuid')),
    ).toMatch(/author: not a plain @Column\(\)/);
  });

  it('rejects query fields without an index or a filter recipe', () => {
    expect(rejection(() => articleFields('query', 'title:string(200)'))).toMatch(/title: string fields filter only/);
    expect(rejection(() => articleFields('query', 'publishedAt:datetime?'))).toMatch(
      /publishedAt: datetime fields have no exact-match filter/,
    );
  });

  it('passes spec syntax errors through with their caret', () => {
    expect(() => articleFields('body', 'title:string(200')).toThrow(FieldSpecError);
  });
});
