// The page's side of the worker: numbered runs, stale results dropped, cancel, and the user's
// images sent once per worker. A run that has gone quiet for CANCEL_AFTER_MS when a new one is
// asked for is stuck in one long layer: the worker is replaced (terminate + a fresh one), which is
// also what cancel() does, since a wasm call cannot be interrupted from outside.

const CANCEL_AFTER_MS = 400;

/**
 * opts: { simd (false forces the scalar build), onReady(variant), onMessage(msg) (only the current
 * run's messages), onFatal(message) }. Returns { run(request), cancel(), code(request) → Promise,
 * addImage(key, size, tensor), forgetImage(key), busy(), runId() }.
 */
export function createRunner(opts) {
  let worker = null;
  let current = 0; // the run whose messages are shown
  let running = false;
  let lastHeard = 0;
  let sent = new Set(); // `${key}@${size}` the current worker has
  const images = new Map(); // key → (size → tensor): what to send again to a fresh worker
  const codeRequests = new Map();
  let nextRequest = 1;

  function start() {
    worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
    sent = new Set();
    worker.onmessage = (e) => {
      const msg = e.data;
      lastHeard = performance.now();
      if (msg.type === 'ready') opts.onReady?.(msg.variant);
      else if (msg.type === 'fatal') opts.onFatal?.(msg.message);
      else if (msg.type === 'code') {
        const r = codeRequests.get(msg.requestId);
        codeRequests.delete(msg.requestId);
        if (r && msg.error) r.reject(Object.assign(new Error(msg.error.message), { code: msg.error.code }));
        else if (r) r.resolve(msg.text);
      } else if (msg.runId === current) {
        if (msg.type === 'done') running = false;
        opts.onMessage(msg);
      }
    };
    worker.onerror = (e) => {
      e.preventDefault?.();
      opts.onFatal?.(e.message || 'the worker failed to start');
    };
    worker.postMessage({ type: 'init', simd: opts.simd });
  }

  function restart() {
    worker.terminate();
    for (const r of codeRequests.values()) r.reject(new Error('cancelled'));
    codeRequests.clear();
    start();
  }

  function ensureImages(batch, size) {
    for (const b of batch) {
      if (b.kind !== 'user' || sent.has(`${b.key}@${size}`)) continue;
      const tensor = images.get(b.key)?.get(size);
      if (!tensor) continue;
      worker.postMessage({ type: 'image', key: b.key, size, tensor });
      sent.add(`${b.key}@${size}`);
    }
  }

  start();
  return {
    /** Starts a run: { batch, size, layers, display, have }; returns its id. */
    run(request) {
      if (running && performance.now() - lastHeard > CANCEL_AFTER_MS) restart();
      current += 1;
      running = true;
      lastHeard = performance.now();
      ensureImages(request.batch, request.size);
      worker.postMessage({ type: 'run', runId: current, ...request });
      return current;
    },
    /** Stops the run in flight (a fresh worker replaces the busy one); its results never arrive. */
    cancel() {
      if (!running) return;
      current += 1;
      running = false;
      restart();
    },
    /** The pipeline as PyTorch code (from the worker, which validates it with the API). */
    code(request) {
      const requestId = nextRequest++;
      return new Promise((resolve, reject) => {
        codeRequests.set(requestId, { resolve, reject });
        worker.postMessage({ type: 'code', requestId, ...request });
      });
    },
    /** Keeps a user image at a size (sent to the worker when a run needs it). */
    addImage(key, size, tensor) {
      if (!images.has(key)) images.set(key, new Map());
      images.get(key).set(size, tensor);
    },
    /** Whether a user image is known at a size. */
    hasImage(key, size) {
      return Boolean(images.get(key)?.has(size));
    },
    /** Drops a user image here and in the worker. */
    forgetImage(key) {
      images.delete(key);
      for (const k of [...sent]) if (k.startsWith(`${key}@`)) sent.delete(k);
      worker.postMessage({ type: 'forget', key });
    },
    busy: () => running,
    runId: () => current,
  };
}
