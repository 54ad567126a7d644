/** Jest runs the TypeScript sources through swc (no type-check; `npm run typecheck` does that). */
export default {
  testEnvironment: 'node',
  // Jest's default is one worker fewer than the cores: one on this 2-core machine. The slowest suites
  // mostly wait on the CLI, Chromium or other subprocesses, so a worker per core is ~20% faster.
  maxWorkers: '100%',
  roots: ['<rootDir>/specs'],
  globalSetup: '<rootDir>/specs/global-setup.mjs',
  testMatch: ['**/*.test.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
};
