import { randomBytes } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { moduleNames } from '../../generators/lib/names';
import { databaseUrl, TEST_ADMIN_URL_VARIABLE, withAdminClient } from '../utils/test-database';
import { type Outcome, publicTables, RepositoryCopy } from './support/repository-copy';

const SWC = ['-r', '@swc-node/register'];

/**
 * Belongs-to relations in every shape the grammar has: required (restrict, the default), optional
 * with set-null and cascade, two relations to one module, a self-reference, and relations named
 * with SQL reserved words (order, user, group, from), and chains of parents; many-to-many
 * relations to another module (one that belongs-to relations reference too) and to the module
 * itself. Generated in this order, parents first.
 */
const MATRIX = [
  { name: 'customers', fields: 'name:string(100)' },
  {
    name: 'invoices',
    fields: 'number:string(30):unique customer:ref(customers) approver:ref(customers)?:set-null total:decimal(12,2)?',
  },
  // A self-reference embeds a category, whose many-to-many lists must be loaded too.
  { name: 'categories', fields: 'title:string(80) parent:ref(categories)? curators:refs(customers)' },
  {
    name: 'line-items',
    fields:
      'order:ref(categories)?:cascade user:ref(customers)? group:ref(categories)?:set-null ' +
      'from:ref(customers):cascade quantity:int(1..100)',
  },
  // Parents of parents: an invoice needs a customer, a line item a customer too.
  { name: 'invoice-lines', fields: 'invoice:ref(invoices):cascade note:ref(line-items)? amount:decimal(10,2)' },
  { name: 'tags', fields: 'label:string(40) customers:refs(customers) related:refs(tags)' },
  // Users have no create or delete route and an admin-only controller: the hand-written module a
  // team's first relation most often names.
  {
    name: 'tickets',
    fields:
      'title:string(80) user:ref(users) owner:ref(users)? reviewer:ref(users)?:cascade ' +
      // An embeddable relation beside a many-to-many that cannot be embedded (users).
      'assignee:ref(users)?:set-null watchers:refs(users) customer:ref(customers)?:set-null',
  },
] as const;

/** The join tables of the many-to-many relations above, and of those `field` adds to invoice lines. */
const JOIN_TABLES = [
  'category_curators',
  'tag_customers',
  'tag_related',
  'ticket_watchers',
  'invoice_line_reviewers',
  'invoice_line_related',
];

/**
 * Columns and relations added to existing modules: invoices already filter, join `?include=` and
 * translate unique and foreign-key violations; customers do none of it yet, and get a
 * self-reference and a relation to users (no include, no DELETE route).
 */
const FIELDS_OF_INVOICES =
  'note:string(100)? code:string(10)?:unique reviewer:ref(customers)?:set-null ' +
  'category:ref(categories)?:cascade lineItem:ref(line-items)?';
const FIELDS_OF_CUSTOMERS = 'referrer:ref(customers)? owner:ref(users)?';
/**
 * Many-to-many relations added to a module that joins `?include=` already, nests under invoices,
 * needs parents for its rows and has a hand-added route: to a module `?include=` can embed, and to
 * itself.
 */
const LISTS_OF_INVOICE_LINES = 'reviewers:refs(customers) related:refs(invoice-lines)';
const FIELD_SPECS = [
  'test/e2e/invoices-note-code-reviewer-id-category-id-line-item-id.e2e-spec.ts',
  'test/e2e/invoice-lines-reviewers-related.e2e-spec.ts',
  'test/e2e/customers-referrer-id-owner-id.e2e-spec.ts',
];

/**
 * The relation contract: generated modules with relations, and the parents they edit, type-check,
 * lint, format, keep the architecture, pass their own tests (every relation failure code among
 * them) and migrate up and down. Bad relation specs leave the tree untouched.
 */
