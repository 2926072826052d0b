// Whether an esbuild bundle must be made again. esbuild's metafile from the last build lists
// every file that went into it, so an unchanged tree costs a few stat calls instead of a bundle.
import { readFile, stat } from 'node:fs/promises';

async function mtime(path) {
  try {
    return (await stat(path)).mtimeMs;
  } catch {
    return undefined;
  }
}

/**
 * True when the outputs the metafile at `metaPath` lists exist and are newer than all of its
 * inputs and than `configInputs` (files that decide the bundle without being imported by it).
 */
export async function upToDate(metaPath, configInputs) {
  let meta;
  try {
    meta = JSON.parse(await readFile(metaPath, 'utf8'));
  } catch {
    return false;
  }
  const outputs = await Promise.all(Object.keys(meta.outputs).map(mtime));
  if (outputs.some((time) => time === undefined)) return false;
  const inputs = await Promise.all([...Object.keys(meta.inputs), ...configInputs].map(mtime));
  if (inputs.some((time) => time === undefined)) return false;
  return Math.max(...inputs) < Math.min(...outputs);
}
