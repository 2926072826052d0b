import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { buildDataset, startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { NOW } from './http.js';

const dataset = buildDataset({ today: NOW });
const image = dataset.downloads.find((d) => d.asset_type === 'image')!;
const video = dataset.downloads.find((d) => d.asset_type === 'video')!;
let sandbox: Sandbox;

beforeAll(async () => {
  // The clock stands still here, so a QPS limit would refuse all but the first calls; qps-and-stats.test.ts tests it.
  sandbox = await startSandbox({ now: () => NOW, dataset, qpsLimit: 0 });
});
afterAll(async () => {
  await sandbox.close();
});

describe('GET /thumbs/<assetId>.svg', () => {
  it('serves a cacheable SVG naming the asset and its type, coloured per type', async () => {
    const imageAnswer = await fetch(`${sandbox.url}/thumbs/${image.id}.svg`);
    expect(imageAnswer.status).toBe(200);
    expect(imageAnswer.headers.get('content-type')).toBe('image/svg+xml');
    expect(imageAnswer.headers.get('cache-control')).toContain('max-age=');
    const imageSvg = await imageAnswer.text();
    expect(imageSvg.startsWith('<svg')).toBe(true);
    expect(imageSvg).toContain(`>${image.id}<`);
    expect(imageSvg).toContain('>IMAGE<');

    const videoSvg = await (await fetch(`${sandbox.url}/thumbs/${video.id}.svg`)).text();
    expect(videoSvg).toContain(`>${video.id}<`);
    expect(videoSvg).toContain('>VIDEO<');
    expect(videoSvg.match(/fill="(#[0-9a-f]{6})"/)?.[1]).not.toBe(imageSvg.match(/fill="(#[0-9a-f]{6})"/)?.[1]);
  });

  it('answers HEAD with the headers only', async () => {
    const head = await fetch(`${sandbox.url}/thumbs/${image.id}.svg`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe('image/svg+xml');
    expect(Number(head.headers.get('content-length'))).toBeGreaterThan(100);
    expect(await head.text()).toBe('');
  });

  it('answers 404 JSON for an unknown asset and 405 for other methods', async () => {
    const unknown = await fetch(`${sandbox.url}/thumbs/999.svg`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ message: 'Not Found' });
    const post = await fetch(`${sandbox.url}/thumbs/${image.id}.svg`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });

  it('counts thumbnail requests', async () => {
    sandbox.resetStats();
    await (await fetch(`${sandbox.url}/thumbs/${image.id}.svg`)).text();
    expect(sandbox.stats.thumbnails).toBe(1);
    expect(sandbox.stats.downloads).toBe(0);
  });
});
