// Browser / bundler entry: picks the SIMD build when the engine validates it, fetches the .wasm from
// where the glue module says it is, and says why when it cannot (browser-load.js, loader.js). Its
// instances have resident tensors (resident.js) and the nn layers (nn.js); the <conv-lens> widget's
// bundle loads browser-load.js alone: a figure needs neither.
import { withResidents } from './loader.js';
import { loadWithoutResidents } from './browser-load.js';
import { simdSupported } from './detect.js';
import { providePackageParts } from './convlens.js';
import { createNn } from './nn.js';
import { stagedBlocks } from './staged-calls.js';

export { ConvlensError } from './errors.js';
export { version } from './version.js';
export { simdSupported };

providePackageParts({ createNn, stagedBlocks });

/**
 * The convlens module: the SIMD build where the engine validates it (`simd: false` forces the scalar
 * build). Shared by every caller of one build unless `fresh: true` (index.d.ts).
 */
export const load = /* @__PURE__ */ withResidents(loadWithoutResidents, () => import('./resident.js'));
