import { ModuleNameError, moduleNames, suggestModuleName } from '../../generators/lib/names';

function rejection(input: string): ModuleNameError {
  try {
    moduleNames(input);
  } catch (error) {
    if (error instanceof ModuleNameError) return error;
    throw error;
  }
  throw new Error(`expected "${input}" to be rejected`);
}

describe(moduleNames.name, () => {
  it('derives every name from a multi-word module', () => {
    expect(moduleNames('order-items')).toEqual({
      kebabPlural: 'order-items',
      kebabSingular: 'order-item',
      pascalPlural: 'OrderItems',
      pascalSingular: 'OrderItem',
      entityClass: 'OrderItemEntity',
      camelPlural: 'orderItems',
      camelSingular: 'orderItem',
      table: 'order_items',
      constantPlural: 'ORDER_ITEMS',
      constantSingular: 'ORDER_ITEM',
      wordsSingular: 'order item',
      wordsPlural: 'order items',
    });
  });

  it('singularises irregular plurals', () => {
    expect(moduleNames('people')).toMatchObject({ pascalSingular: 'Person', pascalPlural: 'People' });
    expect(moduleNames('categories')).toMatchObject({ kebabSingular: 'category' });
    expect(moduleNames('invoices')).toMatchObject({ pascalSingular: 'Invoice', table: 'invoices' });
  });

  it.each<[string, RegExp, string | undefined]>([
    ['OrderItem', /kebab-case/, 'order-items'],
    ['orderItems', /kebab-case/, 'order-items'],
    ['order_items', /kebab-case/, 'order-items'],
    ['Order Items', /kebab-case/, 'order-items'],
    ['order-item', /plural/, 'order-items'],
    ['invoice', /plural/, 'invoices'],
    ['order--items', /kebab-case/, 'order-items'],
    ['-items', /kebab-case/, 'items'],
    ['9lives', /kebab-case/, undefined],
    ['news', /same singular and plural/, undefined],
    // "constructors" would be refused in turn (class Constructor…, variable constructor): not suggested.
    ['constructor', /plural; "constructors" would be refused too: .*reserved word/, undefined],
    ['Constructor', /kebab-case.*; "constructors" would be refused too/, undefined],
    ['docs', /used by the application/, undefined],
    ['entities', /shadow a framework import/, undefined],
    ['modules', /shadow a framework import/, undefined],
    [`${'a'.repeat(40)}s`, /longer than 40/, undefined],
  ])('rejects %s', (input, reason, suggestion) => {
    const error = rejection(input);

    expect(error.reason).toMatch(reason);
    expect(error.suggestion).toBe(suggestion);
  });

  it('names the suggestion in the message', () => {
    expect(rejection('OrderItem').message).toBe(
      'invalid module name "OrderItem": module names are kebab-case (lowercase words joined by -) (did you mean "order-items"?)',
    );
  });
});

describe(suggestModuleName.name, () => {
  it('returns nothing when the input is already the suggestion', () => {
    expect(suggestModuleName('order-items')).toBeUndefined();
  });
});
