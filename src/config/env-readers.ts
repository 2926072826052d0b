/**
 * Readers for one environment variable each. They collect problems instead of throwing,
 * so start-up can report every bad variable at once, each with the values it accepts.
 */
export class EnvReader {
  readonly problems: string[] = [];

  constructor(private readonly env: NodeJS.ProcessEnv) {}

  string(name: string): string | undefined {
    const value = this.env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  }

  int(name: string, fallback: number, min: number, max: number): number {
    const raw = this.string(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!/^-?\d+$/.test(raw) || value < min || value > max) {
      this.problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
      return fallback;
    }
    return value;
  }

  oneOf<T extends string>(name: string, accepted: readonly T[], fallback: T): T {
    const raw = this.string(name);
    if (raw === undefined) return fallback;
    if (!(accepted as readonly string[]).includes(raw)) {
      this.problems.push(`${name} must be one of ${accepted.join(', ')} (got "${raw}")`);
      return fallback;
    }
    return raw as T;
  }

  bool(name: string, fallback: boolean): boolean {
    const raw = this.string(name);
    if (raw === undefined) return fallback;
    if (raw === 'true' || raw === '1') return true;
    if (raw === 'false' || raw === '0') return false;
    this.problems.push(`${name} must be true, false, 1 or 0 (got "${raw}")`);
    return fallback;
  }

  httpUrl(name: string, fallback: string): string {
    const raw = this.string(name);
    if (raw === undefined) return fallback;
    if (!URL.canParse(raw) || !/^https?:$/.test(new URL(raw).protocol)) {
      this.problems.push(`${name} must be an absolute http(s) URL (got "${raw}")`);
      return fallback;
    }
    return raw.replace(/\/+$/, '');
  }

  /** A redis:// or rediss:// URL; a password in it never appears in a problem message. */
  redisUrl(name: string): string | undefined {
    const raw = this.string(name);
    if (raw === undefined) return undefined;
    if (!URL.canParse(raw) || !/^rediss?:$/.test(new URL(raw).protocol) || new URL(raw).hostname === '') {
      this.problems.push(`${name} must be a redis://[user:password@]host[:port][/db] or rediss:// (TLS) URL`);
      return undefined;
    }
    return raw;
  }

  /** A comma-separated list of web origins (`https://app.example.com`), normalized; no wildcards. */
  origins(name: string): string[] {
    const raw = this.string(name);
    if (raw === undefined) return [];
    const origins: string[] = [];
    for (const item of raw.split(',').map((part) => part.trim()).filter((part) => part !== '')) {
      const url = URL.canParse(item) ? new URL(item) : undefined;
      // An origin is scheme, host and port only: a path or a `*` would never match what browsers send.
      const bare = url !== undefined && /^https?:$/.test(url.protocol) && url.pathname === '/'
        && url.search === '' && url.hash === '' && url.username === '' && !item.includes('*');
      if (!bare) {
        this.problems.push(`${name} must be comma-separated origins such as https://app.example.com or http://localhost:5173, without paths or wildcards (got "${item}")`);
        continue;
      }
      if (!origins.includes(url.origin)) origins.push(url.origin);
    }
    return origins;
  }

  problem(message: string): void {
    this.problems.push(message);
  }
}
