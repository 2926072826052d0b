/** One-time authorization codes of the authorize page, bound to the request that asked for them (RFC 6749 §4.1, RFC 7636). */
import { createHash, randomBytes } from 'node:crypto';

/** What the authorize request fixed: only the same client, redirect URI and PKCE verifier may redeem the code. */
export interface CodeGrant {
  username: string;
  clientId: string;
  redirectUri: string;
  /** BASE64URL(SHA-256(code_verifier)), as sent with code_challenge_method=S256. */
  codeChallenge: string;
}

export interface Redemption {
  code: string;
  clientId: string | null;
  redirectUri: string;
  codeVerifier: string;
}

export type Redeemed = { ok: true; username: string } | { ok: false; reason: string };

interface IssuedCode extends CodeGrant {
  expiresAtMs: number;
  used: boolean;
}

/** RFC 6749 recommends at most ten minutes; a browser redirect takes well under one. */
const CODE_TTL_MS = 60_000;
/** Spent and expired codes are dropped past this many, so a long run stays bounded. */
const SWEEP_THRESHOLD = 1_000;

export class AuthorizationCodes {
  private readonly codes = new Map<string, IssuedCode>();

  constructor(private readonly now: () => Date) {}

  issue(grant: CodeGrant): string {
    const nowMs = this.now().getTime();
    if (this.codes.size >= SWEEP_THRESHOLD) this.sweep(nowMs);
    const code = randomBytes(32).toString('base64url');
    this.codes.set(code, { ...grant, expiresAtMs: nowMs + CODE_TTL_MS, used: false });
    return code;
  }

  /** The first redemption spends the code whatever its outcome, so a verifier cannot be guessed at. */
  redeem(request: Redemption): Redeemed {
    const issued = this.codes.get(request.code);
    if (issued === undefined) return { ok: false, reason: 'The authorization code is unknown.' };
    if (issued.used) return { ok: false, reason: 'The authorization code has already been used.' };
    issued.used = true;
    if (this.now().getTime() >= issued.expiresAtMs) return { ok: false, reason: 'The authorization code has expired.' };
    if (request.clientId !== issued.clientId) return { ok: false, reason: 'The authorization code was issued to another client.' };
    if (request.redirectUri !== issued.redirectUri) return { ok: false, reason: 'The redirect_uri does not match the one of the authorization request.' };
    if (s256(request.codeVerifier) !== issued.codeChallenge) return { ok: false, reason: 'The code_verifier does not match the code_challenge.' };
    return { ok: true, username: issued.username };
  }

  private sweep(nowMs: number): void {
    for (const [code, issued] of this.codes) {
      if (issued.used || nowMs >= issued.expiresAtMs) this.codes.delete(code);
    }
  }
}

export function s256(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}
