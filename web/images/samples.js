// The built-in sample pictures of image mode, drawn procedurally: no binary assets and no
// third-party pictures, so there is no licence question (they are part of convlens, MIT).
// Deterministic: only +, −, ×, ÷, Math.sqrt and Math.floor (all exactly rounded in IEEE 754) and a
// seeded PRNG, so node and every browser draw the same float32 values, which the tests rely on.
// Pure (no DOM). Values are in [0, 1], like torchvision's ToTensor().
import { mulberry32 } from '../ui/model/random.js';

/** The samples, in the order the page offers them (their names: strings.js, sample_<id>). */
export const SAMPLES = Object.freeze([
  { id: 'house' },
  { id: 'checker' },
  { id: 'circles' },
  { id: 'stripes' },
  { id: 'glyphs' },
  { id: 'noise' },
]);

/** The common image sizes of a batch (square): CIFAR-10's 32 up to 512. */
export const SIZES = Object.freeze([32, 64, 128, 256, 512]);

/** Whether `id` names a built-in sample. */
export function isSample(id) {
  return SAMPLES.some((s) => s.id === id);
}

// ---------------------------------------------------------------------------------------------
// Shapes in unit coordinates (u to the right, v down, both in [0, 1))
// ---------------------------------------------------------------------------------------------

const disc = (cu, cv, r) => (u, v) => (u - cu) * (u - cu) + (v - cv) * (v - cv) <= r * r;
const ring = (cu, cv, r0, r1) => (u, v) => {
  const d = (u - cu) * (u - cu) + (v - cv) * (v - cv);
  return d >= r0 * r0 && d <= r1 * r1;
};
const rect = (u0, v0, u1, v1) => (u, v) => u >= u0 && u < u1 && v >= v0 && v < v1;

/** Inside the triangle a, b, c (any winding). */
function triangle(a, b, c) {
  const edge = (p, q, u, v) => (q[0] - p[0]) * (v - p[1]) - (q[1] - p[1]) * (u - p[0]);
  return (u, v) => {
    const e0 = edge(a, b, u, v);
    const e1 = edge(b, c, u, v);
    const e2 = edge(c, a, u, v);
    return (e0 >= 0 && e1 >= 0 && e2 >= 0) || (e0 <= 0 && e1 <= 0 && e2 <= 0);
  };
}

/** Within `w / 2` of the segment p–q: a stroke with round caps. */
function stroke(p, q, w) {
  const du = q[0] - p[0];
  const dv = q[1] - p[1];
  const len2 = du * du + dv * dv;
  const r2 = (w / 2) * (w / 2);
  return (u, v) => {
    let t = len2 === 0 ? 0 : ((u - p[0]) * du + (v - p[1]) * dv) / len2;
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    const eu = u - (p[0] + t * du);
    const ev = v - (p[1] + t * dv);
    return eu * eu + ev * ev <= r2;
  };
}

/** A polyline of strokes in a cell: points in [0, 1]² of the cell (u0, v0, size s). */
function glyph(points, u0, v0, s, w) {
  const parts = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const p = points[i];
    const q = points[i + 1];
    if (p === null || q === null) continue; // null lifts the pen
    parts.push(stroke([u0 + p[0] * s, v0 + p[1] * s], [u0 + q[0] * s, v0 + q[1] * s], w));
  }
  return (u, v) => parts.some((f) => f(u, v));
}

const mix = (a, b, t) => [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];

// ---------------------------------------------------------------------------------------------
// Scenes: a background colour function and shapes drawn in order (the last one on top)
// ---------------------------------------------------------------------------------------------

