/** Scale-out on Redis (`npm run test:scale`): redis-server, the sandbox and 3 gateway processes. */
import base from './jest.config.js';

export default { ...base, roots: ['<rootDir>/test/scale'], testPathIgnorePatterns: ['/node_modules/'], testTimeout: 300000 };
