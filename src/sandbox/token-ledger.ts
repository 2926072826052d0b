/** Access and refresh tokens: the static demo tokens plus those issued by the token endpoint. */
import { randomBytes } from 'node:crypto';
import type { SandboxUser } from './dataset-types.js';

/** Who a token speaks for: a customer, or only the application (client_credentials). */
export type TokenSubject = { username: string } | { username: null };

interface LedgerEntry {
  subject: TokenSubject;
  expiresAtMs: number;
}

/** Above this many issued tokens, expired ones are swept so long benchmark runs stay bounded. */
const SWEEP_THRESHOLD = 10_000;

export class SandboxTokenLedger {
  private readonly staticTokens = new Map<string, TokenSubject>();
  private readonly issued = new Map<string, LedgerEntry>();
  private readonly refreshTokens = new Map<string, string>();
  private readonly users = new Map<string, SandboxUser>();

  constructor(
    users: ReadonlyArray<SandboxUser>,
    private readonly ttlSeconds: number,
    private readonly now: () => Date,
  ) {
    for (const user of users) {
      this.users.set(user.username, user);
      this.staticTokens.set(user.bearerToken, { username: user.username });
    }
  }

  /** The token's subject, or undefined when it is unknown or expired. */
  resolve(accessToken: string): TokenSubject | undefined {
    const fixed = this.staticTokens.get(accessToken);
    if (fixed !== undefined) return fixed;
    const issued = this.issued.get(accessToken);
    if (issued === undefined) return undefined;
    if (this.now().getTime() >= issued.expiresAtMs) {
      this.issued.delete(accessToken);
      return undefined;
    }
    return issued.subject;
  }

  issueAccessToken(subject: TokenSubject): string {
    const nowMs = this.now().getTime();
    if (this.issued.size >= SWEEP_THRESHOLD) this.sweep(nowMs);
    const token = randomBytes(32).toString('base64url');
    this.issued.set(token, { subject, expiresAtMs: nowMs + this.ttlSeconds * 1000 });
    return token;
  }

  /** Refresh tokens do not expire and stay valid after use. */
  issueRefreshToken(username: string): string {
    const token = randomBytes(32).toString('base64url');
    this.refreshTokens.set(token, username);
    return token;
  }

  /** Issued access tokens still held, and every refresh token. */
  issuedSecrets(): string[] {
    return [...this.issued.keys(), ...this.refreshTokens.keys()];
  }

  refreshTokenOwner(refreshToken: string): string | undefined {
    return this.refreshTokens.get(refreshToken);
  }

  checkPassword(username: string, password: string): boolean {
    return this.users.get(username)?.password === password;
  }

  private sweep(nowMs: number): void {
    for (const [token, issued] of this.issued) {
      if (nowMs >= issued.expiresAtMs) this.issued.delete(token);
    }
  }
}
