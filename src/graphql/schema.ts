import { readdirSync, readFileSync } from 'node:fs';

/** schema/ sits at the package root, two levels above both src/graphql and dist/graphql. */
const SCHEMA_DIR = new URL('../../schema/', import.meta.url);

/** The SDL files, read once at start-up, in a stable order. */
export function loadTypeDefs(): string[] {
  return readdirSync(SCHEMA_DIR)
    .filter((name) => name.endsWith('.graphql'))
    .sort()
    .map((name) => readFileSync(new URL(name, SCHEMA_DIR), 'utf8'));
}