function houseScene() {
  const sky = (u, v) => mix([0.36, 0.62, 0.93], [0.85, 0.93, 1.0], v / 0.7);
  const rays = [];
  // eight sun rays along rational directions (no trigonometry: exact everywhere)
  for (const [du, dv] of [[1, 0], [0, 1], [-1, 0], [0, -1], [0.6, 0.8], [-0.6, 0.8], [0.6, -0.8], [-0.6, -0.8]]) {
    rays.push(stroke([0.8 + du * 0.11, 0.2 + dv * 0.11], [0.8 + du * 0.17, 0.2 + dv * 0.17], 0.025));
  }
  return {
    background: (u, v) => (v >= 0.7 ? mix([0.3, 0.62, 0.22], [0.16, 0.42, 0.12], (v - 0.7) / 0.3) : sky(u, v)),
    backgroundPiece: (u, v) => (v >= 0.7 ? 1 : 0), // sky, grass
    shapes: [
      [[1.0, 0.85, 0.2], (u, v) => rays.some((f) => f(u, v))],
      [[1.0, 0.8, 0.15], disc(0.8, 0.2, 0.09)],
      [[0.94, 0.96, 1.0],
        (u, v) => disc(0.22, 0.18, 0.06)(u, v) || disc(0.3, 0.16, 0.07)(u, v) || disc(0.37, 0.19, 0.05)(u, v)],
      [[0.42, 0.26, 0.13], rect(0.08, 0.5, 0.12, 0.78)], // tree trunk
      [[0.12, 0.45, 0.16], disc(0.1, 0.44, 0.09)], // tree crown
      [[0.8, 0.46, 0.32], rect(0.3, 0.46, 0.72, 0.8)], // wall
      [[0.55, 0.12, 0.1], triangle([0.25, 0.47], [0.77, 0.47], [0.51, 0.24])], // roof
      [[0.36, 0.2, 0.1], rect(0.45, 0.6, 0.56, 0.8)], // door
      [[1.0, 0.93, 0.55], rect(0.34, 0.53, 0.42, 0.63)], // windows
      [[1.0, 0.93, 0.55], rect(0.6, 0.53, 0.68, 0.63)],
      [[0.3, 0.18, 0.1], (u, v) => rect(0.375, 0.53, 0.385, 0.63)(u, v) || rect(0.635, 0.53, 0.645, 0.63)(u, v)
        || rect(0.34, 0.575, 0.42, 0.585)(u, v) || rect(0.6, 0.575, 0.68, 0.585)(u, v)],
    ],
  };
}

function circlesScene() {
  return {
    background: (u, v) => [0.1 + 0.8 * u, 0.15 + 0.6 * v, 0.9 - 0.7 * u],
    shapes: [
      [[0.95, 0.2, 0.2], disc(0.36, 0.38, 0.22)],
      [[0.15, 0.75, 0.3], disc(0.64, 0.42, 0.2)],
      [[0.98, 0.9, 0.2], disc(0.5, 0.66, 0.18)],
      [[1.0, 1.0, 1.0], ring(0.5, 0.5, 0.4, 0.44)],
    ],
  };
}

function glyphsScene() {
  const ink = 0.055;
  const cells = [
    [[0.2, 0.1], [0.2, 0.9], [0.8, 0.9]], // L
    [[0.1, 0.1], [0.9, 0.1], null, [0.5, 0.1], [0.5, 0.9]], // T
    [[0.15, 0.1], [0.85, 0.9], null, [0.85, 0.1], [0.15, 0.9]], // X
    [[0.15, 0.1], [0.85, 0.1], [0.15, 0.9], [0.85, 0.9]], // Z
    [[0.1, 0.9], [0.5, 0.1], [0.9, 0.9], null, [0.28, 0.55], [0.72, 0.55]], // A
    [[0.2, 0.9], [0.2, 0.1], [0.8, 0.9], [0.8, 0.1]], // N
  ];
  const shapes = cells.map((pts, i) => {
    const col = i % 3;
    const row = Math.floor(i / 3);
    return [[0.1, 0.12, 0.32], glyph(pts, 0.06 + col * 0.31, 0.1 + row * 0.44, 0.26, ink)];
  });
  shapes.push([[0.78, 0.16, 0.14], ring(0.83, 0.77, 0.07, 0.07 + ink)]); // an O in red ink
  return { background: () => [0.97, 0.95, 0.9], shapes };
}

/** Stripes: the fractional part of a dot product, thresholded (a square wave, no trigonometry). */
const STRIPE_DIRS = [[1, 0, 0.0625], [0, 1, 0.05], [Math.SQRT1_2, Math.SQRT1_2, 0.07], [0.6, -0.8, 0.04]];
const STRIPE_COLOURS = [[[0.95, 0.95, 0.95], [0.1, 0.1, 0.1]], [[0.9, 0.3, 0.2], [0.2, 0.2, 0.6]],
  [[0.2, 0.7, 0.3], [0.95, 0.9, 0.3]], [[0.15, 0.5, 0.8], [0.95, 0.95, 0.95]]];

/** The stripe region at (u, v): quadrant · 2 + band. */
function stripesRegion(u, v) {
  const quadrant = (u < 0.5 ? 0 : 1) + (v < 0.5 ? 0 : 2);
  const [du, dv, period] = STRIPE_DIRS[quadrant];
  const t = (u * du + v * dv) / period;
  return quadrant * 2 + (t - Math.floor(t) < 0.5 ? 0 : 1);
}

const SCENES = { house: houseScene, circles: circlesScene, glyphs: glyphsScene };

/**
 * A scene as two functions: classify(u, v) → a region id (which shape is on top there, or a
 * negative id for a piece of the background) and colour(id, u, v) → [r, g, b].
 */
