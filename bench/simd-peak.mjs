// The machine's single-thread WebAssembly SIMD peak, from bench/simd-peak.wat: assembles it with
// wat2wasm (wabt), runs every `chainsK` export, and reports the best rate in GFLOP/s (mul and add
// counted as one FLOP per lane each). Usable alone: node bench/simd-peak.mjs
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './timing.mjs';

const watPath = fileURLToPath(new URL('./simd-peak.wat', import.meta.url));

/** Assembles simd-peak.wat into bytes (throws with wat2wasm's message on failure). */
export function assemble() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'convlens-peak-'));
  try {
    const out = path.join(dir, 'simd-peak.wasm');
    const r = spawnSync('wat2wasm', [watPath, '-o', out], { encoding: 'utf8' });
    if (r.error) throw new Error(`wat2wasm: ${r.error.code === 'ENOENT' ? 'not found (apt-get install wabt)' : r.error.message}`);
    if (r.status !== 0) throw new Error(`wat2wasm failed: ${r.stderr.trim()}`);
    return readFileSync(out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Measures each chain count: repeats ~`sampleMs` long calls `samples` times, takes the median.
 * Returns { gflops (best), best: 'chainsK', byChains: { K: gflops } }.
 */
export async function measurePeak({ samples = 9, sampleMs = 60 } = {}) {
  const { instance } = await WebAssembly.instantiate(assemble());
  const byChains = {};
  for (const [name, fn] of Object.entries(instance.exports)) {
    const k = Number(name.replace('chains', ''));
    const flopsPerIter = 8 * k;
    // calibrate: grow n until one call takes about sampleMs
    let n = 1 << 16;
    for (;;) {
      const t0 = performance.now();
      fn(n);
      const dt = performance.now() - t0;
      if (dt > sampleMs / 4 || n > 1 << 30) {
        n = Math.max(1, Math.round((n * sampleMs) / Math.max(dt, 1e-3)));
        break;
      }
      n *= 4;
    }
    fn(n); // warm
    const rates = [];
    for (let s = 0; s < samples; s++) {
      const t0 = performance.now();
      fn(n);
      const dt = (performance.now() - t0) / 1000;
      rates.push((n * flopsPerIter) / dt / 1e9);
    }
    byChains[k] = median(rates);
  }
  const [bestK, gflops] = Object.entries(byChains).reduce((a, b) => (b[1] > a[1] ? b : a));
  return { gflops, best: `chains${bestK}`, byChains };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const r = await measurePeak();
  for (const [k, g] of Object.entries(r.byChains)) console.log(`chains${k}: ${g.toFixed(2)} GFLOP/s`);
  console.log(`peak: ${r.gflops.toFixed(2)} GFLOP/s (${r.best})`);
}
