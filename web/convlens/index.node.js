// Node entry: reads the .wasm bytes itself (Emscripten 3.1.6's loader would fetch() a file path).
import { readFile } from 'node:fs/promises';

import { createApi } from './convlens.js';
import { simdSupported } from './detect.js';

export { ConvlensError } from './errors.js';
export { simdSupported };

/** Loads the wasm module; `simd: false` forces the scalar build. */
/** @type {typeof import('./index.d.ts').load} */
export async function load({ simd, ...moduleOptions } = {}) {
  const useSimd = simd ?? simdSupported();
  const name = useSimd ? 'convlens_simd' : 'convlens_scalar';
  const { default: factory } = await import(`./${name}.mjs`);
  const wasmBinary = await readFile(new URL(`./${name}.wasm`, import.meta.url));
  const module = await factory({ wasmBinary, ...moduleOptions });
  return createApi(module, useSimd ? 'simd' : 'scalar');
}
