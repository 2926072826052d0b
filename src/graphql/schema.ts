import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectFile } from '../project-files.js';

const SCHEMA_DIR = projectFile('schema');

/** The SDL files, read once at start-up, in a stable order. */
export function loadTypeDefs(): string[] {
  return readdirSync(SCHEMA_DIR)
    .filter((name) => name.endsWith('.graphql'))
    .sort()
    .map((name) => readFileSync(join(SCHEMA_DIR, name), 'utf8'));
}