function sceneOf(id) {
  if (id === 'stripes') {
    return {
      classify: (u, v) => stripesRegion(u, v),
      colour: (region) => STRIPE_COLOURS[region >> 1][region & 1],
    };
  }
  const scene = SCENES[id]();
  return {
    classify(u, v) {
      for (let k = scene.shapes.length - 1; k >= 0; k--) if (scene.shapes[k][1](u, v)) return k;
      return -1 - (scene.backgroundPiece ? scene.backgroundPiece(u, v) : 0);
    },
    colour: (k, u, v) => (k >= 0 ? scene.shapes[k][0] : scene.background(u, v)),
  };
}

/**
 * Draws sample `id` at `size`×`size`: { shape: [3, size, size], data: Float32Array } in [0, 1],
 * channels R, G, B. Shapes are anti-aliased by 4×4 supersampling: of every pixel up to 64×64, and
 * above that of the pixels whose four corners do not all lie in one region (every shape is more
 * than a pixel wide there, so none falls between corners). Throws on an unknown id or size.
 */
export function drawSample(id, size) {
  if (!isSample(id)) throw new Error(`unknown sample '${id}'`);
  if (!Number.isInteger(size) || size < 1 || size > 4096) throw new Error(`bad sample size ${size}`);
  const plane = size * size;
  const data = new Float32Array(3 * plane);
  const put = (i, rgb) => {
    data[i] = rgb[0];
    data[plane + i] = rgb[1];
    data[2 * plane + i] = rgb[2];
  };
  if (id === 'checker') {
    const cell = size / 8;
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const on = (Math.floor(x / cell) + Math.floor(y / cell)) % 2 === 0;
        put(y * size + x, on ? [0.95, 0.95, 0.92] : [0.08, 0.1, 0.14]);
      }
    }
    return { shape: [3, size, size], data };
  }
  if (id === 'noise') {
    const next = mulberry32(1);
    for (let i = 0; i < data.length; i++) data[i] = next();
    return { shape: [3, size, size], data };
  }
  const { classify, colour } = sceneOf(id);
  const S = 4; // supersamples per axis
  const adaptive = size > 64;
  let corners = null; // region ids at the pixel corners, (size + 1)²
  if (adaptive) {
    corners = new Int32Array((size + 1) * (size + 1));
    for (let y = 0; y <= size; y++) {
      for (let x = 0; x <= size; x++) corners[y * (size + 1) + x] = classify(x / size, y / size);
    }
  }
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      if (adaptive) {
        const k = corners[y * (size + 1) + x];
        if (k === corners[y * (size + 1) + x + 1] && k === corners[(y + 1) * (size + 1) + x]
          && k === corners[(y + 1) * (size + 1) + x + 1]) {
          put(y * size + x, colour(k, (x + 0.5) / size, (y + 0.5) / size));
          continue;
        }
      }
      let r = 0;
      let g = 0;
      let b = 0;
      for (let sy = 0; sy < S; sy++) {
        for (let sx = 0; sx < S; sx++) {
          const u = (x + (sx + 0.5) / S) / size;
          const v = (y + (sy + 0.5) / S) / size;
          const c = colour(classify(u, v), u, v);
          r += c[0];
          g += c[1];
          b += c[2];
        }
      }
      put(y * size + x, [r / (S * S), g / (S * S), b / (S * S)]);
    }
  }
  return { shape: [3, size, size], data };
}

/**
 * A batch [N, 3, size, size] from images given as { shape: [3, size, size], data }. Throws when the
 * list is empty or an image has another shape.
 */
export function stackImages(images) {
  if (images.length === 0) throw new Error('a batch needs at least one image');
  const [c, h, w] = images[0].shape;
  const data = new Float32Array(images.length * c * h * w);
  images.forEach((img, n) => {
    if (img.shape.join() !== images[0].shape.join()) throw new Error(`image ${n} has shape [${img.shape}], expected [${images[0].shape}]`);
    data.set(img.data, n * c * h * w);
  });
  return { shape: [images.length, c, h, w], data };
}

/**
 * RGBA bytes (canvas ImageData order, width×height) → { shape: [3, height, width], data } in [0, 1]
 * (value / 255, alpha ignored: the page composites user images over white before reading them).
 */
export function rgbaToTensor(rgba, width, height) {
  const plane = width * height;
  const data = new Float32Array(3 * plane);
  for (let i = 0; i < plane; i++) {
    data[i] = rgba[4 * i] / 255;
    data[plane + i] = rgba[4 * i + 1] / 255;
    data[2 * plane + i] = rgba[4 * i + 2] / 255;
  }
  return { shape: [3, height, width], data };
}
