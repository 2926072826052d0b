/** The fault and abuse suite (`npm run test:faults`): slower, and run after `npm test` in CI. */
import base from './jest.config.js';

export default { ...base, roots: ['<rootDir>/test/faults'], testPathIgnorePatterns: ['/node_modules/'], testTimeout: 120000 };
