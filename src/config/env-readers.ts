/** What every variable definition says: its meaning, and the default as the docs show it when not a plain value. */
interface Described {
  /** One line for docs/configuration.md. */
  meaning: string;
  /** How the docs show the default when it is not a plain value (`0` (off), `unset = sandbox`). */
  shownDefault?: string;
}

/** One environment variable: how it is read and validated, and its default. */
export type Definition =
  | (Described & { kind: 'int'; default: number; min: number; max: number })
  | (Described & { kind: 'oneOf'; values: readonly string[]; default: string })
  | (Described & { kind: 'bool'; default: boolean; productionDefault?: boolean })
  | (Described & { kind: 'text'; default?: string })
  | (Described & { kind: 'httpUrl'; default?: string })
  | (Described & { kind: 'origins' })
  | (Described & { kind: 'hosts' })
  | (Described & { kind: 'digests' })
  | (Described & { kind: 'redisUrl' });

export type DefinitionTable = Readonly<Record<string, Definition>>;

/** The names in `T` whose definitions fit `Shape`. */
type NamesWhere<T extends DefinitionTable, Shape> = { [K in keyof T & string]: T[K] extends Shape ? K : never }[keyof T & string];

type Of<K extends Definition['kind']> = Extract<Definition, { kind: K }>;

/**
 * Readers for the variables a definition table names. They collect problems instead of throwing,
 * so start-up can report every bad variable at once, each with the values it accepts.
 */
export class EnvReader<T extends DefinitionTable> {
  readonly problems: string[] = [];

  constructor(
    private readonly env: NodeJS.ProcessEnv,
    private readonly table: T,
  ) {}

  /** Whether the variable has a value, whatever its kind. */
  isSet(name: keyof T & string): boolean {
    return this.raw(name) !== undefined;
  }

  text(name: NamesWhere<T, { kind: 'text'; default: string }>): string;
  text(name: NamesWhere<T, { kind: 'text' }>): string | undefined;
  text(name: string): string | undefined {
    return this.raw(name) ?? this.definition(name, 'text').default;
  }

  int(name: NamesWhere<T, { kind: 'int' }>): number {
    const { default: fallback, min, max } = this.definition(name, 'int');
    const raw = this.raw(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!/^-?\d+$/.test(raw) || value < min || value > max) {
      this.problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
      return fallback;
    }
    return value;
  }

  oneOf<K extends NamesWhere<T, { kind: 'oneOf' }>>(name: K): OneOfValue<T[K]> {
    const { values: accepted, default: fallback } = this.definition(name, 'oneOf');
    const raw = this.raw(name);
    // The definition's own values and default, which is what OneOfValue names.
    if (raw === undefined) return fallback as OneOfValue<T[K]>;
    if (!accepted.includes(raw)) {
      this.problems.push(`${name} must be one of ${accepted.join(', ')} (got "${raw}")`);
      return fallback as OneOfValue<T[K]>;
    }
    return raw as OneOfValue<T[K]>;
  }

  /** `production`: whether NODE_ENV is production, for variables whose default differs there. */
  bool(name: NamesWhere<T, { kind: 'bool' }>, production: boolean): boolean {
    const { default: usual, productionDefault } = this.definition(name, 'bool');
    const fallback = production && productionDefault !== undefined ? productionDefault : usual;
    const raw = this.raw(name);
    if (raw === undefined) return fallback;
    if (raw === 'true' || raw === '1') return true;
    if (raw === 'false' || raw === '0') return false;
    this.problems.push(`${name} must be true, false, 1 or 0 (got "${raw}")`);
    return fallback;
  }

  httpUrl(name: NamesWhere<T, { kind: 'httpUrl'; default: string }>): string;
  httpUrl(name: NamesWhere<T, { kind: 'httpUrl' }>): string | undefined;
  httpUrl(name: string): string | undefined {
    const { default: fallback } = this.definition(name, 'httpUrl');
    const raw = this.raw(name);
    if (raw === undefined) return fallback;
    if (!URL.canParse(raw) || !/^https?:$/.test(new URL(raw).protocol)) {
      this.problems.push(`${name} must be an absolute http(s) URL (got "${raw}")`);
      return fallback;
    }
    return raw.replace(/\/+$/, '');
  }

