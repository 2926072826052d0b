/**
 * `npm run test:browser`: the pages in a real headless Chromium (test/browser). Kept out of
 * `npm test`, which needs Node alone; same ESM + swc setup as jest.config.js.
 */
import base from './jest.config.js';

export default {
  ...base,
  roots: ['<rootDir>/test/browser'],
  testPathIgnorePatterns: ['/node_modules/'],
  testTimeout: 60000,
  maxWorkers: 1,
};
