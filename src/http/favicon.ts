import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { loadAsset, sendStaticAsset } from './static-asset.js';

/** The pages link it, so browsers do not ask for /favicon.ico (a 404 and a console error). */
export const FAVICON_PATH = '/favicon.svg';
const FILE = fileURLToPath(new URL('../../public/favicon.svg', import.meta.url));

export function registerFavicon(app: FastifyInstance): void {
  const icon = loadAsset(FILE, 'image/svg+xml');
  app.get(FAVICON_PATH, (request, reply) => sendStaticAsset(request, reply, icon));
}
