import type { FastifyInstance } from 'fastify';
import { projectFile } from '../project-files.js';
import { loadAsset, sendStaticAsset } from './static-asset.js';

/** The pages link it, so browsers do not ask for /favicon.ico (a 404 and a console error). */
export const FAVICON_PATH = '/favicon.svg';
const FILE = projectFile('public', 'favicon.svg');

export function registerFavicon(app: FastifyInstance): void {
  const icon = loadAsset(FILE, 'image/svg+xml');
  app.get(FAVICON_PATH, (request, reply) => sendStaticAsset(request, reply, icon));
}
