import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const ROOT = join(__dirname, '..', '..');
const DEPCRUISE = join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');

/** A feature module in the reference shape: every rule must stay silent on it. */
const CONFORMING_TREE: Readonly<Record<string, string>> = {
  'src/main.ts': `import { AppModule } from './app.module';
import './common/cycle-a';
import './core/test-leak';
import './core/dev-leak';
import './core/broken-import';
import './core/module-leak';
import './bootstrap-leak';
export const main = AppModule;`,
  'src/app.module.ts': `import { featureModules } from './modules';
import { DomainError } from './common/errors';
export const AppModule = { featureModules, DomainError };`,
  'src/common/errors/index.ts': `export class DomainError extends Error {}`,
  'src/modules/index.ts': `import { OrdersModule } from './orders';
import { InvoicesModule } from './invoices';
export const featureModules = [OrdersModule, InvoicesModule];`,
  'src/modules/orders/index.ts': `export { OrdersModule } from './orders.module';
export { OrdersService } from './orders.service';`,
  'src/modules/orders/orders.module.ts': `import { TypeOrmModule } from '@nestjs/typeorm';
import { Order } from './order.entity';
import { OrdersController } from './orders.controller';
import { OrdersRepository } from './orders.repository';
import { OrdersService } from './orders.service';
export const OrdersModule = { TypeOrmModule, Order, OrdersController, OrdersRepository, OrdersService };`,
  'src/modules/orders/orders.controller.ts': `import { OrdersService } from './orders.service';
import { CreateOrderDto } from './dto/create-order.dto';
export class OrdersController { constructor(readonly service: OrdersService, readonly dto: CreateOrderDto) {} }`,
  'src/modules/orders/orders.service.ts': `import { DomainError } from '../../common/errors';
import type { Order } from './order.entity';
import { OrdersRepository } from './orders.repository';
import type { EntityManager } from 'typeorm';
export class OrdersService {
  constructor(readonly repository: OrdersRepository) {}
  fail(order: Order, manager: EntityManager): never { throw new DomainError(String(order) + String(manager)); }
}`,
  'src/modules/orders/orders.service.spec.ts': `import { OrdersService } from './orders.service';
import { fixture } from '../../../test/factories';
export const subject = [OrdersService, fixture];`,
  'src/modules/orders/orders.repository.ts': `import { DataSource } from 'typeorm';
import { Order } from './order.entity';
import type { CreateOrderDto } from './dto/create-order.dto';
export class OrdersRepository {
  constructor(readonly source: DataSource, readonly entity: typeof Order) {}
  insert(order: CreateOrderDto): unknown { return order; }
}`,
  'src/modules/orders/order.entity.ts': `import { Entity } from 'typeorm';
export const Order = Entity;`,
  'src/modules/orders/dto/create-order.dto.ts': `import { IsString } from 'class-validator';
export class CreateOrderDto { readonly validator = IsString; }`,
  'test/factories.ts': `export const fixture = {};`,
  'test/helpers.ts': `export const helper = {};`,
};

/** One violation per rule; each file is imported from an entry so only the intended rule fires. */
const VIOLATING_TREE: Readonly<Record<string, string>> = {
  'src/common/cycle-a.ts': `import { b } from './cycle-b';\nexport const a = (): unknown => b;`,
  'src/common/cycle-b.ts': `import { a } from './cycle-a';\nexport const b = (): unknown => a;`,
  'src/common/unused.ts': `export const unused = 1;`,
  'src/core/test-leak.ts': `import { helper } from '../../test/helpers';\nexport const leak = helper;`,
  'src/core/dev-leak.ts': `import { parse } from 'yaml';\nexport const leak = parse;`,
  'src/core/broken-import.ts': `import { gone } from './does-not-exist';\nexport const leak = gone;`,
  'src/core/module-leak.ts': `import { OrdersService } from '../modules/orders';\nexport const leak = OrdersService;`,
  'src/bootstrap-leak.ts': `import { OrdersService } from './modules/orders/orders.service';\nexport const leak = OrdersService;`,
  'src/modules/invoices/index.ts': `export { InvoicesModule } from './invoices.module';`,
  'src/modules/invoices/invoices.module.ts': `import { InvoicesController } from './invoices.controller';
import { InvoicesService } from './invoices.service';
export const InvoicesModule = { InvoicesController, InvoicesService };`,
  'src/modules/invoices/invoices.controller.ts': `import { Invoice } from './invoice.entity';
import { InvoiceQueryDto } from './dto/invoice-query.dto';
export const controller = { Invoice, InvoiceQueryDto };`,
  'src/modules/invoices/invoices.service.ts': `import { OrdersRepository } from '../orders/orders.repository';
import { controller } from './invoices.controller';
import { In } from 'typeorm';
export const InvoicesService = { OrdersRepository, controller, In };`,
  'src/modules/invoices/invoices.repository.ts': `import type { FastifyRequest } from 'fastify';
import { InvoiceDto } from './dto/invoice.dto';
export const repository = (request: FastifyRequest): unknown => [request, InvoiceDto];`,
  'src/modules/invoices/invoice.entity.ts': `import { InvoiceDto } from './dto/invoice.dto';\nexport const Invoice = InvoiceDto;`,
  'src/modules/invoices/dto/invoice.dto.ts': `export class InvoiceDto {}`,
  'src/modules/invoices/dto/invoice-query.dto.ts': `import { repository } from '../invoices.repository';\nexport const InvoiceQueryDto = repository;`,
};

