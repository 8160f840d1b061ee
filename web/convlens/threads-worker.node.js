// A worker of the threaded build's pool in Node (index.node.js starts it through worker_threads): gives
// Emscripten's worker script the globals a Web Worker has, then runs it. The script's location is the
// worker's data.
import { parentPort, workerData } from 'node:worker_threads';

Object.assign(globalThis, {
  self: globalThis,
  location: { href: workerData },
  postMessage: (message) => parentPort.postMessage(message),
  importScripts: () => {},  // never called: the ES module glue is imported; its presence marks a worker
});
await import(workerData);
// Emscripten's worker script has set self.onmessage (a function of one event, not a Window handler)
parentPort.on('message', (data) => /** @type {(e: { data: unknown }) => void} */ (globalThis.onmessage)({ data }));
