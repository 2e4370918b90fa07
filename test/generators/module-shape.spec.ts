import { moduleNames } from '../../generators/lib/names';
import { moduleShape, normaliseNames } from './support/module-shape';

describe(normaliseNames.name, () => {
  const names = moduleNames('order-items');

  it('replaces every form of the name with its placeholder, longer forms first', () => {
    expect(
      normaliseNames(
        'OrderItemsController OrderItemNotFoundError orderItems orderItem order_items ORDER_ITEMS_NOT_FOUND ORDER_ITEM_TITLE_MAX_LENGTH order-items/order-item.entity.ts',
        names,
      ),
    ).toBe(
      '<pascalPlural>Controller <pascalSingular>NotFoundError <camelPlural> <camelSingular> <table> <constantPlural>_NOT_FOUND <constantSingular>_TITLE_MAX_LENGTH <kebabPlural>/<kebabSingular>.entity.ts',
    );
  });

  it("replaces a migration's timestamp, not shorter numbers", () => {
    expect(normaliseNames('1796416085444-CreateOrderItems.ts CreateOrderItems1796416085444 100000', names)).toBe(
      '<timestamp>-Create<pascalPlural>.ts Create<pascalPlural><timestamp> 100000',
    );
  });
});

describe(moduleShape.name, () => {
  const entity = (options: string): string =>
    [
      "import { Column, Entity } from 'typeorm';",
      'export const ORDER_ITEM_TITLE_MAX_LENGTH = 60;',
      "@Entity({ name: 'order_items' })",
      'export class OrderItemEntity {',
      `  @Column(${options})`,
      '  title!: string;',
      '}',
    ].join('\n');

  it('lists the files, exported names, constructors and decorators, names normalised', () => {
    const shape = moduleShape('order-items', [
      {
        path: 'src/modules/order-items/order-item.entity.ts',
        content: entity("{ type: 'varchar', length: ORDER_ITEM_TITLE_MAX_LENGTH }"),
      },
      {
        path: 'src/modules/order-items/order-items.errors.ts',
        content:
          'export class OrderItemNotFoundError extends Error {\n  constructor(id: string) {\n    super(id);\n  }\n}\n',
      },
      {
        path: 'src/modules/order-items/index.ts',
        content: "export { OrderItemEntity as Entity, ORDER_ITEM_TITLE_MAX_LENGTH } from './order-item.entity';",
      },
    ]);

    expect(shape).toEqual([
      'constructor src/modules/<kebabPlural>/<kebabPlural>.errors.ts: <pascalSingular>NotFoundError(id: string)',
      "decorators src/modules/<kebabPlural>/<kebabSingular>.entity.ts: <pascalSingular>Entity.title: @Column({ type: 'varchar', length: <constantSingular>_TITLE_MAX_LENGTH })",
      "decorators src/modules/<kebabPlural>/<kebabSingular>.entity.ts: <pascalSingular>Entity: @Entity({ name: '<table>' })",
      'export src/modules/<kebabPlural>/<kebabPlural>.errors.ts: <pascalSingular>NotFoundError',
      'export src/modules/<kebabPlural>/<kebabSingular>.entity.ts: <constantSingular>_TITLE_MAX_LENGTH',
      'export src/modules/<kebabPlural>/<kebabSingular>.entity.ts: <pascalSingular>Entity',
      'export src/modules/<kebabPlural>/index.ts: <constantSingular>_TITLE_MAX_LENGTH',
      'export src/modules/<kebabPlural>/index.ts: Entity',
      'file src/modules/<kebabPlural>/<kebabPlural>.errors.ts',
      'file src/modules/<kebabPlural>/<kebabSingular>.entity.ts',
      'file src/modules/<kebabPlural>/index.ts',
    ]);
  });

  it('tells decorator arguments apart, but not their prose', () => {
    const shapeOf = (options: string): string[] =>
      moduleShape('order-items', [{ path: 'src/modules/order-items/order-item.entity.ts', content: entity(options) }]);

    expect(shapeOf("{ type: 'varchar', description: 'A title', example: 'Tea' }")).toEqual(
      shapeOf("{ type: 'varchar', description: 'Another', example: 'Cup' }"),
    );
    expect(shapeOf("{ type: 'varchar' }")).not.toEqual(shapeOf("{ type: 'text' }"));
  });
});
