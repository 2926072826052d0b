/** JSON for a `<script type="application/json">` block: `<` is escaped so no value can close the block. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}
