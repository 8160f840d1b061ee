// Browser / bundler entry: picks the SIMD build when the engine validates it.
import { createApi } from './convlens.js';
import { simdSupported } from './detect.js';

export { ConvlensError } from './errors.js';
export { simdSupported };

/**
 * Loads the wasm module once per call. `simd: false` forces the scalar build; `simd: true` fails
 * where SIMD is unsupported. Other options go to the Emscripten factory (e.g. locateFile).
 */
/** @type {typeof import('./index.d.ts').load} */
export async function load({ simd, ...moduleOptions } = {}) {
  const useSimd = simd ?? simdSupported();
  const { default: factory } = useSimd ? await import('./convlens_simd.mjs') : await import('./convlens_scalar.mjs');
  const module = await factory(moduleOptions);
  return createApi(module, useSimd ? 'simd' : 'scalar');
}
