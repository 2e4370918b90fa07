import {
  assertServiceName,
  MAX_SERVICE_NAME_LENGTH,
  ServiceNameError,
  serviceNameProblems,
  suggestServiceName,
  TEMPLATE_NAME,
} from '../../generators/lib/service-name';

function refusal(name: string): string {
  try {
    assertServiceName(name);
  } catch (error) {
    if (error instanceof ServiceNameError) return error.message;
    throw error;
  }
  throw new Error(`expected "${name}" to be refused`);
}

describe('service names', () => {
  it.each(['acme-orders', 'billing-service', 'a', 'api2', 'x'.repeat(MAX_SERVICE_NAME_LENGTH), 'a--b'])(
    'accepts %s',
    (name) => {
      expect(serviceNameProblems(name)).toEqual([]);
      expect(() => {
        assertServiceName(name);
      }).not.toThrow();
    },
  );

  it.each([
    ['Acme', /uppercase/, 'acme'],
    ['acme_orders', /characters other than letters, digits and hyphens \("_"\)/, 'acme-orders'],
    ['-acme', /does not start with a letter/, 'acme'],
    ['AcmeOrders', /uppercase/, 'acme-orders'],
    ['acme.orders', /"\."/, 'acme-orders'],
    ['acme-', /ends with a hyphen/, 'acme'],
    ['9lives', /does not start with a letter/, 'lives'],
    ['http', /Node\.js core module/, 'http-service'],
  ])('refuses %s with the rule broken, the whole rule and a valid suggestion', (name, broken, suggestion) => {
    const message = refusal(name);

    expect(message).toMatch(broken);
    expect(message).toContain('Rule: a service name is lowercase letters, digits and hyphens, starts with a letter');
    expect(message).toContain(`Try: --name ${suggestion}`);
    expect(serviceNameProblems(suggestion)).toEqual([]);
  });

  it('refuses a name too long for a Kubernetes label with its -migrate suffix, suggesting one cut at a hyphen', () => {
    const name = Array.from({ length: 14 }, () => 'acme').join('-'); // 69 characters

    const message = refusal(name);

    expect(message).toContain(`it is ${name.length} characters long (at most ${MAX_SERVICE_NAME_LENGTH})`);
    const suggestion = suggestServiceName(name)!;
    expect(suggestion.length).toBeLessThanOrEqual(MAX_SERVICE_NAME_LENGTH);
    expect(suggestion).toMatch(/^acme(-acme)*$/);
    expect(`${suggestion}-migrate`.length).toBeLessThanOrEqual(63);
  });

  it('refuses a 70-character name of one word, suggesting its first 55 characters', () => {
    const name = 'a'.repeat(70);

    expect(refusal(name)).toContain(`Try: --name ${'a'.repeat(MAX_SERVICE_NAME_LENGTH)}`);
  });

  it("refuses the template's own name and the empty name", () => {
    expect(refusal(TEMPLATE_NAME)).toMatch(/template's own name/);
    expect(refusal('')).toMatch(/it is empty/);
  });

  it('offers no suggestion when nothing of the input is usable', () => {
    expect(suggestServiceName('___')).toBeUndefined();
    expect(refusal('123')).not.toContain('Try:');
  });
});
