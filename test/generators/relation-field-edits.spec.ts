import { parseFieldSpec, parseModuleFieldSpec } from '../../generators/lib/field-spec';
import { type ManyToManyView, manyToManyView } from '../../generators/lib/field-types/refs';
import { fieldView, type RelationView } from '../../generators/lib/field-views';
import {
  addLinks,
  addLinkStorage,
  addLinkWrites,
  addListFilters,
  addListMapping,
  passIncludesToMappers,
  registerJoinEntities,
} from '../../generators/lib/many-to-many-field-edits';
import { capitalize, moduleNames } from '../../generators/lib/names';
import {
  addIncludeValues,
  addMapperIncludes,
  addReferenceTranslation,
  addRelationErrors,
  addRepositoryIncludes,
  addServiceIncludes,
  addUnitSpecIncludes,
  addUnprocessableResponses,
  canAddIncludes,
  canCreateIncludes,
  createControllerIncludes,
  createQueryIncludes,
  createRepositoryIncludes,
  createServiceIncludes,
  createUnitSpecIncludes,
} from '../../generators/lib/relation-field-edits';
import { SourceShapeError } from '../../generators/lib/syntax-edits';

const names = moduleNames('invoices');

function relationsOf(spec: string): RelationView[] {
  return parseFieldSpec(spec, [], 'existing', { existing: ['customers'], self: 'invoices' }).flatMap(
    (field) => fieldView(names, field).relation ?? [],
  );
}

const reviewer = relationsOf('reviewer:ref(customers)?:set-null');

const lines = (...text: string[]): string => `${text.join('\n')}\n`;

/** The edits leave layout to Prettier (the generator formats every file it writes): compare words. */
const flat = (text: string): string => text.replace(/\s+/g, ' ');

/** One declaration or class member, its lines as written at the top level of its file or class. */
type Declaration = readonly string[];

/**
 * A module file trimmed to what an edit reads: imports, the declarations before its class, the
 * class (members a blank line apart), the declarations after it.
 */
function moduleFile(file: {
  readonly imports?: readonly string[];
  readonly before?: readonly Declaration[];
  readonly decorator?: string;
  readonly className: string;
  readonly members: readonly Declaration[];
  readonly after?: readonly Declaration[];
}): string {
  const paragraphs = (declarations: readonly Declaration[]): string[] =>
    declarations.flatMap((declaration, index) => [...(index > 0 ? [''] : []), ...declaration]);
  const members = paragraphs(file.members).map((line) => (line === '' ? line : `  ${line}`));
  const sections = [
    file.imports ?? [],
    paragraphs(file.before ?? []),
    [...(file.decorator ? [file.decorator] : []), `export class ${file.className} {`, ...members, '}'],
    paragraphs(file.after ?? []),
  ].filter((section) => section.length > 0);
  return lines(...sections.flatMap((section, index) => [...(index > 0 ? [''] : []), ...section]));
}

/** Members of the generated InvoicesRepository, as a module without relations has them. */
const REPOSITORY = {
  getter: [
    'private get invoices(): Repository<InvoiceEntity> {',
    '  return this.txHost.tx.getRepository(InvoiceEntity);',
    '}',
  ],
  insert: [
    'async insert(values: NewInvoice): Promise<InvoiceEntity> {',
    '  const entity = this.invoices.create(values);',
    '  const { generatedMaps } = await this.invoices.insert(entity);',
    '  return this.invoices.merge(entity, ...generatedMaps);',
    '}',
  ],
  updateIfVersionMatches: [
    'async updateIfVersionMatches(id: string, expectedVersion: number, changes: InvoiceChanges): Promise<InvoiceEntity | null> {',
    '  const { affected } = await this.invoices.update({ id, version: expectedVersion }, changes);',
    '  return affected === 1 ? this.findById(id) : null;',
    '}',
  ],
  findById: ['findById(id: string): Promise<InvoiceEntity | null> {', '  return this.invoices.findOneBy({ id });', '}'],
  /** As a module with `?include=` reads. */
  joinedFindById: [
    'findById(id: string, relations: InvoiceRelations = NO_RELATIONS): Promise<InvoiceEntity | null> {',
    "  return this.withRelations(this.invoices.createQueryBuilder('invoice'), relations).where({ id }).getOne();",
    '}',
  ],
  deleteById: ['async deleteById(id: string): Promise<boolean> {', '  return true;', '}'],
} satisfies Record<string, Declaration>;

/** `InvoiceRelations` and its default, as a module with `?include=` of `relations` declares them. */
const relationsContract = (...relations: string[]): Declaration[] => [
  [
    '/** Related rows a read joins in the same statement. */',
    'export interface InvoiceRelations {',
    ...relations.map((relation) => `  readonly ${relation}: boolean;`),
    '}',
  ],
  [`const NO_RELATIONS: InvoiceRelations = { ${relations.map((relation) => `${relation}: false`).join(', ')} };`],
];

/** The repository's join of `relations`, as a module with `?include=` of them has it. */
const withRelations = (...relations: string[]): Declaration => [
  `/** The requested ${relations.join(', ')} joined into the same statement: no query per invoice. */`,
  'private withRelations(query: SelectQueryBuilder<InvoiceEntity>, relations: InvoiceRelations): SelectQueryBuilder<InvoiceEntity> {',
  ...relations.map(
    (relation) =>
      `  if (relations.${relation}) query.leftJoinAndSelect('invoice.${relation}', 'joined${capitalize(relation)}');`,
  ),
  '  return query;',
  '}',
];

