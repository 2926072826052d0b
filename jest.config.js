/** Jest in native ESM mode: got 14 is ESM-only, so sources stay ESM and swc strips the types. */
export default {
  testEnvironment: 'node',
  // The bench's own tests sit next to it, in bench/test.
  roots: ['<rootDir>/test', '<rootDir>/bench'],
  testMatch: ['**/*.test.ts'],
  // Browser tests need Chromium: `npm run test:browser` (jest.browser.config.js) runs them.
  // The fault suite is slower and has its own command: `npm run test:faults` (jest.faults.config.js).
  // Redis needs redis-server: `npm run test:redis` and `npm run test:scale` run those suites.
  // Prometheus needs Debian's prometheus: `npm run test:ops` (jest.ops.config.js) runs that suite.
  testPathIgnorePatterns: [
    '/node_modules/',
    '<rootDir>/test/browser/',
    '<rootDir>/test/faults/',
    '<rootDir>/test/redis/',
    '<rootDir>/test/scale/',
    '<rootDir>/test/ops/',
  ],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
        module: { type: 'es6' },
        sourceMaps: 'inline',
      },
    ],
  },
  testTimeout: 20000,
};
