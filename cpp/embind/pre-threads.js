// Prepended to the threaded build's glue (--pre-js), inside the module factory: the Worker class its
// thread pool is made of, which the package passes as Module.Worker: in browsers a worker script that
// bundlers can see and bundle (web/convlens/threads-pool.browser.js), in Node an adapter over worker_threads
// (index.node.js), since this glue is built for web and worker environments only. It is called as
// new Module.Worker(url, fail): fail(error) rejects the module's promise, for a worker whose script cannot
// load (the module would otherwise wait for it forever). In the pool's workers, Module has no Worker.
/* global Module, readyPromiseReject */
// eslint-disable-next-line no-var, no-unused-vars
var Worker = Module['Worker']
  ? function (url) {
    return new Module['Worker'](url, readyPromiseReject);
  }
  : globalThis.Worker;