/** The repository's 422 for an unknown key of `relation`, as a module with that relation has it. */
function referenceTranslation(relation: string): Declaration {
  return [
    '/** Relies on the foreign keys instead of a SELECT beforehand, which would race with a deletion. */',
    'function translateReferenceViolation(error: unknown, values: InvoiceChanges): unknown {',
    '  const constraint = violatedConstraint(error, FOREIGN_KEY_VIOLATION);',
    `  if (constraint === INVOICE_${relation.toUpperCase()}_CONSTRAINT && typeof values.${relation}Id === 'string') {`,
    `    return new Invoice${capitalize(relation)}NotFoundError(values.${relation}Id);`,
    '  }',
    '  return error;',
    '}',
  ];
}

/** What the module templates render for `reviewer:ref(customers)?:set-null` alone, trimmed to what the edits read. */
const RENDERED_REPOSITORY = moduleFile({
  before: relationsContract('reviewer'),
  decorator: '@Injectable()',
  className: 'InvoicesRepository',
  members: [REPOSITORY.joinedFindById, withRelations('reviewer')],
  after: [referenceTranslation('reviewer')],
});

/** The generated toInvoiceResponse, returning `properties` after the row's id and version. */
const invoiceMapper = (...properties: string[]): Declaration => [
  'export function toInvoiceResponse(invoice: InvoiceEntity): InvoiceResponseDto {',
  '  return {',
  '    id: invoice.id,',
  '    version: invoice.version,',
  ...properties.map((property) => `    ${property}`),
  '  };',
  '}',
];

describe(addRelationErrors.name, () => {
  const errors = lines(
    "import { DomainError } from '../../common/errors';",
    '',
    'export class InvoiceNotFoundError extends DomainError {}',
    '',
    'export class InvoiceVersionConflictError extends DomainError {}',
  );
  const rendered = lines(
    '/** The customer the body names does not exist (or was deleted meanwhile): a 422 pointing at it. */',
    'export class InvoiceReviewerNotFoundError extends DomainError {',
    "  readonly code = 'INVOICES_REVIEWER_NOT_FOUND';",
    '}',
  );

  it('moves the rendered error, with its comment, before the version conflict and imports RejectedInput', () => {
    const result = addRelationErrors('invoices.errors.ts', errors, rendered, names, reviewer);

    expect(result).toContain("import { DomainError, type RejectedInput } from '../../common/errors';");
    expect(result).toMatch(
      /\/\*\* The customer the body names[^\n]*\nexport class InvoiceReviewerNotFoundError[\s\S]*\}\n\nexport class InvoiceVersionConflictError/,
    );
  });
});

