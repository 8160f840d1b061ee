// What load({ threads }) needs beyond one thread, imported by loader.js only when more than one thread
// is asked for: whether the engine can run the threaded build, which build runs and why not, the fallback to
// one thread when the pool cannot start, and the instance with its notice.

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
  const one = (why) => oneThread(threads, single, why);
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

/** The one-thread build `variant` that load({ threads }) runs instead, with the notice saying `why`. */
export function oneThread(threads, variant, why) {
  return { variant, threads: 1, notice: `convlens: load({ threads: ${threads} }) runs on one thread: ${why}` };
}

/**
 * load() for more than one thread, `simd`: whether the engine has WebAssembly SIMD; `instanceOf(build, o)`:
 * loader.js's instance of a build. The threaded build where the engine can run it, else the one-thread build
 * with a notice saying why (in the console, once per call, and on the instance); so too when its pool cannot
 * start: instanceOf then rejects with an error named PoolFailure (known by name: the pool's Worker class may
 * come from another copy of the package's code than this one, as in the widget's bundle).
 */
export async function loadThreads(o, simd, instanceOf) {
  let build = chooseBuild(o, { simd, threads: threadsSupported() });
  if (build.notice) console.warn(build.notice);
  try {
    return withNotice(await instanceOf(build, o), build.notice);
  } catch (e) {
    if (e?.name !== 'PoolFailure') throw e;
    build = oneThread(o.threads, 'simd', e.message);
    console.warn(build.notice);
    return withNotice(await instanceOf(build, o), build.notice);
  }
}

/** An instance as load() returns it: with the notice when fewer threads run than were asked for. */
const noticed = new WeakMap();
export function withNotice(instance, notice) {
  if (!notice) return instance;
  let copy = noticed.get(instance);
  if (copy?.threadsNotice !== notice) {
    copy = Object.freeze({ ...instance, threadsNotice: notice });
    noticed.set(instance, copy);
  }
  return copy;
}
