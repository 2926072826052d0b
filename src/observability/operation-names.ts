/**
 * Operation names as a metric label: clients choose them, so only the first `limit` names
 * seen are kept and any later new name counts as `other` — at most `limit + 1` values.
 */
export class OperationNames {
  private readonly learned = new Set<string>();

  constructor(private readonly limit: number) {}

  label(name: string | undefined): string {
    const candidate = name === undefined || name === '' ? 'anonymous' : name.slice(0, MAX_NAME_LENGTH);
    if (this.learned.has(candidate)) return candidate;
    if (this.learned.size >= this.limit) return 'other';
    this.learned.add(candidate);
    return candidate;
  }
}

const MAX_NAME_LENGTH = 64;
