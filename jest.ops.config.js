/** The operations suite (`npm run test:ops`): a real Prometheus (Debian's package) scraping a gateway; not part of `npm test`. */
import base from './jest.config.js';

export default { ...base, roots: ['<rootDir>/test/ops'], testPathIgnorePatterns: ['/node_modules/'], testTimeout: 120000 };
