// The Worker the threaded build's pool is made of in browsers, imported by browser-load.js only when
// load() runs the threaded build. Written as `new Worker(new URL(…, import.meta.url), { type: 'module' })`
// so that bundlers (Vite, webpack 5) bundle the worker script with the glue it imports and emit it as an
// asset; unbundled, it is the file beside this one. (The glue's own worker URL is left unused: bundlers
// see no worker in it, and a worker that loads the glue by the main thread's URL fails in their output.)

/** A pool worker, called by the glue as `new Worker(url)`: the returned Worker is the one it gets. */
export function PoolWorker() {
  return new Worker(new URL('./convlens_simd_threads.worker.js', import.meta.url), { type: 'module' });
}
