// The machine's own two-thread ceiling: bench/simd-peak.wat's loop, which touches no memory, on one worker and then on
// two at once, the same work each. Two free cores take as long for two as one takes for one (2×). A shared VM whose
// second vCPU another tenant holds, or whose two vCPUs are one core's hyperthreads, gives less, and no threaded
// kernel can beat that: bench/threads.mjs times these two runners in the same rounds as convlens's, so that each
// row shows the ceiling of the moment it was measured in.
import { Worker, isMainThread, workerData } from 'node:worker_threads';
import { assemble } from './simd-peak.mjs';

const EXPORT = 'chains12';
// control: [0] workers done with the current call, [1] iterations per call, [2] stop, [4 + i] worker i's call count
const DONE = 0, ITERATIONS = 1, STOP = 2, CALLS = 4;

if (!isMainThread && workerData?.twoCores) {
  const { bytes, control, index } = workerData;
  const loop = (await WebAssembly.instantiate(bytes)).instance.exports[EXPORT];
  const c = new Int32Array(control);
  let calls = 0;
  Atomics.add(c, DONE, 1);  // ready: the main thread waits for both
  Atomics.notify(c, DONE);
  for (;;) {
    Atomics.wait(c, CALLS + index, calls);
    if (Atomics.load(c, STOP)) break;
    calls = Atomics.load(c, CALLS + index);
    loop(Atomics.load(c, ITERATIONS));
    Atomics.add(c, DONE, 1);
    Atomics.notify(c, DONE);
  }
}

/**
 * Two workers ready to run the loop. Returns { runner(threads) → a synchronous run() that has `threads` workers run
 * `msPerCall`'s worth of the loop each and returns when all have, close() }.
 */
export async function twoCores(msPerCall = 2) {
  const bytes = assemble();
  const loop = (await WebAssembly.instantiate(bytes)).instance.exports[EXPORT];
  // iterations for about msPerCall on this thread
  let n = 1 << 14, ms = 0;
  loop(n);  // (compiled by the optimizing tier first)
  for (; ms < msPerCall / 4; n *= 2) {
    const t0 = performance.now();
    loop(n);
    ms = performance.now() - t0;
  }
  const control = new SharedArrayBuffer(4 * (CALLS + 2));
  const c = new Int32Array(control);
  c[ITERATIONS] = Math.round((n / 2) * (msPerCall / ms));
  const workers = [0, 1].map((index) => new Worker(new URL(import.meta.url),
    { workerData: { twoCores: true, bytes, control, index } }));
  // (a worker that failed never counts: say so rather than wait for ever)
  const waitDone = (count) => {
    for (let done; (done = Atomics.load(c, DONE)) < count;)
      if (Atomics.wait(c, DONE, done, 30_000) === 'timed-out') throw new Error('bench/two-cores.mjs: a worker did not answer in 30 s');
  };
  waitDone(2);
  const runner = (threads) => () => {
    Atomics.store(c, DONE, 0);
    for (let i = 0; i < threads; i++) {
      Atomics.add(c, CALLS + i, 1);
      Atomics.notify(c, CALLS + i);
    }
    waitDone(threads);
  };
  return {
    runner,
    close() {
      Atomics.store(c, STOP, 1);
      for (let i = 0; i < 2; i++) {
        Atomics.add(c, CALLS + i, 1);
        Atomics.notify(c, CALLS + i);
      }
      return Promise.all(workers.map((w) => new Promise((resolve) => w.once('exit', resolve))));
    },
  };
}
