import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** A file the gateway serves to browsers, read once at start-up. */
export interface Asset {
  contentType: string;
  body: Buffer;
  /** A digest of the content: pages put it in the asset's URL, so a rebuilt file is fetched anew. */
  version: string;
  /** Compressed on first request, then kept: GraphiQL's bundle is 3.5 MB and compresses fivefold. */
  gzipped(): Buffer;
}

export const JAVASCRIPT = 'text/javascript; charset=utf-8';
export const CSS = 'text/css; charset=utf-8';

export function loadAsset(path: string, contentType: string): Asset {
  const body = readFileSync(path);
  let gzipped: Buffer | undefined;
  const version = createHash('sha256').update(body).digest('hex').slice(0, 12);
  return { contentType, body, version, gzipped: () => (gzipped ??= gzipSync(body)) };
}

/** The URL of each named asset under `basePath`, carrying its version. */
export function versionedUrls(basePath: string, assets: ReadonlyMap<string, Asset>): (name: string) => string {
  return (name) => {
    const asset = assets.get(name);
    if (asset === undefined) throw new Error(`No asset named ${name} under ${basePath}`);
    return `${basePath}/${name}?v=${asset.version}`;
  };
}

/** Sends the asset, gzipped for clients that accept it; cacheable for an hour. */
export function sendStaticAsset(request: FastifyRequest, reply: FastifyReply, asset: Asset): FastifyReply {
  const gzip = /\bgzip\b/.test(request.headers['accept-encoding'] ?? '');
  void reply.type(asset.contentType).header('cache-control', 'public, max-age=3600').header('vary', 'accept-encoding');
  if (gzip) void reply.header('content-encoding', 'gzip');
  return reply.send(gzip ? asset.gzipped() : asset.body);
}