const EXPECTED_VIOLATIONS = [
  'no-circular: src/common/cycle-a.ts → src/common/cycle-b.ts',
  'no-orphans: src/common/unused.ts → src/common/unused.ts',
  'src-not-to-test-or-scripts: src/core/test-leak.ts → test/helpers.ts',
  'src-not-to-dev-dependencies: src/core/dev-leak.ts → npm:yaml',
  'no-unresolvable: src/core/broken-import.ts → ./does-not-exist',
  'core-not-to-modules: src/core/module-leak.ts → src/modules/orders/index.ts',
  'modules-only-through-registry: src/bootstrap-leak.ts → src/modules/orders/orders.service.ts',
  'modules-through-index: src/modules/invoices/invoices.service.ts → src/modules/orders/orders.repository.ts',
  'controller-not-to-data-layer: src/modules/invoices/invoices.controller.ts → src/modules/invoices/invoice.entity.ts',
  'service-not-to-controller: src/modules/invoices/invoices.service.ts → src/modules/invoices/invoices.controller.ts',
  'typeorm-only-in-data-layer: src/modules/invoices/invoices.service.ts → npm:typeorm',
  'repository-not-upwards: src/modules/invoices/invoices.repository.ts → src/modules/invoices/dto/invoice.dto.ts',
  'domain-not-to-http-platform: src/modules/invoices/invoices.repository.ts → npm:fastify',
  'entity-not-upwards: src/modules/invoices/invoice.entity.ts → src/modules/invoices/dto/invoice.dto.ts',
  'dto-not-to-logic: src/modules/invoices/dto/invoice-query.dto.ts → src/modules/invoices/invoices.repository.ts',
];

/** The fixture's node_modules is a symlink, so package paths vary; compare package names only. */
const NPM_PACKAGE_PATH = /^.*node_modules\/((?:@[^/]+\/)?[^/]+)\/.*$/;

interface CruiseViolation {
  readonly rule: { readonly name: string };
  readonly from: string;
  readonly to: string;
}

interface CruiseResult {
  readonly summary: {
    readonly violations: readonly CruiseViolation[];
    readonly totalCruised: number;
    readonly ruleSetUsed: { readonly forbidden: readonly { readonly name: string }[] };
  };
}

describe('architecture rules (.dependency-cruiser.cjs)', () => {
  let workspace: string;
  let fixtureResult: CruiseResult;
  let sourceResult: CruiseResult;

  beforeAll(async () => {
    workspace = mkdtempSync(join(tmpdir(), 'depcruise-rules-'));
    for (const file of ['.dependency-cruiser.cjs', 'package.json', 'tsconfig.json']) {
      copyFileSync(join(ROOT, file), join(workspace, file));
    }
    symlinkSync(join(ROOT, 'node_modules'), join(workspace, 'node_modules'), 'dir');
    writeTree(workspace, { ...CONFORMING_TREE, ...VIOLATING_TREE });
    [fixtureResult, sourceResult] = await Promise.all([cruise(workspace), cruise(ROOT)]);
  });

  afterAll(() => {
    rmSync(workspace, { recursive: true, force: true });
  });

  it('reports exactly one violation per rule on the fixtures and none on the conforming module', () => {
    expect(fixtureResult.summary.violations.map(describeViolation).sort()).toEqual([...EXPECTED_VIOLATIONS].sort());
  });

  it('has a fixture for every configured rule', () => {
    const configured = sourceResult.summary.ruleSetUsed.forbidden.map((rule) => rule.name);
    const exercised = new Set(EXPECTED_VIOLATIONS.map((line) => line.split(':')[0]));

    expect(configured.sort()).toEqual([...exercised].sort());
  });

  it('passes on the real source tree, as `npm run lint` requires', () => {
    expect(sourceResult.summary.violations).toEqual([]);
    expect(sourceResult.summary.totalCruised).toBeGreaterThan(10);
  });
});

function writeTree(root: string, files: Readonly<Record<string, string>>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), `${content}\n`);
  }
}

async function cruise(cwd: string): Promise<CruiseResult> {
  const args = [DEPCRUISE, 'src', '--config', '.dependency-cruiser.cjs', '--output-type', 'json'];
  const { stdout } = await promisify(execFile)(process.execPath, args, { cwd, maxBuffer: 64 * 1024 * 1024 }).catch(
    (error: unknown) => {
      // depcruise exits non-zero when it finds violations; the JSON report is still on stdout.
      const stdoutOfFailure = (error as { stdout?: unknown }).stdout;
      if (typeof stdoutOfFailure === 'string' && stdoutOfFailure.startsWith('{')) return { stdout: stdoutOfFailure };
      throw error;
    },
  );
  return JSON.parse(stdout) as CruiseResult;
}

function describeViolation(violation: CruiseViolation): string {
  const to = violation.to.replace(NPM_PACKAGE_PATH, 'npm:$1');
  return `${violation.rule.name}: ${violation.from} → ${to}`;
}
