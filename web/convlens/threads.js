// What load({ threads }) needs beyond one thread, imported by loader.js only when more than one thread
// is asked for: whether the engine can run the threaded build, which build runs and why not, and the
// instance with its notice.

/**
 * Whether this engine can run the threaded build: shared WebAssembly memory, which browsers allow only
 * on cross-origin-isolated pages (COOP and COEP headers; `crossOriginIsolated` is then true).
 */
export function threadsSupported() {
  try {
    return typeof SharedArrayBuffer === 'function' && globalThis.crossOriginIsolated !== false
      && new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true }).buffer instanceof SharedArrayBuffer;
  } catch {
    return false;
  }
}

/**
 * Which build load() uses for `threads` (default 1) and `simd` (default: what the engine validates),
 * given what the engine has (`env.simd`, `env.threads`: shared memory): { variant, threads, notice },
 * where notice says why fewer threads run than were asked for (null when none).
 */
export function chooseBuild({ simd, threads = 1 }, env) {
  const single = (simd ?? env.simd) ? 'simd' : 'scalar';
  if (threads === 1) return { variant: single, threads: 1, notice: null };
  const one = (why) => ({ variant: single, threads: 1, notice: `convlens: load({ threads: ${threads} }) runs on one thread: ${why}` });
  if (single === 'scalar') {
    return one(simd === false ? 'the threaded build is a SIMD build, and load() was given simd: false'
      : 'the threaded build needs WebAssembly SIMD, which this engine lacks');
  }
  if (!env.threads) {
    return one('this engine has no shared WebAssembly memory; in a browser the page must be cross-origin isolated'
      + ' (served with Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp)');
  }
  return { variant: 'simd-threads', threads, notice: null };
}

/** An instance as load() returns it when fewer threads run than were asked for: the same, with the notice. */
const noticed = new WeakMap();
export function withNotice(instance, notice) {
  let copy = noticed.get(instance);
  if (copy?.threadsNotice !== notice) {
    copy = Object.freeze({ ...instance, threadsNotice: notice });
    noticed.set(instance, copy);
  }
  return copy;
}