  /** A redis:// or rediss:// URL; a password in it never appears in a problem message. */
  redisUrl(name: NamesWhere<T, { kind: 'redisUrl' }>): string | undefined {
    const raw = this.raw(name);
    if (raw === undefined) return undefined;
    if (!URL.canParse(raw) || !/^rediss?:$/.test(new URL(raw).protocol) || new URL(raw).hostname === '') {
      this.problems.push(`${name} must be a redis://[user:password@]host[:port][/db] or rediss:// (TLS) URL`);
      return undefined;
    }
    return raw;
  }

  /** A comma-separated list of web origins (`https://app.example.com`), normalized; no wildcards. */
  origins(name: NamesWhere<T, { kind: 'origins' }>): string[] {
    const raw = this.raw(name);
    if (raw === undefined) return [];
    const origins: string[] = [];
    for (const item of raw
      .split(',')
      .map((part) => part.trim())
      .filter((part) => part !== '')) {
      const url = URL.canParse(item) ? new URL(item) : undefined;
      // An origin is scheme, host and port only: a path or a `*` would never match what browsers send.
      const bare =
        url !== undefined && /^https?:$/.test(url.protocol) && url.pathname === '/' && url.search === '' && url.hash === '' && url.username === '' && !item.includes('*');
      if (!bare) {
        this.problems.push(
          `${name} must be comma-separated origins such as https://app.example.com or http://localhost:5173, without paths or wildcards (got "${item}")`,
        );
        continue;
      }
      if (!origins.includes(url.origin)) origins.push(url.origin);
    }
    return origins;
  }

  /** Comma-separated host names or IP addresses, lower-cased, IPv6 in brackets; no scheme, port or path. */
  hosts(name: NamesWhere<T, { kind: 'hosts' }>): string[] | undefined {
    const items = this.list(name);
    if (items === undefined) return undefined;
    const hosts: string[] = [];
    for (const item of items) {
      const url = URL.canParse(`http://${item}`) ? new URL(`http://${item}`) : undefined;
      if (url === undefined || url.host !== item.toLowerCase() || url.port !== '' || item.includes('*')) {
        this.problems.push(`${name} must be comma-separated host names such as api.example.com or 10.0.0.5, without scheme, port or wildcards (got "${item}")`);
        continue;
      }
      if (!hosts.includes(url.hostname)) hosts.push(url.hostname);
    }
    return hosts;
  }

  /** Comma-separated SHA-256 digests, as 64 hex digits each (lower-cased). */
  digests(name: NamesWhere<T, { kind: 'digests' }>): string[] {
    const digests: string[] = [];
    for (const item of this.list(name) ?? []) {
      if (!/^[0-9a-f]{64}$/i.test(item)) {
        // The value may be a key pasted by mistake: it is not echoed.
        this.problems.push(
          `${name} must be comma-separated SHA-256 digests of 64 hex digits each (item ${digests.length + 1} is not); put the keys' digests here, never the keys`,
        );
        continue;
      }
      if (!digests.includes(item.toLowerCase())) digests.push(item.toLowerCase());
    }
    return digests;
  }

  problem(message: string): void {
    this.problems.push(message);
  }

  private list(name: string): string[] | undefined {
    return this.raw(name)
      ?.split(',')
      .map((part) => part.trim())
      .filter((part) => part !== '');
  }

  private raw(name: string): string | undefined {
    const value = this.env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  }

  private definition<K extends Definition['kind']>(name: string, kind: K): Of<K> {
    const definition = this.table[name];
    if (definition === undefined || !isKind(definition, kind)) throw new Error(`${name} is not defined as ${kind}`);
    return definition;
  }
}

function isKind<K extends Definition['kind']>(definition: Definition, kind: K): definition is Of<K> {
  return definition.kind === kind;
}

/** The values a oneOf definition accepts, as a union of literals. */
type OneOfValue<D> = D extends { values: readonly (infer V extends string)[] } ? V : never;
