// Run by resident.test.mjs as `node --expose-gc resident-finalizer.mjs` (not a test file itself): drops
// resident tensors without free(), collects them, and prints as JSON how much wasm memory grew, next to
// the same rounds with the tensors kept alive.
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

before = cl.memoryBytes();
const kept = [];
for (let i = 0; i < rounds; i++) {
  kept.push(cl.residentEmpty([tensorBytes / 4]));
  await collect();
}
const keptGrowth = cl.memoryBytes() - before;
for (const t of kept) t.free();
console.log(JSON.stringify({ tensorBytes, rounds, droppedGrowth, keptGrowth }));
