/** Jest runs the TypeScript sources through swc (no type-check; `npm run typecheck` does that). */
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/specs'],
  globalSetup: '<rootDir>/specs/global-setup.mjs',
  testMatch: ['**/*.test.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
};
