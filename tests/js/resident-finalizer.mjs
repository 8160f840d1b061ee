// Run by resident.test.mjs as `node --expose-gc resident-finalizer.mjs` (not a test file itself): drops
// resident tensors without free() (one at a time, and in synchronous bursts), collects them, and prints as JSON
// how much wasm memory grew, next to the same rounds with the tensors kept alive.
import { load } from 'convlens';

const cl = await load({ fresh: true });
const tensorBytes = 8 << 20;
const rounds = 24;
const collect = async () => {
  for (let i = 0; i < 4; i++) {
    globalThis.gc();
    await new Promise((resolve) => setTimeout(resolve, 0)); // the registry's callbacks run as tasks
  }
};

let before = cl.memoryBytes();
for (let i = 0; i < rounds; i++) {
  cl.residentEmpty([tensorBytes / 4]).write(new Float32Array(tensorBytes / 4).fill(i)); // dropped at once
  await collect();
}
const droppedGrowth = cl.memoryBytes() - before;

// Rounds of 200 tensors made and dropped in one synchronous burst (registered with the finalizer in sweeps of
// at most 64 while the burst runs, the rest at its end): each round's memory comes back before the next.
const burst = 200;
before = cl.memoryBytes();
for (let i = 0; i < 6; i++) {
  for (let j = 0; j < burst; j++) cl.residentEmpty([tensorBytes / 4 / 64]);
  await collect();
}
const burstGrowth = cl.memoryBytes() - before;

before = cl.memoryBytes();
const kept = [];
for (let i = 0; i < rounds; i++) {
  kept.push(cl.residentEmpty([tensorBytes / 4]));
  await collect();
}
const keptGrowth = cl.memoryBytes() - before;
for (const t of kept) t.free();
console.log(JSON.stringify({ tensorBytes, rounds, droppedGrowth, keptGrowth, burst, burstGrowth }));
