import type { ExampleTab } from './examples.js';

export const PLAYGROUND_ASSET_PATH = '/playground';

/** Only the gateway's own origin; GraphiQL injects its styles at run time, hence inline styles. */
export const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** `<` is escaped so no example text can close the JSON script block. */
function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

export function playgroundPage(endpoint: string, tabs: ExampleTab[]): string {
  const asset = (name: string) => `${PLAYGROUND_ASSET_PATH}/${name}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Getty Downloads GraphQL: playground</title>
<link rel="stylesheet" href="${asset('graphiql.css')}">
<link rel="stylesheet" href="${asset('playground.css')}">
</head>
<body>
<div id="graphiql">Loading the playground…</div>
<script type="application/json" id="playground-config">${jsonForScript({ endpoint, tabs })}</script>
<script src="${asset('react.js')}"></script>
<script src="${asset('react-dom.js')}"></script>
<script src="${asset('graphiql.js')}"></script>
<script src="${asset('playground.js')}"></script>
</body>
</html>
`;
}
