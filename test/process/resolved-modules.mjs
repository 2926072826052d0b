// `node --import ./test/process/resolved-modules.mjs`: appends the URL of every module the
// process resolves through ESM to the file named by RESOLVED_MODULES_LOG, so a test can tell
// which code a gateway loaded.
import { register } from 'node:module';
import process from 'node:process';

const hooks = `
import { appendFileSync } from 'node:fs';
let log;
export function initialize(data) { log = data.log; }
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  appendFileSync(log, resolved.url + '\\n');
  return resolved;
}`;

register(`data:text/javascript,${encodeURIComponent(hooks)}`, { data: { log: process.env.RESOLVED_MODULES_LOG } });
