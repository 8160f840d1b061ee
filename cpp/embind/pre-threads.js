// Prepended to the threaded build's glue (--pre-js), inside the module factory: the Worker class its
// thread pool is made of, which the package passes as Module.Worker: in browsers a worker script that
// bundlers can see and bundle (web/convlens/threads-pool.browser.js), in Node an adapter over worker_threads
// (index.node.js), since this glue is built for web and worker environments only.
/* global Module */
// eslint-disable-next-line no-var, no-unused-vars
var Worker = Module['Worker'] || globalThis.Worker;
