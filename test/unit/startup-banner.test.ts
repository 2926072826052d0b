import { describe, expect, it } from '@jest/globals';
import type { UpstreamTarget } from '../../src/gateway.js';
import { startupBanner } from '../../src/startup-banner.js';

const GETTY: UpstreamTarget = {
  mode: 'getty',
  apiUrl: 'https://api.gettyimages.com',
  authUrl: 'https://authentication.gettyimages.com/oauth2/token',
  apiKey: 'the-api-key',
  apiSecret: 'the-secret',
  serviceAccount: { grant: 'password', username: 'ops.bot', password: 'the-password' },
};
const GUARDED = { clientKeyDigests: ['a'.repeat(64)], anonymous: false };
const banner = (target: UpstreamTarget, access = GUARDED) =>
  startupBanner({ url: 'http://127.0.0.1:4000', target, config: { playground: false, introspection: false, access } });

describe('the start-up banner in Getty mode', () => {
  it('names both upstream URLs with their variables, the service account and the default window, and no secret', () => {
    const text = banner(GETTY);
    expect(text).toContain('  Getty API:        https://api.gettyimages.com  (GETTY_API_URL)');
    expect(text).toContain('  Token endpoint:   https://authentication.gettyimages.com/oauth2/token  (GETTY_AUTH_URL)');
    expect(text).toContain(
      'Without an Authorization header, a request acts as the service account ops.bot (GETTY_USERNAME) only with a gateway client key in X-Gateway-Key (GATEWAY_CLIENT_KEY_DIGESTS); without one it is refused (UNAUTHENTICATED).',
    );
    expect(text).toContain("Without dateRange, a request covers Getty's default window: the last 30 days.");
    expect(text).not.toMatch(/the-api-key|the-secret|the-password/);
  });

  it('says anonymous requests are refused when there is no service account', () => {
    expect(banner({ ...GETTY, serviceAccount: undefined })).toContain(
      'Without an Authorization header, a request is refused (UNAUTHENTICATED): no service account is configured',
    );
  });

  it('names the refresh-token grant without the token', () => {
    const text = banner({ ...GETTY, serviceAccount: { grant: 'refresh_token', refreshToken: 'the-refresh-token' } }, { clientKeyDigests: [], anonymous: true });
    expect(text).toContain('a request acts as the service account of GETTY_REFRESH_TOKEN, as SERVICE_ACCOUNT_ANONYMOUS=true allows.');
    expect(text).not.toContain('the-refresh-token');
  });
});