describe(addReferenceTranslation.name, () => {
  const generated = moduleFile({
    before: [['export type InvoiceChanges = Partial<NewInvoice>;']],
    decorator: '@Injectable()',
    className: 'InvoicesRepository',
    members: [REPOSITORY.insert, REPOSITORY.updateIfVersionMatches],
  });

  it('routes both writes of a module without relations through a new translateReferenceViolation', () => {
    const result = addReferenceTranslation('invoices.repository.ts', generated, RENDERED_REPOSITORY, names, reviewer);

    expect(result).toContain("import { FOREIGN_KEY_VIOLATION, violatedConstraint } from '../../common/database';");
    expect(result).toContain("import { INVOICE_REVIEWER_CONSTRAINT } from './invoice.entity';");
    expect(result).toMatch(
      /try \{\s*const entity = [\s\S]*\} catch \(error\) \{\s*throw translateReferenceViolation\(error, values\);/,
    );
    expect(result).toMatch(
      /let affected: number \| undefined;\s*try \{\s*\(\{ affected \} = await this\.invoices\.update\([\s\S]*throw translateReferenceViolation\(error, changes\);/,
    );
    expect(result).toMatch(/\n\}\n\n\/\*\* Relies on the foreign keys[\s\S]*return new InvoiceReviewerNotFoundError/);
  });

  it('wraps the unique translation where the module has one', () => {
    /** A write whose unique violation the repository translates. */
    const uniqueWrite = (signature: string, saved: string): Declaration => [
      `async ${signature} {`,
      '  try {',
      `    return await this.invoices.save(${saved});`,
      '  } catch (error) {',
      '    throw translateUniqueViolation(error);',
      '  }',
      '}',
    ];
    const unique = moduleFile({
      className: 'InvoicesRepository',
      members: [
        uniqueWrite('insert(values: NewInvoice): Promise<InvoiceEntity>', 'values'),
        uniqueWrite(
          'updateIfVersionMatches(id: string, expectedVersion: number, changes: InvoiceChanges): Promise<InvoiceEntity | null>',
          'changes',
        ),
      ],
      after: [['function translateUniqueViolation(error: unknown): unknown {', '  return error;', '}']],
    });

    const result = addReferenceTranslation('invoices.repository.ts', unique, RENDERED_REPOSITORY, names, reviewer);

    expect(result).toContain('throw translateReferenceViolation(translateUniqueViolation(error), values);');
    expect(result).toContain('throw translateReferenceViolation(translateUniqueViolation(error), changes);');
    // After the unique translation, as the template orders them.
    expect(result.indexOf('function translateReferenceViolation')).toBeGreaterThan(
      result.indexOf('function translateUniqueViolation'),
    );
  });

  it("adds the relation's branch to an existing translation, before its fallback", () => {
    const existing = moduleFile({
      className: 'InvoicesRepository',
      members: [],
      after: [referenceTranslation('customer')],
    });

    const result = addReferenceTranslation('invoices.repository.ts', existing, RENDERED_REPOSITORY, names, reviewer);

    expect(result).toMatch(
      /INVOICE_CUSTOMER_CONSTRAINT[\s\S]*INVOICE_REVIEWER_CONSTRAINT && [\s\S]*\n {2}return error;\n\}/,
    );
    expect(result.match(/function translateReferenceViolation/g)).toHaveLength(1);
  });

  it('refuses an insert it does not recognise rather than guess', () => {
    const handWritten = generated.replace(
      /async insert[\s\S]*?\n {2}\}\n/,
      'async insert(values: NewInvoice): Promise<InvoiceEntity> {\n    try { return await save(values); } finally { log(); }\n  }\n',
    );

    expect(() =>
      addReferenceTranslation('invoices.repository.ts', handWritten, RENDERED_REPOSITORY, names, reviewer),
    ).toThrow(SourceShapeError);
  });
});

describe(addUnprocessableResponses.name, () => {
  const controller = lines(
    'export class InvoicesController {',
    '  @ApiProblemResponses(400)',
    '  create() {}',
    '',
    '  @ApiProblemResponses(400, 404, 409, 422)',
    '  update() {}',
    '}',
  );

  it('documents the 422 on create and update, once', () => {
    const result = addUnprocessableResponses('invoices.controller.ts', controller, names);

    expect(result).toContain('@ApiProblemResponses(400, 422)\n  create()');
    expect(result).toContain('@ApiProblemResponses(400, 404, 409, 422)\n  update()');
  });
});

describe('?include= of a module that already joins relations', () => {
  const repository = moduleFile({
    imports: ["import { In } from 'typeorm';"],
    before: relationsContract('customer'),
    className: 'InvoicesRepository',
    members: [withRelations('customer')],
  });

  it('tells a module that joins relations from one that does not', () => {
    expect(canAddIncludes('invoices.repository.ts', repository, names)).toBe(true);
    expect(canAddIncludes('invoices.repository.ts', 'export class InvoicesRepository {}\n', names)).toBe(false);
  });

  it('adds the relation to the contract, its default and the join, and names it in the comment', () => {
    const result = addRepositoryIncludes('invoices.repository.ts', repository, RENDERED_REPOSITORY, names, reviewer);

    expect(result).toContain("import { In, type SelectQueryBuilder } from 'typeorm';");
    expect(result).toMatch(/readonly customer: boolean;\s*readonly reviewer: boolean;/);
    expect(flat(result)).toContain('{ customer: false, reviewer: false }');
    expect(result).toMatch(/joinedCustomer'\);\s*if \(relations\.reviewer\) [^\n]*'joinedReviewer'\);\s*return query;/);
    expect(result).toContain('The requested customer, reviewer joined into the same statement');
  });

  it('accepts the relation in ?include=, reads it in the service, and expects it unrequested in unit specs', () => {
    const query = "export const INVOICE_INCLUDES = ['customer'] as const;\n";
    const service = lines(
      'function relationsFrom(include: readonly InvoiceInclude[] | undefined): InvoiceRelations {',
      "  return { customer: include?.includes('customer') ?? false };",
      '}',
    );
    const spec = 'expect(repository.findById).toHaveBeenCalledWith(ID, { customer: true });\n';

    expect(addIncludeValues('query.dto.ts', query, names, reviewer)).toContain("['customer', 'reviewer']");
    expect(addServiceIncludes('invoices.service.ts', service, reviewer)).toContain(
      "reviewer: include?.includes('reviewer') ?? false",
    );
    expect(flat(addUnitSpecIncludes('invoices.service.spec.ts', spec, ['customer'], reviewer))).toContain(
      '{ customer: true, reviewer: false }',
    );
  });

  it("embeds the joined row after the row's own properties, importing the target's mapper", () => {
    const mapper = lines(...invoiceMapper());
    const rendered = lines(
      ...invoiceMapper(
        '// Present only when the query joined it (`?include=reviewer`).',
        '...(invoice.reviewer !== undefined && { reviewer: toCustomerResponse(invoice.reviewer) }),',
      ),
    );

    const result = addMapperIncludes('invoices.mapper.ts', mapper, rendered, names, reviewer);

    expect(result).toContain("import { toCustomerResponse } from '../customers';");
    expect(flat(result)).toContain(
      'version: invoice.version, // Present only when the query joined it (`?include=reviewer`). ' +
        '...(invoice.reviewer !== undefined && { reviewer: toCustomerResponse(invoice.reviewer) }), };',
    );
  });
});

describe('?include= of a module that joins no relation yet', () => {
  const repository = moduleFile({
    imports: ["import { type FindOptionsWhere, In } from 'typeorm';"],
    className: 'InvoicesRepository',
    members: [
      REPOSITORY.findById,
      [
        'findPage(filter: InvoiceListFilter, page: InvoicePageRequest): Promise<InvoiceEntity[]> {',
        "  const query = this.invoices.createQueryBuilder('invoice').where(where);",
        '  return query.getMany();',
        '}',
      ],
    ],
  });

  it('needs the generated reads: findById by id, findPage on one query builder', () => {
    expect(canCreateIncludes('invoices.repository.ts', repository, names)).toBe(true);
    expect(
      canCreateIncludes(
        'invoices.repository.ts',
        repository.replace('return this.invoices.findOneBy({ id });', 'return this.cache.get(id);'),
        names,
      ),
    ).toBe(false);
  });

  it("joins the template's relations into both reads", () => {
    const result = flat(createRepositoryIncludes('invoices.repository.ts', repository, RENDERED_REPOSITORY, names));

    expect(result).toContain("import { type FindOptionsWhere, In, type SelectQueryBuilder } from 'typeorm';");
    expect(result).toContain(
      'export interface InvoiceRelations { readonly reviewer: boolean; } const NO_RELATIONS: InvoiceRelations = { reviewer: false }; export class InvoicesRepository',
    );
    expect(result).toContain(
      "findById(id: string, relations: InvoiceRelations = NO_RELATIONS): Promise<InvoiceEntity | null> { return this.withRelations(this.invoices.createQueryBuilder('invoice'), relations).where({ id }).getOne(); }",
    );
    expect(result).toContain(
      'findPage(filter: InvoiceListFilter, page: InvoicePageRequest, relations: InvoiceRelations = NO_RELATIONS)',
    );
    expect(result).toContain(
      "const query = this.withRelations(this.invoices.createQueryBuilder('invoice'), relations).where(where); // A many-to-one join adds no rows, so LIMIT still counts invoices. return query.getMany();",
    );
    expect(result).toMatch(/\} \/\*\* The requested reviewer joined [^}]*joinedReviewer'\); return query; \} \}/);
  });

  it('reads ?include= on GET /:id and passes it through the service', () => {
    const controller = lines(
      "import { Get, Param } from '@nestjs/common';",
      '',
      'export class InvoicesController {',
      '  async get(@Param() params: IdParamsDto): Promise<InvoiceResponseDto> {',
      '    return toInvoiceResponse(await this.invoices.get(params.id));',
      '  }',
      '}',
    );
    const service = lines(
      "import type { ListInvoicesQueryDto } from './dto/list-invoices-query.dto';",
      '',
      'export class InvoicesService {',
      '  async list(query: ListInvoicesQueryDto) {',
      '    return this.invoices.findPage({}, { take: query.limit });',
      '  }',
      '',
      '  async get(id: string): Promise<InvoiceEntity> {',
      '    return this.invoices.findById(id);',
      '  }',
      '}',
      '',
      'function changesFrom(dto: UpdateInvoiceDto): InvoiceChanges {',
      '  return {};',
      '}',
    );
    const renderedService = lines(
      'function relationsFrom(include: readonly InvoiceInclude[] | undefined): InvoiceRelations {',
      "  return { reviewer: include?.includes('reviewer') ?? false };",
      '}',
    );

    const routes = flat(createControllerIncludes('invoices.controller.ts', controller, names));
    const reads = flat(createServiceIncludes('invoices.service.ts', service, renderedService, names));

    expect(routes).toContain("import { Get, Param, Query } from '@nestjs/common';");
    expect(routes).toContain("import { GetInvoiceQueryDto } from './dto/list-invoices-query.dto';");
    expect(routes).toContain(
      'get(@Param() params: IdParamsDto, @Query() query: GetInvoiceQueryDto): Promise<InvoiceResponseDto> { return toInvoiceResponse(await this.invoices.get(params.id, query.include));',
    );
    expect(reads).toContain(
      "import type { ListInvoicesQueryDto, InvoiceInclude } from './dto/list-invoices-query.dto';",
    );
    expect(reads).toContain('findPage({}, { take: query.limit }, relationsFrom(query.include))');
    expect(reads).toContain(
      'get(id: string, include?: readonly InvoiceInclude[]): Promise<InvoiceEntity> { return this.invoices.findById(id, relationsFrom(include));',
    );
    expect(reads).toMatch(/\} function relationsFrom\([^]*\} function changesFrom/);
  });

  it("declares the template's include values, the list's include and the GET query DTO", () => {
    const query = lines(
      "import { PageQuery } from '../../../common/pagination';",
      '',
      'export type InvoiceSort = SortValue<InvoiceSortField>;',
      '',
      "export class ListInvoicesQueryDto extends PageQuery(INVOICE_SORTS, '-createdAt') {}",
    );
    const renderedQuery = lines(
      '/** Related resources an invoice route can embed (`?include=reviewer`), joined in the same query. */',
      "export const INVOICE_INCLUDES = ['reviewer'] as const;",
      'export type InvoiceInclude = (typeof INVOICE_INCLUDES)[number];',
      '',
      'export class ListInvoicesQueryDto {',
      '  @IncludeQuery(INVOICE_INCLUDES)',
      '  include?: InvoiceInclude[];',
      '}',
      '',
      '/** `GET /v1/invoices/:id`: what to embed. */',
      'export class GetInvoiceQueryDto {',
      '  @IncludeQuery(INVOICE_INCLUDES)',
      '  include?: InvoiceInclude[];',
      '}',
    );

    const result = flat(createQueryIncludes('list-invoices-query.dto.ts', query, renderedQuery, names));

    expect(result).toContain("import { IncludeQuery } from '../../../common/dto';");
    expect(result).toContain(
      "export const INVOICE_INCLUDES = ['reviewer'] as const; export type InvoiceInclude = (typeof INVOICE_INCLUDES)[number]; export class ListInvoicesQueryDto",
    );
    expect(result).toContain(
      "extends PageQuery(INVOICE_SORTS, '-createdAt') { @IncludeQuery(INVOICE_INCLUDES) include?: InvoiceInclude[];} /** `GET /v1/invoices/:id`: what to embed. */ export class GetInvoiceQueryDto",
    );
  });

  it('expects the list to ask for no relation in unit specs', () => {
    const spec = 'expect(repository.findPage).toHaveBeenCalledWith({}, { take: 6 });\n';

    expect(flat(createUnitSpecIncludes('invoices.service.spec.ts', spec, reviewer))).toContain(
      'toHaveBeenCalledWith({}, { take: 6 }, { reviewer: false })',
    );
  });
});

