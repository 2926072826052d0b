import { htmlHead } from '../html-head.js';
import { jsonForScript } from '../json-for-script.js';
import type { ExampleTab } from './examples.js';

export const PLAYGROUND_ASSET_PATH = '/playground';

/** GraphiQL's page; `asset` gives each file's URL. */
export interface PlaygroundConfig {
  endpoint: string;
  tabs: ExampleTab[];
  /** The Headers editor's text for the first tab and for tabs the user opens. */
  defaultHeaders: string | undefined;
}

export function playgroundPage(config: PlaygroundConfig, asset: (name: string) => string): string {
  return `${htmlHead('Getty Downloads GraphQL: playground', [asset('graphiql.css'), asset('playground.css')])}
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
