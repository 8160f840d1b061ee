// The benchmark's workloads: the one list that run.mjs and every peer read. Shapes are PyTorch's
// (NCHW input, [Cout, Cin/groups, kH, kW] conv weight, [Cin, Cout/groups, kH, kW] transposed-conv
// weight), options use convlens's names, and `flops` / `outputElements` are computed here once.

/** Output size of one spatial axis of a conv or pool (PyTorch's formula, floor mode). */
function convOut(size, kernel, stride, pad, dilation = 1) {
  return Math.floor((size + 2 * pad - dilation * (kernel - 1) - 1) / stride) + 1;
}

/** Output size of one spatial axis of a transposed conv. */
function convTransposeOut(size, kernel, stride, pad, outputPadding = 0, dilation = 1) {
  return (size - 1) * stride - 2 * pad + dilation * (kernel - 1) + outputPadding + 1;
}

function conv({ id, label, n = 1, cin, cout, h, w, k, stride = 1, pad = 0, groups = 1 }) {
  const oh = convOut(h, k, stride, pad);
  const ow = convOut(w, k, stride, pad);
  return {
    id, label, op: 'conv2d',
    inputShape: [n, cin, h, w],
    weightShape: [cout, cin / groups, k, k],
    outputShape: [n, cout, oh, ow],
    options: { stride, padding: pad, groups },
    // 2·N·Cout·OH·OW·(Cin/groups)·KH·KW
    flops: 2 * n * cout * oh * ow * (cin / groups) * k * k,
  };
}

function convTranspose({ id, label, n = 1, cin, cout, h, w, k, stride = 1, pad = 0, groups = 1 }) {
  const oh = convTransposeOut(h, k, stride, pad);
  const ow = convTransposeOut(w, k, stride, pad);
  return {
    id, label, op: 'convTranspose2d',
    inputShape: [n, cin, h, w],
    weightShape: [cin, cout / groups, k, k],
    outputShape: [n, cout, oh, ow],
    options: { stride, padding: pad, groups },
    // 2·N·Cin·H·W·(Cout/groups)·KH·KW
    flops: 2 * n * cin * h * w * (cout / groups) * k * k,
  };
}

function maxPool({ id, label, n = 1, c, h, w, k, stride, pad = 0 }) {
  const oh = convOut(h, k, stride, pad);
  const ow = convOut(w, k, stride, pad);
  return {
    id, label, op: 'maxPool2d',
    inputShape: [n, c, h, w],
    weightShape: null,
    outputShape: [n, c, oh, ow],
    options: { kernelSize: k, stride, padding: pad },
    flops: null,
  };
}

/** AdaptiveAvgPool2d((1, 1)), a ResNet head: the mean of each channel. */
function adaptiveAvgPool({ id, label, n = 1, c, h, w }) {
  return {
    id, label, op: 'adaptiveAvgPool2d',
    inputShape: [n, c, h, w],
    weightShape: null,
    outputShape: [n, c, 1, 1],
    options: { outputSize: 1 },
    flops: null,
  };
}

/**
 * conv2d's gradients (gradInput and gradWeight) for an upstream gradient of the conv's output shape:
 * each is as many multiply-adds as the forward conv, so twice its FLOPs. `outputShape` is gradInput's,
 * the result the runners are compared on.
 */
function convBackward(spec) {
  const forward = conv(spec);
  return {
    ...forward, op: 'conv2dBackward',
    gradOutputShape: forward.outputShape,
    outputShape: forward.inputShape,
    flops: 2 * forward.flops,
  };
}

/**
 * Each workload: `id`, `label`, `op` ('conv2d' | 'convTranspose2d' | 'maxPool2d' | 'adaptiveAvgPool2d' |
 * 'conv2dBackward', whose `gradOutputShape` is the upstream gradient's), `inputShape`,
 * `weightShape` (null for pools), `outputShape`, `options` (stride, padding, groups / kernelSize / outputSize),
 * `flops` (null for pools) and `unit`: how the table reports it ('gflops', 'melems' = million output
 * elements/s, 'us' = µs per call).
 */
