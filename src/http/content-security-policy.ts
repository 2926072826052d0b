/**
 * The Content-Security-Policy of the gateway's HTML pages: everything from the gateway's own
 * origin only. Inline styles are allowed because GraphiQL injects its styles at run time;
 * scripts are never inline. `imageOrigins` is for thumbnails that live elsewhere (the
 * sandbox's own port, or Getty's image host) and is images only.
 */
export function contentSecurityPolicy(imageOrigins: readonly string[] = []): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    ["img-src 'self' data:", ...imageOrigins].join(' '),
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** For pages that load nothing from elsewhere, such as the playground. */
export const PAGE_CSP = contentSecurityPolicy();
