// @ts-check
/** Packages published as ESM only; @swc/jest rewrites them to CommonJS for Jest's module loader. */
const esmOnlyPackages = [
  '@nestjs',
  '@fastify',
  'fastify-plugin',
  'light-my-request',
  'cookie',
  'set-cookie-parser',
  'file-type',
  'content-disposition',
  'jose',
];

/**
 * Suites that run nested tools (tsc, eslint, jest in a copy of the repository), replay the
 * production image, run the bench harness or start several processes. They run in `npm run
 * test:slow`, not in `npm test`; CI runs both.
 */
const slowSuites = [
  '<rootDir>/test/generators/*.e2e-spec.ts',
  '<rootDir>/test/delivery/production-image.e2e-spec.ts',
  '<rootDir>/test/delivery/replica-migrations.e2e-spec.ts',
  '<rootDir>/test/e2e/bench-harness.e2e-spec.ts',
];

/** @type {import('jest').Config} */
const shared = {
  testEnvironment: 'node',
  roots: ['<rootDir>/src', '<rootDir>/test', '<rootDir>/bench'],
  transform: { '^.+\\.(t|j|mj)s$': ['@swc/jest'] },
  transformIgnorePatterns: [`/node_modules/(?!(${esmOnlyPackages.join('|')})/)`],
};

/** PostgreSQL (embedded, or DATABASE_URL's) and a migrated template database, started once per run. */
const withDatabase = {
  globalSetup: '<rootDir>/test/utils/global-setup.ts',
  globalTeardown: '<rootDir>/test/utils/global-teardown.ts',
};

/**
 * Three tiers (`npx jest <file>` runs any one file in its own tier):
 * - unit: `*.spec.ts`, no database, no network;
 * - e2e: `*.e2e-spec.ts` through the real app factory on real PostgreSQL, one database per file;
 * - slow: the suites listed above.
 * @type {import('jest').Config}
 */
module.exports = {
  // A global option: Jest ignores it inside a project.
  testTimeout: 30_000,
  // One worker per core; Jest's default leaves one core out, which on 2 cores means one file at a
  // time. Test files are independent (a database each) and spend much of their time waiting on
  // PostgreSQL, child processes or timers, so two at a time finish sooner (docs/performance.md).
  maxWorkers: '100%',
  // Also global: the slow tier's longest suites start first (test/utils/longest-first-sequencer.mjs).
  testSequencer: '<rootDir>/test/utils/longest-first-sequencer.mjs',
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['**/*.spec.ts'] },
    {
      ...shared,
      ...withDatabase,
      displayName: 'e2e',
      testMatch: ['**/*.e2e-spec.ts'],
      testPathIgnorePatterns: ['/node_modules/', ...slowSuites.map(globToPattern)],
    },
    { ...shared, ...withDatabase, displayName: 'slow', testMatch: slowSuites },
  ],
};

/** `<rootDir>/test/generators/*.e2e-spec.ts` → a path pattern for testPathIgnorePatterns. */
function globToPattern(glob) {
  const relative = glob.replace('<rootDir>/', '');
  return `/${relative.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`;
}