export const WORKLOADS = [
  { ...conv({ id: 'W1', label: 'conv 3→32, 3×3, stride 2, pad 1, 224×224', cin: 3, cout: 32, h: 224, w: 224, k: 3, stride: 2, pad: 1 }), unit: 'gflops' },
  { ...conv({ id: 'W2', label: 'conv 64→64, 3×3, pad 1, 56×56', cin: 64, cout: 64, h: 56, w: 56, k: 3, pad: 1 }), unit: 'gflops' },
  { ...conv({ id: 'W3', label: 'depthwise 128 ch, 3×3, pad 1, 56×56', cin: 128, cout: 128, h: 56, w: 56, k: 3, pad: 1, groups: 128 }), unit: 'gflops' },
  { ...conv({ id: 'W4', label: 'conv 128→256, 1×1, 28×28', cin: 128, cout: 256, h: 28, w: 28, k: 1 }), unit: 'gflops' },
  { ...conv({ id: 'W5', label: 'conv 1→1, 3×3 on 5×5 (per-call overhead)', cin: 1, cout: 1, h: 5, w: 5, k: 3 }), unit: 'us' },
  { ...maxPool({ id: 'W6', label: 'max_pool2d 3×3, stride 2, pad 1, 64×112×112', c: 64, h: 112, w: 112, k: 3, stride: 2, pad: 1 }), unit: 'melems' },
  { ...convTranspose({ id: 'W7', label: 'conv_transpose2d 64→32, 4×4, stride 2, pad 1, 28×28 → 56×56', cin: 64, cout: 32, h: 28, w: 28, k: 4, stride: 2, pad: 1 }), unit: 'gflops' },
  { ...conv({ id: 'W8', label: 'conv 3→16, 5×5, pad 2, 3×512×512 (image filter)', cin: 3, cout: 16, h: 512, w: 512, k: 5, pad: 2 }), unit: 'gflops' },
  { ...adaptiveAvgPool({ id: 'W9', label: 'adaptive_avg_pool2d 512×7×7 → 1×1 (ResNet-18/34 head)', c: 512, h: 7, w: 7 }), unit: 'us' },
  { ...adaptiveAvgPool({ id: 'W10', label: 'adaptive_avg_pool2d 2048×7×7 → 1×1 (ResNet-50 head)', c: 2048, h: 7, w: 7 }), unit: 'us' },
  { ...convBackward({ id: 'W11', label: 'conv2d backward (gradInput + gradWeight) of W2: 64→64, 3×3, pad 1, 56×56', cin: 64, cout: 64, h: 56, w: 56, k: 3, pad: 1 }), unit: 'gflops' },
];

export const product = (dims) => dims.reduce((a, b) => a * b, 1);

/** Number of output elements of a workload. */
export const outputElements = (wl) => product(wl.outputShape);

/** Deterministic uniform [-1, 1) floats (mulberry32), so every run and every peer sees the same data. */
export function randomFloats(count, seed) {
  let s = seed >>> 0;
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  }
  return out;
}

/**
 * The inputs of a workload: `{ input, weight, gradOutput }` as `{ shape, data }` NCHW tensors (weight
 * null for pools, gradOutput null but for conv2dBackward).
 */
export function makeInputs(wl) {
  const seed = 1000 + Number(wl.id.slice(1));
  const input = { shape: wl.inputShape, data: randomFloats(product(wl.inputShape), seed) };
  const weight = wl.weightShape
    ? { shape: wl.weightShape, data: randomFloats(product(wl.weightShape), seed + 500) }
    : null;
  const gradOutput = wl.gradOutputShape
    ? { shape: wl.gradOutputShape, data: randomFloats(product(wl.gradOutputShape), seed + 700) }
    : null;
  return { input, weight, gradOutput };
}
