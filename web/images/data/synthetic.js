// The built-in dataset for learners with none at hand: labelled 32×32 RGB pictures in 10 classes of
// simple shapes, drawn procedurally from a seed (mulberry32), so the same seed always gives the same
// bytes in every browser and in Node. Every class name starts with "synthetic: " so nobody mistakes it
// for CIFAR. Pure (no DOM).
import { mulberry32 } from '../../ui/model/random.js';
import { makeDataset } from './dataset.js';

/** The shapes drawn, one per class, in label order. */
export const SYNTHETIC_SHAPES = Object.freeze([
  'circle', 'square', 'triangle', 'cross', 'ring',
  'horizontal stripes', 'vertical stripes', 'checkerboard', 'diagonal', 'dots',
]);

/** Class names of the synthetic set ("synthetic: circle", …). */
export const SYNTHETIC_CLASSES = Object.freeze(SYNTHETIC_SHAPES.map((s) => `synthetic: ${s}`));

/** Default number of pictures (32 per class). */
export const SYNTHETIC_COUNT = 320;

const SIZE = 32;

/** Whether pixel (x, y) (centres at +0.5) is inside shape `label` centred at (cx, cy) with radius r. */
function inside(label, x, y, cx, cy, r, phase) {
  const dx = x + 0.5 - cx;
  const dy = y + 0.5 - cy;
  const d = Math.hypot(dx, dy);
  switch (label) {
    case 0: return d <= r;
    case 1: return Math.abs(dx) <= r * 0.85 && Math.abs(dy) <= r * 0.85;
    case 2: return dy <= r * 0.8 && dy >= -r && Math.abs(dx) <= (dy + r) * 0.6;
    case 3: return (Math.abs(dx) <= r * 0.3 && Math.abs(dy) <= r) || (Math.abs(dy) <= r * 0.3 && Math.abs(dx) <= r);
    case 4: return d <= r && d >= r * 0.55;
    case 5: return Math.floor((y + phase) / 4) % 2 === 0;
    case 6: return Math.floor((x + phase) / 4) % 2 === 0;
    case 7: return (Math.floor((x + phase) / 6) + Math.floor((y + phase) / 6)) % 2 === 0;
    case 8: return Math.abs(dx - dy) <= r * 0.35;
    case 9: return (((x + phase) % 8) - 3.5) ** 2 + (((y + phase) % 8) - 3.5) ** 2 <= 5;
    default: return false;
  }
}

/// Draws picture `label` into `out` (3×32×32 CHW bytes at `offset`) with the random source `next`.
function drawPicture(label, next, out, offset) {
  const bg = [0, 1, 2].map(() => Math.floor(next() * 110));
  const fg = [0, 1, 2].map(() => 140 + Math.floor(next() * 116));
  const cx = 10 + next() * 12;
  const cy = 10 + next() * 12;
  const r = 6 + next() * 5;
  const phase = Math.floor(next() * 8);
  const plane = SIZE * SIZE;
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      const colour = inside(label, x, y, cx, cy, r, phase) ? fg : bg;
      const noise = Math.floor(next() * 17) - 8; // ±8, so pictures are not flat
      for (let c = 0; c < 3; c++) {
        out[offset + c * plane + y * SIZE + x] = Math.min(255, Math.max(0, colour[c] + noise));
      }
    }
  }
}

/**
 * The synthetic Dataset: `count` pictures (default 320, 32 per class) with balanced labels in a seeded
 * order, drawn from `seed` (default 0). Same (count, seed) → same bytes.
 */
export function syntheticDataset({ count = SYNTHETIC_COUNT, seed = 0 } = {}) {
  if (!Number.isInteger(count) || count < 1 || count > 10000) throw new RangeError(`count must be an integer in [1, 10000], got ${count}`);
  const next = mulberry32(seed);
  const labels = Int32Array.from({ length: count }, (_, i) => i % SYNTHETIC_SHAPES.length);
  for (let i = count - 1; i > 0; i--) { // Fisher–Yates with the same generator
    const j = Math.floor(next() * (i + 1));
    [labels[i], labels[j]] = [labels[j], labels[i]];
  }
  const pixels = new Uint8Array(count * 3 * SIZE * SIZE);
  for (let i = 0; i < count; i++) drawPicture(labels[i], next, pixels, i * 3 * SIZE * SIZE);
  return makeDataset({
    name: 'synthetic', split: 'all', files: [], classes: [...SYNTHETIC_CLASSES], count,
    imageShape: [3, SIZE, SIZE], labels, pixels, synthetic: true,
  });
}