describe('relation generator contract', () => {
  let copy: RepositoryCopy;
  let adminUrl: string;

  beforeAll(async () => {
    adminUrl = process.env[TEST_ADMIN_URL_VARIABLE]!;
    copy = await RepositoryCopy.create();
    for (const module of MATRIX) {
      const outcome = await generate(['module', module.name, '--fields', module.fields]);
      if (outcome.code !== 0) throw new Error(`generating ${module.name} failed:\n${outcome.output}`);
    }
    // Columns and a route added to modules whose rows need parents (and grandparents): their new
    // specs create them too.
    for (const args of [
      ['field', 'invoices', '--fields', FIELDS_OF_INVOICES],
      ['endpoint', 'invoice-lines', 'post', '/:id/close'],
      ['field', 'invoice-lines', '--fields', LISTS_OF_INVOICE_LINES],
      ['endpoint', 'tickets', 'post', '/:id/close'],
      ['field', 'customers', '--fields', FIELDS_OF_CUSTOMERS],
    ]) {
      const outcome = await generate(args);
      if (outcome.code !== 0) throw new Error(`${args.join(' ')} failed:\n${outcome.output}`);
    }
    // Twelve generator runs, each diffing the schema on a scratch database: minutes on a busy machine.
  }, 270_000);

  afterAll(async () => {
    await copy.remove();
  });

  function generate(args: readonly string[]): Promise<Outcome> {
    return copy.generate(args, adminUrl);
  }

  it('emits code that type-checks, lints, is formatted, keeps the architecture and passes its own tests', async () => {
    const modules = MATRIX.map((module) => moduleNames(module.name));
    const generated = [
      'src/modules/index.ts',
      'src/migrations',
      ...modules.flatMap((names) => [
        `src/modules/${names.kebabPlural}`,
        `test/e2e/${names.kebabPlural}.e2e-spec.ts`,
        `test/factories/${names.kebabSingular}.factory.ts`,
      ]),
      ...FIELD_SPECS,
      'test/e2e/invoice-lines-close.e2e-spec.ts',
      'test/e2e/tickets-close.e2e-spec.ts',
    ];
    const generatedTests = [
      ...modules.flatMap((names) => [`src/modules/${names.kebabPlural}/`, `test/e2e/${names.kebabPlural}.e2e-spec.ts`]),
      ...FIELD_SPECS,
      'test/e2e/invoice-lines-close.e2e-spec.ts',
      'test/e2e/tickets-close.e2e-spec.ts',
      'test/e2e/openapi.e2e-spec.ts',
      // The reference contract must hold beside generated modules and the 409s their relations add
      // (to the example routes: the second file).
      'test/e2e/openapi-contract.e2e-spec.ts',
      'test/e2e/articles-openapi-contract.e2e-spec.ts',
    ];
    const failed = await copy.checkGenerated(generated, generatedTests, adminUrl);

    expect(failed).toEqual([]);
  }, 300_000);

  it('emits migrations that run up and down against PostgreSQL', async () => {
    const name = `relations_${randomBytes(6).toString('hex')}`;
    await withAdminClient(adminUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
    const env = { DATABASE_URL: databaseUrl(adminUrl, name) };
    const revert = [
      ...SWC,
      'node_modules/typeorm/cli.js',
      'migration:revert',
      '-d',
      'src/core/database/data-source.ts',
    ];
    try {
      expect(await copy.node([...SWC, 'src/migrate.ts'], env)).toMatchObject({ code: 0 });
      const generatedTables = [...MATRIX.map((module) => moduleNames(module.name).table), ...JOIN_TABLES];
      const allTables = await publicTables(env.DATABASE_URL);
      expect(allTables).toEqual(expect.arrayContaining(generatedTables));

      // The field migrations were generated last; then one revert per module, newest first.
      const steps = [
        'fields of customers',
        'lists of invoice lines',
        'fields of invoices',
        ...[...MATRIX].reverse().map((module) => module.name),
      ];
      for (const step of steps) {
        const outcome = await copy.node(revert, env);
        expect({ step, ...outcome }).toMatchObject({ step, code: 0 });
      }

      expect(await publicTables(env.DATABASE_URL)).toEqual(
        allTables.filter((table) => !generatedTables.includes(table)),
      );
    } finally {
      await withAdminClient(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    }
  }, 120_000);

  it('writes the foreign key as the reference does: named constraint, on-delete action, leading index', async () => {
    const entity = await readFile(join(copy.root, 'src/modules/invoices/invoice.entity.ts'), 'utf8');

    expect(entity).toContain("export const INVOICE_CUSTOMER_CONSTRAINT = 'FK_invoices_customer_id';");
    expect(entity).toContain("@Index('IDX_invoices_customer_id_created_at_id', ['customerId', 'createdAt', 'id'])");
    expect(entity).toContain("@ManyToOne(() => CustomerEntity, { nullable: false, onDelete: 'RESTRICT' })");
    expect(entity).toContain("@ManyToOne(() => CustomerEntity, { nullable: true, onDelete: 'SET NULL' })");
    expect(entity).toContain(
      "@JoinColumn({ name: 'approver_id', foreignKeyConstraintName: INVOICE_APPROVER_CONSTRAINT })",
    );
  });

  it("maps the parent's delete to 409 once, however many relations restrict it", async () => {
    const errors = await readFile(join(copy.root, 'src/modules/customers/customers.errors.ts'), 'utf8');
    const repository = await readFile(join(copy.root, 'src/modules/customers/customers.repository.ts'), 'utf8');

    expect(errors.match(/class CustomerReferencedError/g)).toHaveLength(1);
    expect(errors).toContain("readonly code = 'CUSTOMERS_REFERENCED';");
    expect(repository).toContain('throw isReferenced ? new CustomerReferencedError(id) : error;');
  });

  it('embeds parents with ?include= where their mapper takes the bare entity', async () => {
    const query = await readFile(
      join(copy.root, 'src/modules/invoice-lines/dto/list-invoice-lines-query.dto.ts'),
      'utf8',
    );

    // `reviewers:refs(customers)`, added by `field`, is embedded too; the self many-to-many is not.
    expect(query).toContain("export const INVOICE_LINE_INCLUDES = ['invoice', 'note', 'reviewers'] as const;");
    expect(await readFile(join(copy.root, 'src/modules/invoices/index.ts'), 'utf8')).toContain(
      "export { toInvoiceResponse } from './invoices.mapper';",
    );
  });

  it('nests the rows under a parent where the relation is named after it, as comments under articles', async () => {
    const module = await readFile(join(copy.root, 'src/modules/invoice-lines/invoice-lines.module.ts'), 'utf8');

    expect(module).toContain('controllers: [InvoiceLinesController, InvoiceInvoiceLinesController]');
    // The join entities of the many-to-many relations `field` added are registered beside the entity.
    expect(module).toMatch(
      /imports: \[\s*TypeOrmModule\.forFeature\(\[InvoiceLineEntity, InvoiceLineReviewerEntity, InvoiceLineRelatedEntity\]\),\s*InvoicesModule,?\s*\]/,
    );
    // `approver:ref(customers)?` is optional and named otherwise: filtered with ?approverId=, not nested.
    expect(await readFile(join(copy.root, 'src/modules/invoices/customer-invoices.controller.ts'), 'utf8')).toContain(
      "const CUSTOMER_INVOICES_PATH = 'customers/:customerId/invoices';",
    );
  });

  it('refuses a relation on a module whose repository was changed by hand, and writes nothing', async () => {
    const path = join(copy.root, 'src/modules/tags/tags.repository.ts');
    const generated = await readFile(path, 'utf8');
    await writeFile(path, generated.replace('async insert(', 'async insertRow('));
    try {
      await copy.expectRefusal(
        ['field', 'tags', '--fields', 'owner:ref(customers)?'],
        adminUrl,
        /cannot add the relation\(s\) ownerId to tags: src\/modules\/tags\/tags\.repository\.ts: no insert/,
      );
    } finally {
      await writeFile(path, generated);
    }
  });

  it.each([
    [['module', 'orders', '--fields', 'parent:ref(orders)'], /a required self-reference leaves no way/],
    [['module', 'orders', '--fields', 'total:int orders:refs(orders)'], /would name both keys of the join table/],
    [['module', 'orders', '--fields', 'total:int labels:refs(labels)'], /module "labels" does not exist[\s\S]*tags/],
    [['field', 'categories', '--fields', 'labels:refs(tags)'], /has a many-to-many already \(curatorLinks\)/],
    [
      ['field', 'invoices', '--fields', 'labels:refs(tags)'],
      /rows are embedded by src\/modules\/invoice-lines\/invoice-lines\.mapper\.ts/,
    ],
    [['module', 'orders', '--fields', 'buyer:ref(customers):set-null'], /set-null needs an optional relation/],
    [['module', 'orders', '--fields', 'buyer:ref(clients)'], /module "clients" does not exist[\s\S]*customers/],
    [
      ['field', 'categories', '--fields', 'owner:ref(customers)'],
      /required relation "owner" cannot be added[\s\S]*owner:ref\(customers\)\?/,
    ],
    [['field', 'categories', '--fields', 'owner:ref(clients)?'], /module "clients" does not exist[\s\S]*customers/],
    [['destroy', 'module', 'customers'], /still used[\s\S]*invoices/],
  ])('refuses %j with a clear message and writes nothing', async (args, message) => {
    await copy.expectRefusal(args, adminUrl, message);
  });

  it('relates to users through their factory, leaving the users module as it was and never embedding a user', async () => {
    const spec = await readFile(join(copy.root, 'test/e2e/tickets.e2e-spec.ts'), 'utf8');
    const query = await readFile(join(copy.root, 'src/modules/tickets/dto/list-tickets-query.dto.ts'), 'utf8');

    // Users have no create route: the spec stores them through the factory's seedUser.
    expect(spec).toContain("import { seedUser } from '../factories/user.factory';");
    expect(spec).toContain('return (await seedUser(testApp.app)).id;');
    // …nor a delete route: nothing to map to 409, no on-delete case deleting a user over HTTP.
    expect(spec).not.toContain('USERS_REFERENCED');
    for (const file of ['users.errors.ts', 'users.repository.ts', 'index.ts']) {
      expect(await readFile(join(copy.root, 'src/modules/users', file), 'utf8')).toBe(
        await readFile(join('src/modules/users', file), 'utf8'),
      );
    }
    // Only admins may read users: ?include= never shows one to the callers of tickets.
    expect(query).toContain("TICKET_INCLUDES = ['customer'] as const;");
    expect(query).toContain('ownerId?: string;');
    // `user:ref(users)` is named after its module: the tickets of one user are nested under it.
    expect(await readFile(join(copy.root, 'src/modules/tickets/user-tickets.controller.ts'), 'utf8')).toContain(
      "const USER_TICKETS_PATH = 'users/:userId/tickets';",
    );
  });

  it('writes the join table as the reference writes article_topics: its own entity, named keys, both deletes', async () => {
    const joinEntity = await readFile(join(copy.root, 'src/modules/tags/tag-customer.entity.ts'), 'utf8');
    const migrations = await readdir(join(copy.root, 'src/migrations'));
    const create = migrations.find((name) => name.endsWith('-CreateTags.ts')) ?? 'missing';
    const migration = await readFile(join(copy.root, 'src/migrations', create), 'utf8');

    expect(joinEntity).toContain("@Entity({ name: 'tag_customers' })");
    expect(joinEntity).toContain("@Index('IDX_tag_customers_customer_id_tag_id', ['customerId', 'tagId'])");
    expect(joinEntity).toContain("@PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'PK_tag_customers' })");
    expect(joinEntity).toContain("@ManyToOne(() => TagEntity, { onDelete: 'CASCADE' })");
    expect(joinEntity).toContain("@ManyToOne(() => CustomerEntity, { onDelete: 'RESTRICT' })");
    expect(migration).toContain('FOREIGN KEY ("related_id") REFERENCES "tags"("id") ON DELETE RESTRICT');
    // Customers were already restricted by invoices: still one mapping.
    expect(
      (await readFile(join(copy.root, 'src/modules/customers/customers.errors.ts'), 'utf8')).match(
        /class CustomerReferencedError/g,
      ),
    ).toHaveLength(1);
    // A tag is its own target: its delete answers 409 TAGS_REFERENCED.
    expect(await readFile(join(copy.root, 'src/modules/tags/tags.errors.ts'), 'utf8')).toContain(
      "readonly code = 'TAGS_REFERENCED';",
    );
  });

  it('destroys a module with relations and nested routes, leaving a tree that still type-checks', async () => {
    // --force: the endpoint generator's spec is not the module generator's.
    const outcome = await generate(['destroy', 'module', 'invoice-lines', '--yes', '--force']);
    const tags = await generate(['destroy', 'module', 'tags', '--yes']);

    expect(outcome).toMatchObject({ code: 0 });
    expect(tags).toMatchObject({ code: 0 });
    expect(tags.output).toContain('deleted  src/modules/tags/tag-customer.entity.ts');
    expect(tags.output).toContain('deleted  src/modules/tags/tag-related.entity.ts');
    expect(outcome.output).toContain('deleted  src/modules/invoice-lines/invoice-invoice-lines.controller.ts');
    // Invoices' `lineItem:ref(line-items)?` (added by `field`) still restricts line items: their 409
    // stays (the unit spec of undoReferencedMappings covers the last restricting relation going).
    expect(await readFile(join(copy.root, 'src/modules/line-items/line-items.errors.ts'), 'utf8')).toContain(
      'LineItemReferencedError',
    );
    expect(
      await copy.node(['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json', '--noEmit', '--incremental', 'false']),
    ).toMatchObject({ code: 0 });
  }, 120_000);
});
