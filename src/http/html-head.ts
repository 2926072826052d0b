import { FAVICON_PATH } from './favicon.js';

/**
 * The opening of every page the gateway serves, up to `<body>`. Linking an icon spares
 * browsers a /favicon.ico 404.
 */
export function htmlHead(title: string, stylesheets: readonly string[]): string {
  const links = stylesheets.map((href) => `<link rel="stylesheet" href="${href}">`).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="${FAVICON_PATH}" type="image/svg+xml">
<title>${title}</title>
${links}
</head>`;
}
