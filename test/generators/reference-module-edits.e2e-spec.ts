import { TEST_ADMIN_URL_VARIABLE } from '../utils/test-database';
import { EVERY_FIELD_TYPE } from './support/field-specs';
import { generateInRepository } from './support/repository-copy';

const DRY_RUN_HEADER = 'Dry run: nothing written. Would change:\n';

/**
 * The generators edit hand-written modules too, not only modules `module` wrote: here the field
 * generator, the one that edits the most files, runs on the reference module `articles`, whose
 * mapper, repository, service and specs were written by hand (topic links, a hand-written slug
 * violation, ownership). A dry run writes nothing, so it runs in the repository itself, without a
 * copy; the golden text shows every edit in review. That such edits compile, migrate and pass
 * their tests is what the contract suites prove on the modules they generate in the same layout.
 * This file goes with the examples on `init --without-examples` (generators/lib/examples.ts);
 * the contract suites stay.
 */
describe('generators on the hand-written reference module', () => {
  it('add every field type to articles: entity, DTOs, mapper, repository filters, service, factory, specs, migration', async () => {
    const outcome = await generateInRepository(
      ['field', 'articles', '--fields', EVERY_FIELD_TYPE, '--dry-run'],
      process.env[TEST_ADMIN_URL_VARIABLE]!,
    );

    expect(outcome).toMatchObject({ code: 0 });
    expect(outcome.stdout).toContain(DRY_RUN_HEADER);
    // Standard output only (warnings of the tools it runs go to standard error); the migration's
    // timestamp is the current time.
    const diffs = outcome.stdout.slice(outcome.stdout.indexOf(DRY_RUN_HEADER)).replace(/\d{13}/g, '<timestamp>');
    expect(diffs).toMatchSnapshot();
  }, 120_000);
});
