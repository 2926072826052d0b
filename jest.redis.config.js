/** Shared state on a real redis-server child process (`npm run test:redis`; Debian: apt-get install -y redis-server). */
import base from './jest.config.js';

export default { ...base, roots: ['<rootDir>/test/redis'], testPathIgnorePatterns: ['/node_modules/'], testTimeout: 60000 };
