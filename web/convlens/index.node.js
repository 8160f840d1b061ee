// Node entry: reads the .wasm bytes itself (Emscripten 3.1.6's loader would fetch() a file path), and
// says which file when it cannot (loader.js).
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

import { instantiateBytes, loadFailed, makeLoad, withResidents } from './loader.js';
import { provideNn } from './convlens.js';
import { createNn } from './nn.js';
import { simdSupported } from './detect.js';

provideNn(createNn);

export { ConvlensError } from './errors.js';
export { version } from './version.js';
export { simdSupported };

const fileHere = (name) => fileURLToPath(new URL(`./${name}`, import.meta.url));
const missing = (e) => (e?.code === 'ENOENT' || e?.code === 'ERR_MODULE_NOT_FOUND'
  ? 'the file is missing: reinstall the package (npm install convlens)'
  : `${e?.code ?? e?.name ?? 'Error'}: ${e?.message ?? e}`);

async function glue(variant) {
  try {
    return (await import(`./convlens_${variant}.mjs`)).default;
  } catch (e) {
    throw loadFailed(fileHere(`convlens_${variant}.mjs`), missing(e));
  }
}

async function instantiate(variant, o, imports) {
  if (o.wasmBinary) return instantiateBytes("the wasmBinary option's bytes", o.wasmBinary, imports);
  // locateFile's answer (a path or a file: URL; its prefix is this directory, as Emscripten's is the
  // glue's), else the file beside this one
  const name = `convlens_${variant}.wasm`;
  const located = o.locateFile ? String(o.locateFile(name, fileHere(''))) : null;
  const file = located === null ? fileHere(name) : /^file:/i.test(located) ? fileURLToPath(located) : located;
  let bytes;
  try {
    bytes = await readFile(file);
  } catch (e) {
    throw loadFailed(file, missing(e));
  }
  return instantiateBytes(file, bytes, imports);
}

/**
 * The convlens module: the SIMD build where the engine validates it (`simd: false` forces the scalar
 * build). Shared by every caller of one build unless `fresh: true` (index.d.ts).
 */
export const load = withResidents(makeLoad({ glue, instantiate }), () => import('./resident.js'));
