import { hash, timingSafeEqual } from 'node:crypto';

/**
 * The gateway client keys server-side clients present in `X-Gateway-Key`, known only by their
 * SHA-256 digests, so the configuration and the process never hold a key itself.
 */
export class ClientKeys {
  private readonly digests: readonly Buffer[];

  constructor(digestsHex: readonly string[]) {
    this.digests = digestsHex.map((digest) => Buffer.from(digest, 'hex'));
  }

  /**
   * The digest (hex) of `key` when it is one of the configured keys. Every digest is compared,
   * each in constant time over equal lengths, so the answer's timing says nothing about which
   * or how much matched.
   */
  match(key: string): string | undefined {
    const presented = hash('sha256', key, 'buffer');
    let found: Buffer | undefined;
    for (const digest of this.digests) {
      if (timingSafeEqual(presented, digest)) found = digest;
    }
    return found?.toString('hex');
  }
}