/** `labels:refs(customers)` on invoices, as `field invoices --fields "labels:refs(customers)"` adds it. */
const labels = (includable: boolean): ManyToManyView =>
  manyToManyView(
    names,
    parseModuleFieldSpec('labels:refs(customers)', [], { existing: ['customers'], self: 'invoices' }).lists[0]!,
    includable,
  );

describe(addListFilters.name, () => {
  const renderedQuery = lines(
    "import { ApiPropertyOptional } from '@nestjs/swagger';",
    "import { IsIn, IsOptional, IsUUID } from 'class-validator';",
    "import { PageQuery } from '../../../common/pagination';",
    '',
    "export class ListInvoicesQueryDto extends PageQuery(INVOICE_SORTS, '-createdAt') {",
    "  @ApiPropertyOptional({ format: 'uuid', description: 'Only invoices linked to this customer' })",
    '  @IsOptional()',
    "  @IsUUID('all')",
    '  labelId?: string;',
    '}',
  );

  it('fills a list query that has only the paging members it inherits, with the imports the filter needs', () => {
    const query = lines(
      "import { PageQuery } from '../../../common/pagination';",
      '',
      "export class ListInvoicesQueryDto extends PageQuery(INVOICE_SORTS, '-createdAt') {}",
    );

    const result = flat(addListFilters('list-invoices-query.dto.ts', query, renderedQuery, names, [labels(false)]));

    expect(result).toContain("import { ApiPropertyOptional } from '@nestjs/swagger';");
    expect(result).toContain("import { IsOptional, IsUUID } from 'class-validator';");
    expect(result).toContain(
      "extends PageQuery(INVOICE_SORTS, '-createdAt') {@ApiPropertyOptional({ format: 'uuid', description: 'Only invoices linked to this customer' }) @IsOptional() @IsUUID('all') labelId?: string; }",
    );
  });

  it('puts the filter before `include`', () => {
    const query = lines(
      "export class ListInvoicesQueryDto extends PageQuery(INVOICE_SORTS, '-createdAt') {",
      '  @IncludeQuery(INVOICE_INCLUDES)',
      '  include?: InvoiceInclude[];',
      '}',
    );

    const result = flat(addListFilters('list-invoices-query.dto.ts', query, renderedQuery, names, [labels(false)]));

    expect(result).toMatch(/labelId\?: string; @IncludeQuery\(INVOICE_INCLUDES\) include\?/);
  });
});

