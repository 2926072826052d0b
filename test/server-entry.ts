import { existsSync } from 'node:fs';

/** What `npm start` and `npm run serve` run: the bundle `npm run build` makes (scripts/bundle-server.mjs). */
export const SERVER_ENTRY = 'dist/server/main.js';

/** The entry, or an error saying how to make it. */
export function serverEntry(): string {
  if (!existsSync(SERVER_ENTRY)) throw new Error(`${SERVER_ENTRY} is missing: run \`npm run build\` first (npm test does)`);
  return SERVER_ENTRY;
}
