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
];

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/src', '<rootDir>/test', '<rootDir>/bench'],
  testRegex: '.*\\.(spec|e2e-spec)\\.ts$',
  transform: { '^.+\\.(t|j|mj)s$': ['@swc/jest'] },
  transformIgnorePatterns: [`/node_modules/(?!(${esmOnlyPackages.join('|')})/)`],
  globalSetup: '<rootDir>/test/utils/global-setup.ts',
  globalTeardown: '<rootDir>/test/utils/global-teardown.ts',
  testTimeout: 30_000,
};
