import { nextSteps } from '../../generators/lib/generator';

describe(nextSteps.name, () => {
  it('runs the generated files’ own tests first, then the checks and the whole suite', () => {
    expect(nextSteps(['test/e2e/articles-publish.e2e-spec.ts'])).toBe(
      'npx jest test/e2e/articles-publish.e2e-spec.ts, then npm run lint && npm run typecheck && npm test',
    );
  });

  it('lists several paths and appends a note', () => {
    expect(nextSteps(['src/modules/invoices', 'test/e2e/invoices.e2e-spec.ts'], 'apply the migration')).toBe(
      'npx jest src/modules/invoices test/e2e/invoices.e2e-spec.ts, then npm run lint && npm run typecheck && npm test; ' +
        'apply the migration',
    );
  });
});
