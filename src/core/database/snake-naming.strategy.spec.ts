import { SnakeNamingStrategy, toSnakeCase } from './snake-naming.strategy';

describe(SnakeNamingStrategy.name, () => {
  const strategy = new SnakeNamingStrategy();

  it.each([
    ['publishedAt', 'published_at'],
    ['id', 'id'],
    ['httpStatusCode', 'http_status_code'],
    ['externalURLPath', 'external_url_path'],
  ])('maps the property %s to the column %s', (property, column) => {
    expect(strategy.columnName(property, undefined, [])).toBe(column);
  });

  it('keeps an explicit column name', () => {
    expect(strategy.columnName('publishedAt', 'first_published', [])).toBe('first_published');
  });

  it('prefixes embedded columns', () => {
    expect(strategy.columnName('line1', undefined, ['billingAddress'])).toBe('billing_address_line1');
  });

  it('names join columns after the relation', () => {
    expect(toSnakeCase(strategy.joinColumnName('author', 'id'))).toBe('author_id');
  });
});