describe('many-to-many: the repository stores and loads the links', () => {
  /** The generated repository of a module without relations, or with `?include=customer` (`joins`). */
  const generatedRepository = ({ joins }: { joins: boolean }): string =>
    moduleFile({
      imports: ["import { In, type Repository } from 'typeorm';"],
      before: [
        ["export type NewInvoice = Pick<InvoiceEntity, 'total'>;", 'export type InvoiceChanges = Partial<NewInvoice>;'],
        ['export interface InvoiceListFilter {}'],
        ...(joins ? relationsContract('customer') : []),
      ],
      className: 'InvoicesRepository',
      members: [
        REPOSITORY.getter,
        REPOSITORY.insert,
        joins ? REPOSITORY.joinedFindById : REPOSITORY.findById,
        [
          'findPage(filter: InvoiceListFilter, page: InvoicePageRequest): Promise<InvoiceEntity[]> {',
          "  const query = this.invoices.createQueryBuilder('invoice');",
          '  if (page.after !== undefined) query.andWhere(after);',
          '  // A many-to-one join adds no rows.',
          '  return query.limit(page.take).getMany();',
          '}',
        ],
        REPOSITORY.deleteById,
      ],
    });
  const repository = generatedRepository({ joins: false });
  /** What the templates render for the list alone, trimmed to what the edit reads. */
  const rendered = lines(
    "import { FOREIGN_KEY_VIOLATION, violatedConstraint } from '../../common/database';",
    "import { CUSTOMER_LABELS_FK, InvoiceLabelEntity } from './invoice-label.entity';",
    '',
    '/** Related rows a read loads. */',
    'export interface InvoiceRelations {',
    '  readonly labels: boolean;',
    '}',
    '',
    'const NO_RELATIONS: InvoiceRelations = { labels: false };',
    '',
    'export class InvoicesRepository {',
    '  /** The join table of invoices and labels, in the current transaction if any. */',
    '  private get labelLinks(): Repository<InvoiceLabelEntity> {',
    '    return this.txHost.tx.getRepository(InvoiceLabelEntity);',
    '  }',
    '',
    '  /** The invoice, then its links: one query per many-to-many relation. */',
    '  async findById(id: string): Promise<InvoiceEntity | null> {}',
    '',
    '  async findPage(filter: InvoiceListFilter): Promise<InvoiceEntity[]> {',
    '    if (filter.labelId !== undefined) {',
    "      query.innerJoin(InvoiceLabelEntity, 'label_filter', 'label_filter.invoiceId = invoice.id');",
    '    }',
    '  }',
    '',
    '  async addLabels(invoiceId: string, labelIds: readonly string[]): Promise<void> {}',
    '  async removeLabels(invoiceId: string, labelIds: readonly string[]): Promise<void> {}',
    '  async findUnknownLabelIds(ids: readonly string[]): Promise<string[]> {}',
    '  private async loadLinks(invoices: InvoiceEntity[], relations: InvoiceRelations): Promise<InvoiceEntity[]> {}',
    '}',
    '',
    'function groupByLabel(links: readonly InvoiceLabelEntity[]): Map<string, InvoiceLabelLink[]> {}',
  );

  it('loads the links after both reads, sets none on insert, and joins the ?labelId= filter', () => {
    const result = flat(addLinkStorage('invoices.repository.ts', repository, rendered, names, [labels(true)]));

    expect(result).toContain('readonly labelId?: string;');
    expect(result).toContain('export interface InvoiceRelations { readonly labels: boolean; }');
    expect(result).toContain('private get labelLinks(): Repository<InvoiceLabelEntity>');
    expect(result).toContain(
      'const invoice = this.invoices.merge(entity, ...generatedMaps); invoice.labelLinks = []; return invoice;',
    );
    expect(result).toContain(
      '/** The invoice, then its links: one query per many-to-many relation. */ async findById(id: string, relations: InvoiceRelations = NO_RELATIONS): Promise<InvoiceEntity | null> { const invoice = await this.invoices.findOneBy({ id }); if (invoice !== null) await this.loadLinks([invoice], relations); return invoice; }',
    );
    expect(result).toMatch(
      /async findPage\(filter: InvoiceListFilter, page: InvoicePageRequest, relations: InvoiceRelations = NO_RELATIONS\)[^{]*\{ const query = [^;]*; if \(page\.after !== undefined\) query\.andWhere\(after\); if \(filter\.labelId !== undefined\) \{[^}]*\} \/\/ A many-to-one join adds no rows\. const invoices = await query\.limit\(page\.take\)\.getMany\(\); return this\.loadLinks\(invoices, relations\); \}/,
    );
    expect(result).toMatch(
      /async deleteById[\s\S]*async addLabels[\s\S]*async removeLabels[\s\S]*findUnknownLabelIds[\s\S]*loadLinks/,
    );
    expect(result).toContain('function groupByLabel(');
    expect(result).toContain("import { CUSTOMER_LABELS_FK, InvoiceLabelEntity } from './invoice-label.entity';");
  });

  it('adds the list to a relations contract the module has, leaving its parameters', () => {
    const joined = generatedRepository({ joins: true });

    const result = flat(addLinkStorage('invoices.repository.ts', joined, rendered, names, [labels(true)]));

    expect(result).toContain(
      '/** Related rows a read loads. */ export interface InvoiceRelations { readonly customer: boolean; readonly labels: boolean; }',
    );
    expect(result).toContain('const NO_RELATIONS: InvoiceRelations = { customer: false, labels: false };');
    expect(result).toContain(
      "/** The invoice with its joined relations, then its links: one query per many-to-many relation. */ async findById(id: string, relations: InvoiceRelations = NO_RELATIONS): Promise<InvoiceEntity | null> { const invoice = await this.withRelations(this.invoices.createQueryBuilder('invoice'), relations).where({ id }).getOne();",
    );
  });

  it('refuses reads that are not the generated ones rather than guess', () => {
    const cached = repository.replace(
      'return this.invoices.findOneBy({ id });',
      'return this.cache.get(id) ?? null;\n    // cached',
    );

    expect(() =>
      addLinkStorage(
        'invoices.repository.ts',
        cached.replace('findById(id: string): Promise', 'async findById(id: string): Promise'),
        rendered,
        names,
        [labels(false)],
      ),
    ).toThrow(SourceShapeError);
  });
});

