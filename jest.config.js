/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // Sources are compiled in place by `npm run build`; always prefer the .ts next to a .js.
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  // @swc/jest strips the types without checking them, as ts-jest did with diagnostics off (tsc checks
  // them in `npm run build`); it compiled test/constructs, contract, unit, engine and emulator in 633 s
  // against ts-jest's 693 s on a loaded 2-core machine. CUTOVER_JEST_TRANSFORM=ts-jest brings back ts-jest.
  transform: {
    '^.+\\.ts$':
      process.env.CUTOVER_JEST_TRANSFORM === 'ts-jest'
        ? ['ts-jest', { diagnostics: false }]
        : ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022', transform: { useDefineForClassFields: true } }, module: { type: 'commonjs' } }],
  },
  testTimeout: 60000,
  // Three workers on a 2-core machine: with aws-cdk-lib's template validation off (see setupFiles)
  // most test files wait on emulated service time rather than compute, and two workers left the
  // CPUs 54% idle (6 min 10 s; three: 4 min 30 s). The tests assert on emulated time and counts, so
  // the extra load is no cause of failure.
  maxWorkers: 3,
  // aws-cdk-lib's template validation runs in the one test that asserts its verdict (see the file).
  setupFiles: ['<rootDir>/test/support/synth-validation.ts'],
  // Every emulator answer a test file receives is checked against the published AWS models.
  setupFilesAfterEnv: ['<rootDir>/test/support/conformance/setup.ts'],
};
