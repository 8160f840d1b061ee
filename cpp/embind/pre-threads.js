// Prepended to the threaded build's glue (--pre-js), inside the module factory: the Worker class its
// thread pool is made of. Browsers have one; in Node the package passes Module.Worker (index.node.js),
// an adapter over worker_threads, since this glue is built for web and worker environments only.
/* global Module */
// eslint-disable-next-line no-var, no-unused-vars
var Worker = Module['Worker'] || globalThis.Worker;
