/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // Sources are compiled in place by `npm run build`; always prefer the .ts next to a .js.
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { diagnostics: false }],
  },
  testTimeout: 60000,
  // Every emulator answer a test file receives is checked against the published AWS models.
  setupFilesAfterEnv: ['<rootDir>/test/support/conformance/setup.ts'],
};
