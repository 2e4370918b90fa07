// @ts-check
import Sequencer from '@jest/test-sequencer';

/**
 * The slow tier's longest suites, longest first (docs/performance.md, "Where the slow tier's time
 * goes"). Without timings from an earlier run — a fresh clone in CI — Jest starts the largest
 * files first, which can leave the longest suite for last on one worker while the other idles.
 * Suites not listed keep Jest's own order after these.
 */
const LONGEST_FIRST = [
  'test/generators/init.e2e-spec.ts',
  'test/generators/relation-generator.e2e-spec.ts',
  'test/generators/module-generator.e2e-spec.ts',
  'test/generators/endpoint-test-generators.e2e-spec.ts',
  'test/generators/field-generator.e2e-spec.ts',
  'test/generators/destroy-generator.e2e-spec.ts',
  'test/delivery/production-image.e2e-spec.ts',
];

class LongestFirstSequencer extends Sequencer {
  /** @param {import('@jest/test-result').Test[]} tests */
  async sort(tests) {
    const ordered = await super.sort(tests);
    /** @param {import('@jest/test-result').Test} test */
    const rank = (test) => {
      const index = LONGEST_FIRST.findIndex((suite) => test.path.endsWith(`/${suite}`));
      return index === -1 ? LONGEST_FIRST.length : index;
    };
    // Array.prototype.sort is stable: the unlisted suites keep Jest's order.
    return [...ordered].sort((a, b) => rank(a) - rank(b));
  }
}

export default LongestFirstSequencer;