describe('many-to-many: the service writes the links with the row', () => {
  const service = lines(
    '@Injectable()',
    'export class InvoicesService {',
    '  create(dto: CreateInvoiceDto): Promise<InvoiceEntity> {',
    '    return this.invoices.insert({',
    '      total: dto.total,',
    '    });',
    '  }',
    '',
    '  async list(query: ListInvoicesQueryDto): Promise<CursorPage<InvoiceEntity>> {',
    '    const rows = await this.invoices.findPage({}, { take: query.limit + 1 });',
    '    return rows;',
    '  }',
    '',
    '  /** Checks the version twice. */',
    '  async update(id: string, dto: UpdateInvoiceDto): Promise<InvoiceEntity> {',
    '    const current = await this.get(id);',
    '    return current;',
    '  }',
    '',
    '  /** With If-Match the DELETE itself checks the version. */',
    '  async delete(id: string): Promise<void> {}',
    '}',
    '',
    'function cursorAfter(invoice: InvoiceEntity): CursorPosition {}',
  );
  const rendered = lines(
    "import { Transactional } from '@nestjs-cls/transactional';",
    '',
    "type InvoiceLinkIds = Pick<CreateInvoiceDto, 'labelIds'>;",
    '',
    '/** Writes that touch a join table run in one transaction. */',
    '@Injectable()',
    'export class InvoicesService {',
    '  async create(dto: CreateInvoiceDto): Promise<InvoiceEntity> {',
    '    const values: NewInvoice = {',
    '    };',
    '    if ((dto.labelIds?.length ?? 0) === 0) return this.invoices.insert(values);',
    '    return await this.createWithLinks(values, dto);',
    '  }',
    '',
    '  async update(id: string, dto: UpdateInvoiceDto): Promise<InvoiceEntity> {',
    '    if (dto.labelIds === undefined) return this.updateFields(id, dto, ifMatch);',
    '    return await this.updateWithLinks(id, dto, ifMatch);',
    '  }',
    '',
    '  /** Deleting an invoice deletes its links. */',
    '  async delete(id: string): Promise<void> {}',
    '',
    '  @Transactional()',
    '  private async createWithLinks(values: NewInvoice, ids: InvoiceLinkIds): Promise<InvoiceEntity> {}',
    '',
    '  private async updateFields(id: string, dto: UpdateInvoiceDto): Promise<InvoiceEntity> {',
    '    const rendered = true;',
    '  }',
    '',
    '  @Transactional()',
    '  private async updateWithLinks(id: string, dto: UpdateInvoiceDto): Promise<InvoiceEntity> {}',
    '',
    '  private async withUnknownIds(error: unknown, ids: InvoiceLinkIds): Promise<unknown> {}',
    '}',
    '',
    'function without(ids: readonly string[], removed: readonly string[]): string[] {}',
  );

  it("keeps the row's values and field update, and routes writes with ids through a transaction", () => {
    const result = flat(addLinkWrites('invoices.service.ts', service, rendered, names, [labels(false)]));

    expect(result).toContain(
      'async create(dto: CreateInvoiceDto): Promise<InvoiceEntity> { const values: NewInvoice = { total: dto.total, }; if ((dto.labelIds?.length ?? 0) === 0) return this.invoices.insert(values);',
    );
    expect(result).toContain('this.invoices.findPage({ labelId: query.labelId }, { take: query.limit + 1 })');
    expect(result).toContain(
      '/** Checks the version twice. */ async update(id: string, dto: UpdateInvoiceDto): Promise<InvoiceEntity> { if (dto.labelIds === undefined) return this.updateFields(id, dto, ifMatch);',
    );
    expect(result).toContain(
      'private async updateFields(id: string, dto: UpdateInvoiceDto): Promise<InvoiceEntity> { const current = await this.get(id); return current; }',
    );
    expect(result).toContain('/** Deleting an invoice deletes its links. */ async delete(');
    expect(result).toMatch(/type InvoiceLinkIds[^;]*; \/\*\* Writes that touch a join table[^/]*\/ @Injectable\(\)/);
    expect(result).toMatch(/function without\([\s\S]*function cursorAfter/);
    expect(result).toContain("import { Transactional } from '@nestjs-cls/transactional';");
  });

  it('refuses a create that does not insert the values it builds as generated', () => {
    const custom = service.replace('return this.invoices.insert({', 'return this.saveWithAudit({');

    expect(() => addLinkWrites('invoices.service.ts', custom, rendered, names, [labels(false)])).toThrow(
      SourceShapeError,
    );
  });
});

describe('many-to-many: the mapper and controller answer the links', () => {
  const mapper = lines(
    ...invoiceMapper(
      '// Present only when the query joined it (`?include=customer`).',
      '...(invoice.customer !== undefined && { customer: toCustomerResponse(invoice.customer) }),',
    ),
    '',
    'export function toInvoicePageResponse(page: CursorPage<InvoiceEntity>): InvoicePageResponseDto {',
    '  return { items: page.items.map(toInvoiceResponse), nextCursor: page.nextCursor };',
    '}',
  );
  const rendered = lines(
    "import { toCustomerResponse } from '../customers';",
    '',
    'export type InvoiceIncludes = readonly InvoiceInclude[];',
    '',
    'export function toInvoiceResponse(invoice: InvoiceEntity, includes: InvoiceIncludes = []): InvoiceResponseDto {',
    '  return {',
    '    id: invoice.id,',
    '    ...labelFields(invoice.labelLinks, includes),',
    '  };',
    '}',
    '',
    'export function toInvoicePageResponse(page: CursorPage<InvoiceEntity>, includes: InvoiceIncludes = []): InvoicePageResponseDto {',
    '  return { items: page.items.map((item) => toInvoiceResponse(item, includes)), nextCursor: page.nextCursor };',
    '}',
    '',
    'function labelFields(links: readonly InvoiceLabelLink[], includes: InvoiceIncludes): object {}',
    '',
    'function compareIds(a: string, b: string): number {}',
  );

  it("maps the links after the row's properties and before joined parents, passing includes through the page", () => {
    const result = flat(addListMapping('invoices.mapper.ts', mapper, rendered, names));

    expect(result).toContain(
      'version: invoice.version, ...labelFields(invoice.labelLinks, includes), // Present only when the query joined it',
    );
    expect(result).toContain(
      'export type InvoiceIncludes = readonly InvoiceInclude[]; export function toInvoiceResponse(invoice: InvoiceEntity, includes: InvoiceIncludes = [])',
    );
    expect(result).toContain('page.items.map((item) => toInvoiceResponse(item, includes))');
    expect(result).toMatch(/function labelFields\([\s\S]*function compareIds\(/);
  });

  it('passes ?include= of the GET routes to the mappers', () => {
    const controller = lines(
      'export class InvoicesController {',
      '  async list(@Query() query: ListInvoicesQueryDto): Promise<InvoicePageResponseDto> {',
      '    return toInvoicePageResponse(await this.invoices.list(query));',
      '  }',
      '',
      '  async get(@Param() params: IdParamsDto, @Query() query: GetInvoiceQueryDto): Promise<InvoiceResponseDto> {',
      '    return toInvoiceResponse(await this.invoices.get(params.id, query.include));',
      '  }',
      '}',
    );

    const result = passIncludesToMappers('invoices.controller.ts', controller, names);

    expect(result).toContain('return toInvoicePageResponse(await this.invoices.list(query), query.include);');
    expect(result).toContain(
      'return toInvoiceResponse(await this.invoices.get(params.id, query.include), query.include);',
    );
  });
});

describe('many-to-many: the entity holds the links and the module registers the join entity', () => {
  const rendered = lines(
    "import type { CustomerEntity } from '../customers';",
    '',
    '/** Limits shared by the columns, the validators and the OpenAPI schema, so the three always agree. */',
    'export const INVOICE_LABELS_MAX_COUNT = 100;',
    '',
    'export class InvoiceEntity {',
    "  /** The invoice's rows of `invoice_labels`, filled by the repository. */",
    '  labelLinks!: InvoiceLabelLink[];',
    '}',
    '',
    '/** What an invoice needs of a row of `invoice_labels`. */',
    'export interface InvoiceLabelLink {',
    '  readonly labelId: string;',
    '  readonly label?: CustomerEntity;',
    '}',
  );
  const entity = (limits: string): string =>
    lines(
      "import { Column, Entity } from 'typeorm';",
      '',
      limits,
      'const TIMESTAMP_PRECISION = 3;',
      '',
      '@Entity()',
      'export class InvoiceEntity {',
      '  @VersionColumn()',
      '  version!: number;',
      '}',
    );

  it('adds the count limit after the other limits, the links last, the link type after the class', () => {
    const result = flat(
      addLinks('invoice.entity.ts', entity('export const INVOICE_TOTAL_MAX = 10;\n'), rendered, names, [labels(true)]),
    );

    expect(result).toContain('export const INVOICE_TOTAL_MAX = 10; export const INVOICE_LABELS_MAX_COUNT = 100;');
    expect(result).toContain(
      "version!: number; /** The invoice's rows of `invoice_labels`, filled by the repository. */ labelLinks!: InvoiceLabelLink[]; }",
    );
    expect(result).toMatch(/\} \/\*\* What an invoice needs[^/]*\/ export interface InvoiceLabelLink \{/);
    expect(result).toContain("import type { CustomerEntity } from '../customers';");
  });

  it("gives a module without limits the template's paragraph", () => {
    const result = flat(addLinks('invoice.entity.ts', entity(''), rendered, names, [labels(false)]));

    expect(result).toContain(
      '/** Limits shared by the columns, the validators and the OpenAPI schema, so the three always agree. */ export const INVOICE_LABELS_MAX_COUNT = 100; const TIMESTAMP_PRECISION = 3;',
    );
  });

  it('registers the join entity in TypeOrmModule.forFeature, or refuses a module that has none', () => {
    const module = lines(
      "import { InvoiceEntity } from './invoice.entity';",
      '',
      '@Module({ imports: [TypeOrmModule.forFeature([InvoiceEntity])] })',
      'export class InvoicesModule {}',
    );

    const result = registerJoinEntities('invoices.module.ts', module, [labels(true)]);

    expect(result).toContain('TypeOrmModule.forFeature([InvoiceEntity, InvoiceLabelEntity])');
    expect(result).toContain("import { InvoiceLabelEntity } from './invoice-label.entity';");
    expect(() =>
      registerJoinEntities('invoices.module.ts', module.replace('TypeOrmModule.forFeature', 'register'), [
        labels(true),
      ]),
    ).toThrow(SourceShapeError);
  });
});
