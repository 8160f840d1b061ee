// The Workers the threaded build's pool is made of in browsers, imported by browser-load.js only when load()
// runs the threaded build. The script is named as `new Worker(new URL(…, import.meta.url), { type: 'module' })`
// so that bundlers (Vite, webpack 5) bundle it with the glue it imports and emit it; unbundled, it is the file
// beside this one. (The glue's own worker URL is bundled as a plain file, whose import of the glue beside it
// fails in a bundle, so it serves only as the package's address on another origin.)

const SCRIPT = 'convlens_simd_threads.worker.js';

/** A module worker of this page's origin that imports `url` (a script of another origin, which a Worker cannot be). */
function importingWorker(url) {
  const bootstrap = URL.createObjectURL(new Blob([`import ${JSON.stringify(String(url))};`], { type: 'text/javascript' }));
  return { worker: new Worker(bootstrap, { type: 'module' }), bootstrap };
}

/**
 * The Worker class of one module's pool (cpp/embind/pre-threads.js calls `new PoolWorker(url, fail)`, url: the
 * worker script beside the glue): the returned Worker is the one the glue gets. When a worker's script cannot load
 * before the pool is ready, the pool's workers are ended and `fail(error)` rejects the module with an error named
 * PoolFailure (threads.js): the module would otherwise wait for them forever.
 */
export function poolWorkers() {
  const made = [];
  let broken = false;
  return function PoolWorker(url, failModule) {
    const fail = (why) => {
      if (broken) return;
      broken = true;
      for (const worker of made) worker.terminate();
      failModule(Object.assign(new Error(why), { name: 'PoolFailure' }));
    };
    let worker;
    let bootstrap = null;
    try {
      worker = new Worker(new URL('./convlens_simd_threads.worker.js', import.meta.url), { type: 'module' });
    } catch (e) {
      // the package is served from another origin (a CDN): a worker of this origin imports the script from there
      if (e?.name !== 'SecurityError') throw e;
      ({ worker, bootstrap } = importingWorker(url));
    }
    made.push(worker);
    const settled = () => {
      worker.removeEventListener('error', onError);
      worker.removeEventListener('message', onMessage);
      if (bootstrap) URL.revokeObjectURL(bootstrap);
    };
    function onMessage(e) {
      if (e.data?.cmd === 'loaded') settled();
    }
    function onError(e) {
      // this failure is reported as load()'s notice, not by the glue's handler (which would throw it again)
      e.preventDefault();
      e.stopImmediatePropagation();
      settled();
      fail(`the threaded build's worker script (${SCRIPT}) did not load${e?.message ? ` (${e.message})` : ''}:`
        + ' it must be served beside convlens_simd_threads.mjs, which it imports, or bundled by a bundler that handles'
        + ' new Worker(new URL(…, import.meta.url)) (README.md, "Threads")');
    }
    worker.addEventListener('error', onError);
    worker.addEventListener('message', onMessage);
    return worker;
  };
}
