import { htmlHead } from '../html-head.js';
import { jsonForScript } from '../json-for-script.js';

export const BROWSER_ASSET_PATH = '/app';

/** What web/downloads/browser-config.ts reads. */
export interface BrowserPageConfig {
  endpoint: string;
  pageSize: number;
}

/**
 * The downloads browser's markup: the account bar (sign in and out through the gateway's
 * /auth routes: the page never holds a token), the form and the empty grid. The bundle (web/downloads/)
 * fills them in; every input has a label, the live regions announce results and errors, and
 * the same pager sits above and below the grid.
 * `asset` gives each bundle file's URL.
 */
export function downloadsBrowserPage(config: BrowserPageConfig, playgroundUrl: string, asset: (name: string) => string): string {
  return `${htmlHead('Getty downloads', [asset('downloads.css')])}
<body>
<header>
<h1>Getty downloads</h1>
<nav class="account" aria-label="Account">
<span id="signed-in-as"></span>
<a id="sign-in" class="button" href="/auth/login" hidden>Sign in</a>
<button type="button" id="sign-out" hidden>Sign out</button>
<a href="${playgroundUrl}">GraphQL playground</a>
</nav>
</header>
<main>
<form id="filters" aria-label="Filters">
<fieldset>
<legend>Downloaded between (UTC days; empty: the last 30 days)</legend>
<div class="field"><label for="from">From</label><input type="date" id="from" name="from"></div>
<div class="field"><label for="to">To</label><input type="date" id="to" name="to"></div>
</fieldset>
<div class="field"><label for="product-type">Product type</label>
<select id="product-type" name="productType"><option value="">All product types</option></select></div>
<div class="field inline"><input type="checkbox" id="company-downloads" name="companyDownloads"><label for="company-downloads">Company downloads</label></div>
<button type="submit">Apply filters</button>
</form>
<section id="results" aria-labelledby="results-heading">
<h2 id="results-heading" class="visually-hidden">Results</h2>
<p id="summary" tabindex="-1" aria-live="polite">Loading downloads…</p>
<div id="errors" role="alert" hidden>
<h3>The gateway answered with an error</h3>
<ul id="error-list"></ul>
</div>
${pager('top', 'Pages (above the downloads)')}
<ul id="grid" class="grid" aria-label="Downloads"></ul>
${pager('', 'Pages (below the downloads)')}
</section>
</main>
<script type="application/json" id="browser-config">${jsonForScript(config)}</script>
<script type="module" src="${asset('downloads.js')}"></script>
</body>
</html>
`;
}

/** Previous/next buttons; the bottom pager's ids carry no suffix. */
function pager(suffix: string, label: string): string {
  const id = (name: string) => (suffix === '' ? name : `${name}-${suffix}`);
  return `<nav class="pages" aria-label="${label}">
<button type="button" id="${id('previous')}" disabled>Previous page</button>
<button type="button" id="${id('next')}" disabled>Next page</button>
</nav>`;
}
