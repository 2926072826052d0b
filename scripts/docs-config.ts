/** `npm run docs:config`: writes docs/configuration.md from the variables' definitions. */
import { writeFileSync } from 'node:fs';
import { configurationReference } from './config-reference.js';

// npm runs scripts from the repository's root.
const target = 'docs/configuration.md';
writeFileSync(target, configurationReference());
process.stdout.write(`wrote ${target}\n`);
