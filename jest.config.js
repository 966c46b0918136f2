/**
 * Two projects. unit: pure logic in test/unit, no PostgreSQL, no Temporal.
 * integration: everything else, on a real Temporal dev server and PostgreSQL,
 * each test file on a database of its own (see test/setup).
 */
const swc = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
};

const common = {
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', swc] },
};

module.exports = {
  maxWorkers: 2,
  // Generous: real-time calls on a busy machine are slow, not wrong; a hung test still ends.
  testTimeout: 180_000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      roots: ['<rootDir>/test/unit'],
      testEnvironment: 'node',
    },
    {
      ...common,
      displayName: 'integration',
      roots: ['<rootDir>/test'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/unit/'],
      testEnvironment: '<rootDir>/test/setup/file-database-environment.ts',
      globalSetup: '<rootDir>/test/setup/global-setup.ts',
      globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
    },
  ],
};
