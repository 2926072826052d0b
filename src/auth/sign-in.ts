import { createHash, randomBytes } from 'node:crypto';
import { ErrorCode, GatewayError } from '../errors.js';
import type { OAuthClient } from './oauth-client.js';
import type { PendingSignInStore } from './session-store.js';
import type { Sessions } from './sessions.js';

/** Why a sign-in failed at the callback: stable codes a page or a test may branch on. */
export const SignInErrorCode = {
  /** No sign-in was started in this browser, or it took too long. */
  Expired: 'SIGN_IN_EXPIRED',
  /** The `state` that came back is not the one this browser was sent with: a forged or crossed callback. */
  StateMismatch: 'SIGN_IN_STATE_MISMATCH',
  /** Getty's page answered with an error (the customer cancelled, or the request was refused). */
  Denied: 'SIGN_IN_DENIED',
  /** Getty's token endpoint refused the code. */
  Failed: 'SIGN_IN_FAILED',
} as const;
export type SignInErrorCode = (typeof SignInErrorCode)[keyof typeof SignInErrorCode];

export class SignInError extends Error {
  constructor(
    readonly code: SignInErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'SignInError';
  }
}

/** What Getty's authorize page sent back on the redirect. */
export interface CallbackParams {
  code: string | undefined;
  state: string | undefined;
  error: string | undefined;
}

/** What the wiring hears (metrics): each callback's outcome, never an id, code or token. */
export interface SignInEvents {
  finished(outcome: 'ok' | SignInErrorCode | 'error'): void;
}

/** A sign-in has this long between leaving for Getty's page and coming back. */
export const SIGN_IN_TTL_MS = 10 * 60_000;

/**
 * The authorization code grant with PKCE, backend-for-frontend style: the gateway holds the
 * verifier and the tokens, the browser only a pre-login id (bound to `state`) and then a session id.
 */
export class SignIn {
  constructor(
    private readonly pending: PendingSignInStore,
    private readonly oauth: OAuthClient,
    private readonly sessions: Sessions,
    private readonly authorizeUrl: string,
    private readonly clientId: string,
    /** The customer's name, for the page header; failures leave it unnamed. */
    private readonly nameOf: (accessToken: string) => Promise<string | undefined>,
    private readonly events: SignInEvents = { finished: () => undefined },
  ) {}

  /** A new sign-in: the pre-login id for this browser's cookie and where to send the browser. */
  async start(redirectUri: string, returnTo: string): Promise<{ loginId: string; location: string }> {
    const loginId = randomId();
    const state = randomId();
    const codeVerifier = randomId();
    await this.pending.set(pendingKey(loginId), { state, codeVerifier, returnTo }, SIGN_IN_TTL_MS);
    const location = new URL(this.authorizeUrl);
    location.searchParams.set('response_type', 'code');
    location.searchParams.set('client_id', this.clientId);
    location.searchParams.set('redirect_uri', redirectUri);
    location.searchParams.set('state', state);
    location.searchParams.set('code_challenge', createHash('sha256').update(codeVerifier).digest('base64url'));
    location.searchParams.set('code_challenge_method', 'S256');
    return { loginId, location: location.toString() };
  }

  /** Checks the callback against this browser's sign-in, exchanges the code and opens a session under a new id. */
  async finish(loginId: string | undefined, params: CallbackParams, redirectUri: string): Promise<{ sessionId: string; returnTo: string }> {
    try {
      const opened = await this.open(loginId, params, redirectUri);
      this.events.finished('ok');
      return opened;
    } catch (error) {
      this.events.finished(error instanceof SignInError ? error.code : 'error');
      throw error;
    }
  }

  private async open(loginId: string | undefined, params: CallbackParams, redirectUri: string): Promise<{ sessionId: string; returnTo: string }> {
    const pending = loginId === undefined ? undefined : await this.pending.take(pendingKey(loginId));
    if (pending === undefined) {
      throw new SignInError(SignInErrorCode.Expired, 'No sign-in is under way in this browser, or it took longer than 10 minutes: start again at /auth/login.');
    }
    if (params.state !== pending.state) {
      throw new SignInError(SignInErrorCode.StateMismatch, 'This sign-in answer was not meant for this browser (its state does not match): start again at /auth/login.');
    }
    if (params.error !== undefined) {
      throw new SignInError(SignInErrorCode.Denied, `Getty did not sign you in (${params.error.slice(0, 64)}): start again at /auth/login.`);
    }
    if (params.code === undefined || params.code === '') {
      throw new SignInError(SignInErrorCode.Failed, 'Getty sent no authorization code back: start again at /auth/login.');
    }
    let issued;
    try {
      issued = await this.oauth.issue({ grant_type: 'authorization_code', code: params.code, redirect_uri: redirectUri, code_verifier: pending.codeVerifier });
    } catch (error) {
      if (error instanceof GatewayError && error.code === ErrorCode.Unauthenticated) {
        throw new SignInError(SignInErrorCode.Failed, "Getty's token endpoint refused the sign-in code: start again at /auth/login.");
      }
      throw error;
    }
    const user = await this.nameOf(issued.accessToken).catch(() => undefined);
    const { id } = await this.sessions.create(issued, user);
    return { sessionId: id, returnTo: pending.returnTo };
  }
}

function randomId(): string {
  return randomBytes(32).toString('base64url');
}

function pendingKey(loginId: string): string {
  return `sign-in:${createHash('sha256').update(loginId).digest('base64url')}`;
}
