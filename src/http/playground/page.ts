import { FAVICON_PATH } from '../favicon.js';
import { jsonForScript } from '../json-for-script.js';
import type { ExampleTab } from './examples.js';

export const PLAYGROUND_ASSET_PATH = '/playground';

/** GraphiQL's page; `asset` gives each file's URL. Linking an icon spares browsers a /favicon.ico 404. */
export interface PlaygroundConfig {
  endpoint: string;
  tabs: ExampleTab[];
  /** The Headers editor's text for the first tab and for tabs the user opens. */
  defaultHeaders: string | undefined;
}

export function playgroundPage(config: PlaygroundConfig, asset: (name: string) => string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="${FAVICON_PATH}" type="image/svg+xml">
<title>Getty Downloads GraphQL: playground</title>
<link rel="stylesheet" href="${asset('graphiql.css')}">
<link rel="stylesheet" href="${asset('playground.css')}">
</head>
<body>
<div id="graphiql">Loading the playground…</div>
<script type="application/json" id="playground-config">${jsonForScript(config)}</script>
<script src="${asset('react.js')}"></script>
<script src="${asset('react-dom.js')}"></script>
<script src="${asset('graphiql.js')}"></script>
<script src="${asset('playground.js')}"></script>
</body>
</html>
`;
}
