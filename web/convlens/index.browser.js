// Browser / bundler entry: picks the SIMD build when the engine validates it, fetches the .wasm from
// where the glue module says it is, and says why when it cannot (browser-load.js, loader.js).
import { withResidents } from './loader.js';
import { loadWithoutResidents } from './browser-load.js';
import { simdSupported } from './detect.js';

export { ConvlensError } from './errors.js';
export { version } from './version.js';
export { simdSupported };

/**
 * The convlens module: the SIMD build where the engine validates it (`simd: false` forces the scalar
 * build). Shared by every caller of one build unless `fresh: true` (index.d.ts).
 */
export const load = /* @__PURE__ */ withResidents(loadWithoutResidents, () => import('./resident.js'));
