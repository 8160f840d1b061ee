// A naive, independent model of PyTorch 2.x's semantics for F.conv2d / nn.Conv2d,
// F.conv_transpose2d / nn.ConvTranspose2d, F.max_pool2d, F.avg_pool2d, F.pad, the adaptive pools and the 1-D ops,
// written from the PyTorch documentation and ATen's accept/reject rules. It is an oracle for differential tests: slow,
// loop-by-loop, with every sum accumulated in double. Pure JS, no dependencies.
//
// Options use convlens's names (camelCase). Tensors are { shape, data } with float32 data.

/** The largest finite float32. */
export const FLT_MAX = 3.4028234663852886e38;
/** Absolute slack added to every sum tolerance (a few float32 subnormal steps). */
export const ABS_TOL = 1e-44;

const EPS = 2 ** -23;
const MIN_NORMAL = 2 ** -126;
// A product that lands below the normal range is rounded to a multiple of 2^-149: an absolute error
// of up to 2^-150 that no relative bound covers.
const HALF_SUBNORMAL_STEP = 2 ** -150;

/** Overflow flags of a sum element: which float32 infinities some summation order can reach. */
export const REACH_POS_INF = 1;
export const REACH_NEG_INF = 2;

class Rejection extends Error {
  constructor(code, reason) {
    super(reason);
    this.code = code;
  }
}

function reject(code, reason) {
  throw new Rejection(code, reason);
}

/** An int or an [h, w] pair → [h, w]. */
function pair(v, fallback) {
  const x = v ?? fallback;
  return Array.isArray(x) ? [x[0], x[1]] : [x, x];
}

const product = (dims) => dims.reduce((a, b) => a * b, 1);

/** [C, H, W] or [N, C, H, W] → { n, c, h, w, batched }; other ranks are rejected. */
function planes(op, shape) {
  if (shape.length === 4) return { n: shape[0], c: shape[1], h: shape[2], w: shape[3], batched: true };
  if (shape.length === 3) return { n: 1, c: shape[0], h: shape[1], w: shape[2], batched: false };
  return reject('INVALID_SHAPE', `${op}: expected a 3-D (unbatched) or 4-D (batched) input, got [${shape}]`);
}

function outShape(x, c, h, w) {
  return x.batched ? [x.n, c, h, w] : [c, h, w];
}

/** bias as given to an op (tensor, Float32Array or number[]) → { length, data, rank } or null. */
function biasOf(bias) {
  if (bias == null || bias === false) return null;
  if (ArrayBuffer.isView(bias) || Array.isArray(bias)) return { length: bias.length, data: bias, rank: 1 };
  return { length: bias.data.length, data: bias.data, rank: bias.shape.length };
}

// ---------------------------------------------------------------------------------------------
// Sums with what a checker needs: value in double, error bound, reachable overflows
// ---------------------------------------------------------------------------------------------

const NAN_TERM = 1;
const POS_INF_TERM = 2;
const NEG_INF_TERM = 4;

/**
 * Per-output accumulators. A term is one product x·w (or one input value for avg pool), computed in
 * double: the product of two float32 values is exact in double, so NaN and ±∞ appear exactly where
 * IEEE float arithmetic puts them (0·∞ = NaN, ∞ − ∞ = NaN), and finite sums carry only double rounding.
 */
class Sums {
  constructor(size) {
    this.sum = new Float64Array(size);
    this.pos = new Float64Array(size);
    this.neg = new Float64Array(size);
    this.count = new Int32Array(size);
    this.tiny = new Int32Array(size);
    this.flags = new Uint8Array(size);
  }

  /** Adds term `t`; `rounded` says float32 rounds it (a product), so a subnormal result may be off. */
  add(i, t, rounded) {
    this.count[i]++;
    if (t !== t) this.flags[i] |= NAN_TERM;
    else if (t === Infinity) this.flags[i] |= POS_INF_TERM;
    else if (t === -Infinity) this.flags[i] |= NEG_INF_TERM;
    else if (t > 0) {
      this.sum[i] += t;
      this.pos[i] += t;
      if (rounded && t < MIN_NORMAL) this.tiny[i]++;
    } else if (t < 0) {
      this.sum[i] += t;
      this.neg[i] -= t;
      if (rounded && t > -MIN_NORMAL) this.tiny[i]++;
    }
  }

  /**
   * Per element: data (the value), bound (|got − data| allowed for a finite result), overflow
   * (REACH_* flags) and terms (how many terms). `divisors` (avg pool: a number or one per element)
   * divide the float32 sum.
   *
   * The tolerance rule, for a sum of n terms (bias included) with Σ|terms| = S:
   * - NaN exactly where a term is NaN or both +∞ and −∞ terms occur.
   * - ±∞ exactly where an infinite term of that sign occurs (and no NaN).
   * - Otherwise, any float32 summation order gives |got − exact| ≤ (n + 2)·2^-23·S, plus up to 2^-150
   *   per product that rounds in the subnormal range, plus ABS_TOL — as long as no partial sum
   *   overflows. Every partial sum lies within [−neg·m, pos·m] (pos/neg: sums of the positive/negative
   *   terms, m = 1 + (n + 2)·2^-23 for rounding), so +∞ is reachable in some order only when
   *   pos·m ≥ FLT_MAX and −∞ only when neg·m ≥ FLT_MAX. Where neither is reachable the result must be
   *   finite and within the bound. Where one is, that infinity is also accepted (and a finite value
   *   within the bound); where both are, so is NaN, since +∞ and −∞ partials can meet (∞ − ∞). An exact
   *   ±∞ term meeting a reachable opposite infinity may likewise give NaN.
   */
  finish(divisors = 1) {
    const size = this.count.length;
    const data = new Float64Array(size);
    const bound = new Float64Array(size);
    const overflow = new Uint8Array(size);
    for (let i = 0; i < size; i++) {
      const n = this.count[i];
      const f = this.flags[i];
      let v;
      if (f & NAN_TERM || (f & POS_INF_TERM && f & NEG_INF_TERM)) v = NaN;
      else if (f & POS_INF_TERM) v = Infinity;
      else if (f & NEG_INF_TERM) v = -Infinity;
      else v = this.sum[i];
      const m = 1 + (n + 2) * EPS;
      let reach = (this.pos[i] * m >= FLT_MAX ? REACH_POS_INF : 0) | (this.neg[i] * m >= FLT_MAX ? REACH_NEG_INF : 0);
      let b = (n + 2) * EPS * (this.pos[i] + this.neg[i]) + this.tiny[i] * HALF_SUBNORMAL_STEP;
      const divisor = typeof divisors === 'number' ? divisors : divisors[i];
      if (divisor !== 1) {
        v /= divisor;
        b /= Math.abs(divisor);
        // Dividing by a negative divisor flips which infinity an overflowing sum turns into.
        if (divisor < 0 && reach !== 0 && reach !== 3) reach ^= 3;
      }
      data[i] = v;
      bound[i] = b + ABS_TOL;
      overflow[i] = reach;
    }
    return { data, bound, overflow, terms: Int32Array.from(this.count) };
  }
}

// ---------------------------------------------------------------------------------------------
// F.pad
// ---------------------------------------------------------------------------------------------

const PAD_MODES = ['constant', 'reflect', 'replicate', 'circular'];

// Source index along one axis of length `size` for output position j, or -1 for the fill value.
// reflect/replicate index the whole input from u = j − left (negative pads crop the padded result);
// circular wraps the input after cropping it by the negative pads (ATen's _pad_circular).
function axisMap(mode, size, left, right) {
  const out = size + left + right;
  const map = new Int32Array(Math.max(out, 0));
  const cropL = Math.max(-left, 0);
  const cropped = size - cropL - Math.max(-right, 0);
  const padL = Math.max(left, 0);
  for (let j = 0; j < out; j++) {
    const u = j - left;
    if (mode === 'constant') map[j] = u >= 0 && u < size ? u : -1;
    else if (mode === 'reflect') map[j] = u < 0 ? -u : u >= size ? 2 * (size - 1) - u : u;
    else if (mode === 'replicate') map[j] = Math.min(Math.max(u, 0), size - 1);
    else map[j] = cropL + ((((j - padL) % cropped) + cropped) % cropped);
  }
  return map;
}

function padValidate(x, rank, pads, mode, value) {
  if (!Array.isArray(pads) || (pads.length !== 2 && pads.length !== 4))
    reject('INVALID_ARGUMENT', `pad must be [left, right] or [left, right, top, bottom], got ${pads}`);
  if (!PAD_MODES.includes(mode)) reject('INVALID_ARGUMENT', `unknown padding mode '${mode}'`);
  const [left, right, top = 0, bottom = 0] = pads;
  if (mode === 'constant') {
    // constant_pad_nd narrows by the negative pads first (narrow() rejects a negative length), then,
    // unless every pad is ≤ 0, requires each padded size to be > 0.
    let allNonPositive = true;
    const axes = pads.length === 4 ? [[x.h, top, bottom], [x.w, left, right]] : [[x.w, left, right]];
    for (const [size, a, b] of axes) {
      let s = size;
      if (a < 0) s += a;
      else if (a > 0) allNonPositive = false;
      if (s < 0) reject('OUTPUT_TOO_SMALL', `narrow(): pad ${a} leaves a negative length ${s}`);
      if (b < 0) s += b;
      else if (b > 0) allNonPositive = false;
      if (s < 0) reject('OUTPUT_TOO_SMALL', `narrow(): pad ${b} leaves a negative length ${s}`);
    }
    if (!allNonPositive)
      for (const [size, a, b] of axes)
        if (size + a + b <= 0) reject('OUTPUT_TOO_SMALL', `input size ${size} plus padding ${a} and ${b} is not positive`);
    return { left, right, top, bottom };
  }
  if (value != null && value !== 0) reject('INVALID_ARGUMENT', `padding mode "${mode}" doesn't take in value argument`);
  // F.pad's non-constant modes: a 2-element pad is 1-D padding (2-D or 3-D inputs), a 4-element pad
  // 2-D padding (3-D or 4-D inputs); anything else is NotImplementedError.
  if (pads.length === 2 && rank !== 3) reject('INVALID_ARGUMENT', `a 2-element pad in mode '${mode}' needs a 2-D or 3-D input, got ${rank}-D`);
  const axes = [[x.w, left, right, 'W'], [x.h, top, bottom, 'H']];
  if (mode === 'reflect') {
    for (const [size, a, b, name] of axes)
      if (a >= size || b >= size) reject('INVALID_ARGUMENT', `reflect padding (${a}, ${b}) must be < ${name} = ${size}`);
  }
  if (mode === 'circular') {
    for (const [size, a, b] of axes) {
      if (a > size || b > size) reject('INVALID_ARGUMENT', 'Padding value causes wrapping around more than once.');
      if (size + a + b < 0) reject('OUTPUT_TOO_SMALL', 'Negative padding value is resulting in an empty dimension');
    }
    for (const [size, a, b] of axes) {
      const cropped = size - Math.max(-a, 0) - Math.max(-b, 0);
      // ATen fills the wrap by copying slices of the output onto itself; a pad longer than the cropped
      // input makes the slices overlap, which copy_ rejects (or, with nothing left, leaves memory unset).
      if (cropped === 0 && (a > 0 || b > 0)) throw new Error('circular pad of an empty cropped axis has no defined result in PyTorch');
      if (a > cropped || b > cropped) reject('INVALID_ARGUMENT', `circular pad (${a}, ${b}) longer than the cropped size ${cropped} (overlapping copy_)`);
    }
  }
  if (mode === 'reflect' || mode === 'replicate') {
    // ATen requires output H ≥ 1 || W ≥ 1 and cannot allocate a negative size; a zero-size axis next to
    // a non-empty one is accepted. Both cases are kept out of the generated configurations.
    for (const [size, a, b] of axes)
      if (size + a + b < 1) throw new Error(`${mode} pad to an empty or negative size is outside the compared semantics`);
  }
  return { left, right, top, bottom };
}

function padRef(input, opts) {
  const rank = input.shape.length;
  const x = planes('pad', input.shape);
  const mode = opts.mode ?? 'constant';
  const { left, right, top, bottom } = padValidate(x, rank, opts.pad, mode, opts.value);
  const value = Math.fround(opts.value ?? 0);
  const oh = x.h + top + bottom;
  const ow = x.w + left + right;
  const mapH = axisMap(mode, x.h, top, bottom);
  const mapW = axisMap(mode, x.w, left, right);
  const shape = outShape(x, x.c, oh, ow);
  const data = new Float64Array(product(shape));
  let o = 0;
  for (let p = 0; p < x.n * x.c; p++) {
    const base = p * x.h * x.w;
    for (let y = 0; y < oh; y++) {
      for (let xo = 0; xo < ow; xo++) {
        const sy = mapH[y];
        const sx = mapW[xo];
        data[o++] = sy < 0 || sx < 0 ? value : input.data[base + sy * x.w + sx];
      }
    }
  }
  return { shape, data, exact: true };
}

// ---------------------------------------------------------------------------------------------
// conv2d
// ---------------------------------------------------------------------------------------------

const CONV_PADDING_MODES = ['zeros', 'reflect', 'replicate', 'circular'];

function conv2dRef(input, weight, opts) {
  const x = planes('conv2d', input.shape);
  if (weight.shape.length !== 4) reject('INVALID_SHAPE', `conv2d: expected a 4-D weight, got [${weight.shape}]`);
  const [cout, cinG, kh, kw] = weight.shape;
  const stride = pair(opts.stride, 1);
  const dilation = pair(opts.dilation, 1);
  const groups = opts.groups ?? 1;
  const paddingMode = opts.paddingMode ?? 'zeros';
  const padding = opts.padding ?? 0;

  // nn.Conv2d's constructor, then ATen's parameter checks.
  if (groups <= 0) reject('INVALID_ARGUMENT', `groups must be positive, got ${groups}`);
  if (!CONV_PADDING_MODES.includes(paddingMode)) reject('INVALID_ARGUMENT', `unknown padding_mode '${paddingMode}'`);
  if (typeof padding === 'string') {
    if (padding !== 'valid' && padding !== 'same') reject('INVALID_ARGUMENT', `invalid padding string '${padding}'`);
    if (padding === 'same' && (stride[0] !== 1 || stride[1] !== 1))
      reject('INVALID_ARGUMENT', "padding='same' is not supported for strided convolutions");
  }
  if (stride[0] <= 0 || stride[1] <= 0) reject('INVALID_ARGUMENT', `non-positive stride ${stride}`);
  if (dilation[0] <= 0 || dilation[1] <= 0) reject('INVALID_ARGUMENT', `dilation should be greater than zero, got ${dilation}`);

  // [top, bottom, left, right]; 'same' puts the odd extra row/column at the bottom/right.
  let pads;
  if (padding === 'valid') pads = [0, 0, 0, 0];
  else if (padding === 'same') {
    const th = dilation[0] * (kh - 1);
    const tw = dilation[1] * (kw - 1);
    pads = [Math.floor(th / 2), th - Math.floor(th / 2), Math.floor(tw / 2), tw - Math.floor(tw / 2)];
  } else {
    const [ph, pw] = pair(padding, 0);
    if (ph < 0 || pw < 0) reject('INVALID_ARGUMENT', `negative padding ${padding} is not supported`);
    pads = [ph, ph, pw, pw];
  }

  // nn.Conv2d with a non-zeros padding_mode: F.pad(input, mode) first, then a convolution without padding.
  let src = { data: input.data, h: x.h, w: x.w };
  let offset = [pads[0], pads[2]];
  if (paddingMode !== 'zeros' && pads.some((p) => p !== 0)) {
    const padded = padRef(input, { pad: [pads[2], pads[3], pads[0], pads[1]], mode: paddingMode });
    const s = padded.shape;
    src = { data: padded.data, h: s[s.length - 2], w: s[s.length - 1] };
    offset = [0, 0];
  }
  const hp = x.h + pads[0] + pads[1];
  const wp = x.w + pads[2] + pads[3];

  if (cout < groups) reject('SHAPE_MISMATCH', `groups=${groups}: weight [${weight.shape}] has fewer than ${groups} output channels`);
  if (cout % groups !== 0) reject('SHAPE_MISMATCH', `groups=${groups}: weight [${weight.shape}] output channels not divisible`);
  if (x.c !== cinG * groups) reject('SHAPE_MISMATCH', `groups=${groups}, weight [${weight.shape}]: input has ${x.c} channels, expected ${cinG * groups}`);
  const bias = biasOf(opts.bias);
  if (bias && (bias.rank !== 1 || bias.length !== cout)) reject('SHAPE_MISMATCH', `bias of ${bias.length} elements, expected ${cout}`);
  const ekh = dilation[0] * (kh - 1) + 1;
  const ekw = dilation[1] * (kw - 1) + 1;
  if (hp < ekh || wp < ekw) reject('OUTPUT_TOO_SMALL', `kernel size (${ekh}, ${ekw}) can't be greater than the padded input (${hp}, ${wp})`);

  const oh = Math.floor((hp - ekh) / stride[0]) + 1;
  const ow = Math.floor((wp - ekw) / stride[1]) + 1;
  const shape = outShape(x, cout, oh, ow);
  const sums = new Sums(product(shape));
  const coutG = cout / groups;
  const w = weight.data;
  let o = 0;
  for (let n = 0; n < x.n; n++) {
    for (let co = 0; co < cout; co++) {
      const g = Math.floor(co / coutG);
      for (let oy = 0; oy < oh; oy++) {
        for (let ox = 0; ox < ow; ox++, o++) {
          for (let ci = 0; ci < cinG; ci++) {
            const plane = (n * x.c + g * cinG + ci) * src.h * src.w;
            for (let ky = 0; ky < kh; ky++) {
              const iy = oy * stride[0] + ky * dilation[0] - offset[0];
              for (let kx = 0; kx < kw; kx++) {
                const ix = ox * stride[1] + kx * dilation[1] - offset[1];
                // Zero padding is a real zero that is multiplied, as F.pad-then-conv does: 0·∞ = NaN.
                const v = iy >= 0 && iy < src.h && ix >= 0 && ix < src.w ? src.data[plane + iy * src.w + ix] : 0;
                sums.add(o, v * w[((co * cinG + ci) * kh + ky) * kw + kx], true);
              }
            }
          }
          if (bias) sums.add(o, bias.data[co], false);
        }
      }
    }
  }
  return { shape, ...sums.finish() };
}

// ---------------------------------------------------------------------------------------------
// conv_transpose2d
// ---------------------------------------------------------------------------------------------

function convTranspose2dRef(input, weight, opts) {
  const x = planes('convTranspose2d', input.shape);
  if (weight.shape.length !== 4) reject('INVALID_SHAPE', `convTranspose2d: expected a 4-D weight, got [${weight.shape}]`);
  const [cin, coutG, kh, kw] = weight.shape;
  const stride = pair(opts.stride, 1);
  const padding = pair(opts.padding, 0);
  const dilation = pair(opts.dilation, 1);
  const groups = opts.groups ?? 1;
  let outputPadding = pair(opts.outputPadding, 0);

  // nn.ConvTranspose2d(output_size=…) solves output_padding in Python before anything else runs; the
  // valid sizes are [min, min + stride − 1] and output_padding given alongside is ignored.
  if (opts.outputSize != null) {
    const size = opts.outputSize.slice(-2);
    const ins = [x.h, x.w];
    const ks = [kh, kw];
    const min = [0, 1].map((d) => (ins[d] - 1) * stride[d] - 2 * padding[d] + dilation[d] * (ks[d] - 1) + 1);
    const max = [0, 1].map((d) => min[d] + stride[d] - 1);
    for (const d of [0, 1])
      if (size[d] < min[d] || size[d] > max[d])
        reject('INVALID_ARGUMENT', `requested an output size of [${size}], but valid sizes range from [${min}] to [${max}]`);
    outputPadding = [0, 1].map((d) => size[d] - min[d]);
  }

  if (groups <= 0) reject('INVALID_ARGUMENT', `non-positive groups ${groups}`);
  if (padding[0] < 0 || padding[1] < 0) reject('INVALID_ARGUMENT', `negative padding ${padding}`);
  if (outputPadding[0] < 0 || outputPadding[1] < 0) reject('INVALID_ARGUMENT', `negative output_padding ${outputPadding}`);
  if (stride[0] <= 0 || stride[1] <= 0) reject('INVALID_ARGUMENT', `non-positive stride ${stride}`);
  if (dilation[0] <= 0 || dilation[1] <= 0) reject('INVALID_ARGUMENT', `dilation should be greater than zero, got ${dilation}`);
  if (cin < groups) reject('SHAPE_MISMATCH', `groups=${groups}: weight [${weight.shape}] has fewer than ${groups} input channels`);
  if (cin % groups !== 0) reject('SHAPE_MISMATCH', `groups=${groups}: weight [${weight.shape}] input channels not divisible`);
  if (x.c !== cin) reject('SHAPE_MISMATCH', `weight [${weight.shape}] expects ${cin} input channels, got ${x.c}`);
  const cout = coutG * groups;
  const bias = biasOf(opts.bias);
  if (bias && (bias.rank !== 1 || bias.length !== cout)) reject('SHAPE_MISMATCH', `bias of ${bias.length} elements, expected ${cout}`);
  for (const d of [0, 1])
    if (!(outputPadding[d] < stride[d] || outputPadding[d] < dilation[d]))
      reject('INVALID_ARGUMENT', `output padding must be smaller than either stride or dilation, got ${outputPadding}`);
  const oh = (x.h - 1) * stride[0] - 2 * padding[0] + dilation[0] * (kh - 1) + outputPadding[0] + 1;
  const ow = (x.w - 1) * stride[1] - 2 * padding[1] + dilation[1] * (kw - 1) + outputPadding[1] + 1;
  if (oh < 1 || ow < 1) reject('OUTPUT_TOO_SMALL', `output size (${oh}, ${ow}) is too small`);

  const shape = outShape(x, cout, oh, ow);
  const sums = new Sums(product(shape));
  const cinG = cin / groups;
  const w = weight.data;
  // No structural zeros: an output receives x·w only from taps where an input actually lands,
  // oy = iy·stride − padding + ky·dilation.
  for (let n = 0; n < x.n; n++) {
    for (let ci = 0; ci < cin; ci++) {
      const g = Math.floor(ci / cinG);
      for (let iy = 0; iy < x.h; iy++) {
        for (let ix = 0; ix < x.w; ix++) {
          const v = input.data[((n * cin + ci) * x.h + iy) * x.w + ix];
          for (let cg = 0; cg < coutG; cg++) {
            const co = g * coutG + cg;
            const outPlane = (n * cout + co) * oh * ow;
            for (let ky = 0; ky < kh; ky++) {
              const oy = iy * stride[0] - padding[0] + ky * dilation[0];
              if (oy < 0 || oy >= oh) continue;
              for (let kx = 0; kx < kw; kx++) {
                const ox = ix * stride[1] - padding[1] + kx * dilation[1];
                if (ox < 0 || ox >= ow) continue;
                sums.add(outPlane + oy * ow + ox, v * w[((ci * coutG + cg) * kh + ky) * kw + kx], true);
              }
            }
          }
        }
      }
    }
  }
  if (bias) {
    for (let n = 0; n < x.n; n++)
      for (let co = 0; co < cout; co++)
        for (let i = 0; i < oh * ow; i++) sums.add((n * cout + co) * oh * ow + i, bias.data[co], false);
  }
  return { shape, ...sums.finish() };
}

// ---------------------------------------------------------------------------------------------
// Pooling
// ---------------------------------------------------------------------------------------------

// ATen's pooling_output_shape_pad_lr: floor (or ceil) division, and in ceil mode the last window
// must start inside the input or the left padding.
function poolOutputSize(size, k, pad, stride, dilation, ceilMode) {
  let out = Math.floor((size + 2 * pad - dilation * (k - 1) - 1 + (ceilMode ? stride - 1 : 0)) / stride) + 1;
  if (ceilMode && (out - 1) * stride >= size + pad) out--;
  return out;
}

function poolParams(op, input, opts, withDilation) {
  const x = planes(op, input.shape);
  const kernel = pair(opts.kernelSize);
  const stride = opts.stride == null ? kernel : pair(opts.stride);
  const padding = pair(opts.padding, 0);
  const dilation = withDilation ? pair(opts.dilation, 1) : [1, 1];
  const ceilMode = opts.ceilMode ?? false;
  if (kernel[0] <= 0 || kernel[1] <= 0) reject('INVALID_ARGUMENT', `kernel size should be greater than zero, got ${kernel}`);
  if (stride[0] <= 0 || stride[1] <= 0) reject('INVALID_ARGUMENT', `stride should be greater than zero, got ${stride}`);
  if (dilation[0] <= 0 || dilation[1] <= 0) reject('INVALID_ARGUMENT', `dilation should be greater than zero, got ${dilation}`);
  if (padding[0] < 0 || padding[1] < 0) reject('INVALID_ARGUMENT', `pad must be non-negative, got ${padding}`);
  for (const d of [0, 1])
    if (padding[d] > Math.floor(kernel[d] / 2)) reject('INVALID_ARGUMENT', `pad should be at most half of kernel size, got pad ${padding} kernel ${kernel}`);
  const oh = poolOutputSize(x.h, kernel[0], padding[0], stride[0], dilation[0], ceilMode);
  const ow = poolOutputSize(x.w, kernel[1], padding[1], stride[1], dilation[1], ceilMode);
  if (oh < 1 || ow < 1) reject('OUTPUT_TOO_SMALL', `calculated output size (${oh}, ${ow}) is too small`);
  return { x, kernel, stride, padding, dilation, oh, ow };
}

/**
 * The maximum of the window rows [y0, y1) step dy × columns [x0, x1) step dx of the plane at `base` (width w), and
 * its index y·w + x in the plane: a larger value or any NaN takes over, so ties keep the first maximum and the
 * last NaN in scan order wins; an empty window is −∞ at index y0·w + x0. Returns [value, index].
 */
function windowMax(data, base, w, [y0, y1, dy], [x0, x1, dx]) {
  let best = -Infinity;
  let at = y0 * w + x0;
  for (let iy = y0; iy < y1; iy += dy) {
    for (let ix = x0; ix < x1; ix += dx) {
      const v = data[base + iy * w + ix];
      if (v > best || v !== v) {
        best = v;
        at = iy * w + ix;
      }
    }
  }
  return [best, at];
}

function maxPool2dRef(input, opts) {
  const { x, kernel, stride, padding, dilation, oh, ow } = poolParams('maxPool2d', input, opts, true);
  const shape = outShape(x, x.c, oh, ow);
  const data = new Float64Array(product(shape));
  const indices = new Int32Array(data.length);
  let o = 0;
  for (let p = 0; p < x.n * x.c; p++) {
    const base = p * x.h * x.w;
    for (let oy = 0; oy < oh; oy++) {
      let y0 = oy * stride[0] - padding[0];
      const y1 = Math.min(y0 + (kernel[0] - 1) * dilation[0] + 1, x.h);
      while (y0 < 0) y0 += dilation[0];
      for (let ox = 0; ox < ow; ox++, o++) {
        let x0 = ox * stride[1] - padding[1];
        const x1 = Math.min(x0 + (kernel[1] - 1) * dilation[1] + 1, x.w);
        while (x0 < 0) x0 += dilation[1];
        // Padding is −∞; the index starts at the first in-range tap (even past the input when every
        // tap is padding).
        [data[o], indices[o]] = windowMax(input.data, base, x.w, [y0, y1, dilation[0]], [x0, x1, dilation[1]]);
      }
    }
  }
  return { shape, data, indices, exact: true };
}

/**
 * The sums and divisors of avg_pool2d's windows (ATen's AvgPool2d): each window clipped to input +
 * padding gives count_include_pad's divisor, clipped to the input the summed region; `term(v)` is
 * what is summed for an input value, `rounded` whether it carries a rounding of its own (Sums.add).
 */
function averageWindows(input, x, { kernel, stride, padding, oh, ow }, divisorOf, term, rounded) {
  const size = x.n * x.c * oh * ow;
  const sums = new Sums(size);
  const divisors = new Float64Array(size);
  let o = 0;
  for (let p = 0; p < x.n * x.c; p++) {
    const base = p * x.h * x.w;
    for (let oy = 0; oy < oh; oy++) {
      for (let ox = 0; ox < ow; ox++, o++) {
        let y0 = oy * stride[0] - padding[0];
        let x0 = ox * stride[1] - padding[1];
        let y1 = Math.min(y0 + kernel[0], x.h + padding[0]);
        let x1 = Math.min(x0 + kernel[1], x.w + padding[1]);
        const poolSize = (y1 - y0) * (x1 - x0);
        y0 = Math.max(y0, 0);
        x0 = Math.max(x0, 0);
        y1 = Math.min(y1, x.h);
        x1 = Math.min(x1, x.w);
        if (y0 >= y1 || x0 >= x1) {
          divisors[o] = 1;
          continue;
        }
        divisors[o] = divisorOf(poolSize, (y1 - y0) * (x1 - x0));
        for (let iy = y0; iy < y1; iy++) {
          for (let ix = x0; ix < x1; ix++) sums.add(o, term(input.data[base + iy * x.w + ix]), rounded);
        }
      }
    }
  }
  return { sums, divisors };
}

function avgPool2dRef(input, opts) {
  if (opts.divisorOverride != null && opts.divisorOverride === 0) reject('INVALID_ARGUMENT', 'divisor must be not zero');
  const params = poolParams('avgPool2d', input, opts, false);
  const { x, oh, ow } = params;
  const countIncludePad = opts.countIncludePad ?? true;
  const shape = outShape(x, x.c, oh, ow);
  const divisorOf = (poolSize, inside) => (opts.divisorOverride != null ? opts.divisorOverride
    : countIncludePad ? poolSize : inside);
  const { sums, divisors } = averageWindows(input, x, params, divisorOf, (v) => v, false);
  return { shape, ...sums.finish(divisors), divisors };
}

// ---------------------------------------------------------------------------------------------
// Adaptive pooling (ATen's AdaptiveAveragePooling.cpp / AdaptiveMaxPooling2d.cpp)
// ---------------------------------------------------------------------------------------------

/** Window i of `out` over `size`: [⌊i·size/out⌋, ⌈(i + 1)·size/out⌉). */
export function adaptiveWindow(i, size, out) {
  return [Math.floor((i * size) / out), Math.ceil(((i + 1) * size) / out)];
}

function adaptiveParams(op, input, opts) {
  const shape = input.shape;
  const size = opts.outputSize;
  if (size === undefined) reject('INVALID_TYPE', `${op}: output_size is required`);
  const pairOf = Array.isArray(size) ? size : [size, size];
  // Python resolves None from input.size()[-2:] (and needs at least one more dimension).
  if (pairOf.some((v) => v === null) && shape.length < 3) reject('INVALID_SHAPE', 'Input dimension should be at least 3');
  const [oh, ow] = pairOf.map((v, d) => (v === null ? shape[shape.length - 2 + d] : v));
  const avg = op === 'adaptiveAvgPool2d';
  if (avg && (oh < 0 || ow < 0)) reject('INVALID_ARGUMENT', `output_size must be >= 0, got (${oh}, ${ow})`);
  if (shape.length !== 3 && shape.length !== 4) reject('INVALID_SHAPE', `expected a 3-D or 4-D input, got [${shape}]`);
  if (shape.some((d) => d <= 0)) reject('INVALID_SHAPE', `input [${shape}] has an empty dimension`);
  if (oh < 0 || ow < 0) reject('INVALID_ARGUMENT', `negative output dimension (${oh}, ${ow})`);
  return { x: planes(op, shape), oh, ow };
}

function adaptiveAvgPool2dRef(input, opts) {
  const { x, oh, ow } = adaptiveParams('adaptiveAvgPool2d', input, opts);
  const shape = outShape(x, x.c, oh, ow);
  const size = product(shape);
  const sums = new Sums(size);
  const divisors = new Float64Array(size);
  let o = 0;
  for (let p = 0; p < x.n * x.c; p++) {
    const base = p * x.h * x.w;
    for (let oy = 0; oy < oh; oy++) {
      const [y0, y1] = adaptiveWindow(oy, x.h, oh);
      for (let ox = 0; ox < ow; ox++, o++) {
        const [x0, x1] = adaptiveWindow(ox, x.w, ow);
        divisors[o] = (y1 - y0) * (x1 - x0);
        for (let iy = y0; iy < y1; iy++)
          for (let ix = x0; ix < x1; ix++) sums.add(o, input.data[base + iy * x.w + ix], false);
      }
    }
  }
  return { shape, ...sums.finish(divisors), divisors };
}

function adaptiveMaxPool2dRef(input, opts) {
  const { x, oh, ow } = adaptiveParams('adaptiveMaxPool2d', input, opts);
  const shape = outShape(x, x.c, oh, ow);
  const data = new Float64Array(product(shape));
  const indices = new Int32Array(data.length);
  let o = 0;
  for (let p = 0; p < x.n * x.c; p++) {
    const base = p * x.h * x.w;
    for (let oy = 0; oy < oh; oy++) {
      const [y0, y1] = adaptiveWindow(oy, x.h, oh);
      for (let ox = 0; ox < ow; ox++, o++) {
        const [x0, x1] = adaptiveWindow(ox, x.w, ow);
        [data[o], indices[o]] = windowMax(input.data, base, x.w, [y0, y1, 1], [x0, x1, 1]); // as max pooling
      }
    }
  }
  return { shape, data, indices, exact: true };
}

/**
 * adaptive_{avg,max}_pool1d (ATen's AdaptiveAveragePooling.cpp / AdaptiveMaxPooling2d.cpp): a 2-D or
 * 3-D input, then the 2-D op on input.unsqueeze(-2) with output_size (1, L), the result squeezed.
 */
function adaptive1dRef(op, input, opts) {
  const shape = input.shape;
  if (shape.length < 2 || shape.length > 3) reject('INVALID_SHAPE', `${op}: expected 2 to 3 dimensions, got [${shape}]`);
  const size = opts.outputSize;
  if (size === undefined) reject('INVALID_TYPE', `${op}: output_size is required`);
  if (Array.isArray(size) && size.length !== 1) reject('INVALID_ARGUMENT', `${op}: output_size should contain one int`);
  const max = op === 'adaptiveMaxPool1d';
  if (max && shape.slice(1).some((d) => d <= 0)) reject('INVALID_SHAPE', `${op}: input [${shape}] has an empty dimension`);
  const unsqueezed = { shape: [...shape.slice(0, -1), 1, shape[shape.length - 1]], data: input.data };
  const length = Array.isArray(size) ? size[0] : size;
  const out = (max ? adaptiveMaxPool2dRef : adaptiveAvgPool2dRef)(unsqueezed, { outputSize: [1, length] });
  return { ...out, shape: [...out.shape.slice(0, -2), out.shape[out.shape.length - 1]] };
}

// ---------------------------------------------------------------------------------------------
// The 1-D ops (ATen's conv1d / conv_transpose1d, max_pool1d, avg_pool1d): the 2-D op on the input (and
// the weight) with a unit H axis — stride 1, padding 0, dilation 1 on it — the result without it
// ---------------------------------------------------------------------------------------------

const unsqueezeH = (t) => ({ shape: [...t.shape.slice(0, -1), 1, t.shape[t.shape.length - 1]], data: t.data });

/** A 1-D option (an int or a list of one) as the [h, w] pair of the 2-D op, `unit` on H. */
function onAxisW(op, name, v, unit) {
  if (v == null || typeof v === 'string') return v;
  if (Array.isArray(v) && v.length !== 1) reject('INVALID_ARGUMENT', `${op}: ${name} should contain one int, got [${v}]`);
  return [unit, Array.isArray(v) ? v[0] : v];
}

function oneDimRef(op, input, weight, opts) {
  const shape = input.shape;
  if (shape.length < 2 || shape.length > 3) reject('INVALID_SHAPE', `${op}: expected a 2-D (unbatched) or 3-D (batched) input, got [${shape}]`);
  if (shape.some((d) => d <= 0)) reject('INVALID_SHAPE', `${op}: input [${shape}] has an empty dimension`);
  if (weight && weight.shape.length !== 3) reject('INVALID_SHAPE', `${op}: expected a 3-D weight, got [${weight.shape}]`);
  const o = { ...opts };
  for (const [name, unit] of [['kernelSize', 1], ['stride', 1], ['padding', 0], ['dilation', 1], ['outputPadding', 0]])
    if (name in o) o[name] = onAxisW(op, name, o[name], unit);
  if (o.outputSize != null) o.outputSize = [1, o.outputSize[o.outputSize.length - 1]];
  const x = unsqueezeH(input);
  const out = op === 'conv1d' ? conv2dRef(x, unsqueezeH(weight), o)
    : op === 'convTranspose1d' ? convTranspose2dRef(x, unsqueezeH(weight), o)
      : op === 'maxPool1d' ? maxPool2dRef(x, o) : avgPool2dRef(x, o);
  return { ...out, shape: [...out.shape.slice(0, -2), out.shape[out.shape.length - 1]] };
}

// ---------------------------------------------------------------------------------------------
// F.lp_pool2d (torch/nn/functional.py): avg_pool2d(x.pow(p), kernel, stride, 0, ceil_mode), then
// (sign(s)·relu(|s|))·(kw·kh), then .pow(1 / p)
// ---------------------------------------------------------------------------------------------

/**
 * torch.pow(x, e) of a float32 value and a Python scalar, as ATen dispatches it (pow_out and
 * PowKernel.cpp), each float32 operation rounded (and overflowing) as float32: 0 gives 1, 1 a copy,
 * 0.5 sqrt, −0.5 1/sqrt, −1 1/x, 2 x·x, 3 x·x·x, −2 1/(x·x) (so sqrt(−∞) is NaN and 1/sqrt(−0) is −∞,
 * unlike Math.pow), anything else pow with the exponent rounded to float, as the vectorized path
 * does, the result rounded (C's pow, unlike Math.pow, gives 1 for ±1 to an infinite power).
 */
function powScalar(x, e) {
  const f = Math.fround;
  if (e === 0) return 1;
  if (e === 1) return x;
  if (e === 0.5) return f(Math.sqrt(x));
  if (e === -0.5) return f(1 / f(Math.sqrt(x)));
  if (e === -1) return f(1 / x);
  if (e === 2) return f(x * x);
  if (e === 3) return f(f(x * x) * x);
  if (e === -2) return f(1 / f(x * x));
  const e32 = f(e);  // ATen's vectorized path (all but a tensor's last few elements) pows in float
  if (Math.abs(x) === 1 && !Number.isFinite(e32)) return 1;
  return f(Math.pow(x, e32));
}

/**
 * What lp_pool2d does to a window's average s, each step a float32 tensor (so it overflows as
 * float32): sign(s)·relu(|s|) (NaN stays NaN, −0 becomes +0), times the area, then .pow(1 / p).
 */
function lpTail(s, area, p) {
  const s32 = Math.fround(s);
  const kept = s32 !== s32 ? NaN : (s32 > 0 ? 1 : s32 < 0 ? -1 : 0) * Math.abs(s32);
  return Math.fround(powScalar(Math.fround(kept * area), 1 / p));
}

const EPS32 = 2 ** -23;

function lpPool2dRef(input, opts) {
  const p = opts.normType;
  if (typeof p !== 'number') reject('INVALID_TYPE', 'norm_type is required and must be a number');
  const params = poolParams('lpPool2d', input, { ...opts, padding: 0 }, false);
  const { x, kernel, oh, ow } = params;
  // Python evaluates 1.0 / norm_type only after avg_pool2d has run.
  if (p === 0) reject('INVALID_ARGUMENT', 'float division by zero');
  const shape = outShape(x, x.c, oh, ow);
  const size = product(shape);
  // avg_pool2d of x.pow(p), a float32 tensor: each term rounded (and overflowing) as float32. Without
  // padding, ceil_mode's windows are clipped to the input and divided by what is left of them.
  const { sums, divisors } = averageWindows(input, x, params, (poolSize) => poolSize, (v) => powScalar(v, p), true);
  const s = sums.finish(divisors);
  const area = kernel[0] * kernel[1];
  // The tail is monotone on each side of 0, so the float32 result lies between its values at the ends
  // of the average's interval (and at 0 inside it, and at a reachable ±∞), up to the roundings of the
  // mul, the pow and of the average itself (a few float32 steps, widened by |1/p|).
  const data = new Float64Array(size);
  const lo = new Float64Array(size);
  const hi = new Float64Array(size);
  const nanAllowed = new Uint8Array(size); // 0: never NaN, 1: NaN accepted, 2: NaN required (a NaN sum)
  for (let i = 0; i < size; i++) {
    const v = s.data[i];
    data[i] = lpTail(v, area, p);
    const slack = s.bound[i] + 4 * EPS32 * Math.abs(v);
    const ends = Number.isFinite(v) ? [v - slack, v, v + slack] : [v];
    // Across 0 the tail may jump (1/s): its limits on either side, at the smallest float32 magnitudes.
    if (ends[0] < 0 && ends[ends.length - 1] > 0) ends.push(-(2 ** -149), 0, 2 ** -149);
    if (s.overflow[i] & REACH_POS_INF) ends.push(Infinity);
    if (s.overflow[i] & REACH_NEG_INF) ends.push(-Infinity);
    const values = ends.map((e) => lpTail(e, area, p));
    const numbers = values.filter((t) => t === t);
    // A NaN sum pins the result (NaN, or 1 for .pow(0)); otherwise NaN is one of the possible outcomes or not.
    if (v !== v) nanAllowed[i] = data[i] !== data[i] ? 2 : 0;
    else {
      // NaN is possible when a tail value is, when the sum can reach both infinities, or when an
      // infinite term can meet a partial sum overflowing to the other one (∞ − ∞).
      const opposite = v === Infinity ? REACH_NEG_INF : v === -Infinity ? REACH_POS_INF : 0;
      nanAllowed[i] = numbers.length < values.length || (s.overflow[i] & 3) === 3 || (s.overflow[i] & opposite) ? 1 : 0;
    }
    const relative = (3 + Math.abs(1 / p)) * 4 * EPS32;
    const widen = (t, dir) => (Number.isFinite(t) ? t + dir * (relative * Math.abs(t) + ABS_TOL) : t);
    lo[i] = numbers.length ? widen(Math.min(...numbers), -1) : NaN;
    hi[i] = numbers.length ? widen(Math.max(...numbers), 1) : NaN;
  }
  return { shape, data, lo, hi, nanAllowed };
}

/** Whether a float32 lp_pool2d result `got` is acceptable for element i of the reference `ref`. */
export function lpAccepts(got, ref, i) {
  if (ref.nanAllowed[i] === 2 || Number.isNaN(got)) return Number.isNaN(got) && ref.nanAllowed[i] !== 0;
  return got === ref.data[i] || (got >= ref.lo[i] && got <= ref.hi[i]);
}

// ---------------------------------------------------------------------------------------------
// F.max_unpool2d (torch.nn.functional._unpool_output_size, then ATen's MaxUnpooling.cpp)
// ---------------------------------------------------------------------------------------------

function maxUnpool2dRef(input, indices, opts) {
  const shape = input.shape;
  const kernel = pair(opts.kernelSize);
  const stride = opts.stride == null ? kernel : pair(opts.stride);
  const padding = pair(opts.padding, 0);
  if (shape.length < 2) reject('INVALID_SHAPE', `max_unpool2d needs a 3-D or 4-D input, got [${shape}]`);
  const fallback = [0, 1].map((d) => (shape[shape.length - 2 + d] - 1) * stride[d] + kernel[d] - 2 * padding[d]);
  let size = fallback;
  if (opts.outputSize != null) {
    const given = opts.outputSize.length === 4 ? opts.outputSize.slice(2) : opts.outputSize;
    if (given.length !== 2) reject('INVALID_ARGUMENT', 'output_size should be a sequence containing 2 or 4 elements');
    for (const d of [0, 1])
      if (!(fallback[d] - stride[d] < given[d] && given[d] < fallback[d] + stride[d]))
        reject('INVALID_ARGUMENT', `invalid output_size [${given}] (dim ${d} must be between ${fallback[d] - stride[d]} and ${fallback[d] + stride[d]})`);
    size = given;
  }
  if (shape.length !== 3 && shape.length !== 4) reject('INVALID_SHAPE', `max_unpool2d needs a 3-D or 4-D input, got [${shape}]`);
  if (indices.shape.length !== shape.length || indices.shape.some((d, i) => d !== shape[i]))
    reject('SHAPE_MISMATCH', `indices [${indices.shape}] must have the input's shape [${shape}]`);
  if (shape.some((d) => d <= 0)) reject('INVALID_SHAPE', `input [${shape}] has an empty dimension`);
  if (size[0] < 0 || size[1] < 0) reject('OUTPUT_TOO_SMALL', `negative output size (${size})`);
  const x = planes('maxUnpool2d', shape);
  const [oh, ow] = size;
  const out = outShape(x, x.c, oh, ow);
  const data = new Float64Array(product(out));
  if (oh * ow === 0) return { shape: out, data, exact: true };  // ATen runs no kernel: no index is checked
  // The output starts as zeros; each input value lands at its index in its plane, in scan order.
  let invalid = null;
  for (let p = 0; p < x.n * x.c; p++) {
    for (let i = 0; i < x.h * x.w; i++) {
      const at = indices.data[p * x.h * x.w + i];
      if (at < 0 || at >= oh * ow) invalid = at;
      else data[p * oh * ow + at] = input.data[p * x.h * x.w + i];
    }
  }
  if (invalid !== null) reject('INVALID_ARGUMENT', `Found an invalid max index: ${invalid}`);
  return { shape: out, data, exact: true };
}

// ---------------------------------------------------------------------------------------------
// F.unfold / F.fold (ATen's Im2Col.cpp / Col2Im.cpp and their shape checks)
// ---------------------------------------------------------------------------------------------

function im2colArgs(opts) {
  const kernel = pair(opts.kernelSize);
  const dilation = pair(opts.dilation, 1);
  const padding = pair(opts.padding, 0);
  const stride = pair(opts.stride, 1);
  if (!(kernel[0] > 0 && kernel[1] > 0)) reject('INVALID_ARGUMENT', `kernel size should be greater than zero, got ${kernel}`);
  if (!(dilation[0] > 0 && dilation[1] > 0)) reject('INVALID_ARGUMENT', `dilation should be greater than zero, got ${dilation}`);
  if (padding[0] < 0 || padding[1] < 0) reject('INVALID_ARGUMENT', `padding should be non-negative, got ${padding}`);
  if (!(stride[0] > 0 && stride[1] > 0)) reject('INVALID_ARGUMENT', `stride should be greater than zero, got ${stride}`);
  return { kernel, dilation, padding, stride };
}

/** The number of sliding blocks along an axis of `size` (div_rtn, then + 1). */
function blocks(size, k, d, p, s) {
  return Math.floor((size + 2 * p - (d * (k - 1) + 1)) / s) + 1;
}

/** Image position of kernel tap t in block b along an axis, or −1 in the padding. */
function tapAt(b, t, size, { s, p, d }) {
  const at = b * s - p + t * d;
  return at >= 0 && at < size ? at : -1;
}

function unfoldRef(input, opts) {
  const { kernel, dilation, padding, stride } = im2colArgs(opts);
  const shape = input.shape;
  if ((shape.length !== 3 && shape.length !== 4) || shape.some((d) => d <= 0))
    reject('INVALID_SHAPE', `unfold needs a 3-D or 4-D input with non-zero dimensions, got [${shape}]`);
  const x = planes('unfold', shape);
  const bh = blocks(x.h, kernel[0], dilation[0], padding[0], stride[0]);
  const bw = blocks(x.w, kernel[1], dilation[1], padding[1], stride[1]);
  if (bh < 1 || bw < 1) reject('OUTPUT_TOO_SMALL', `no sliding block fits: (${bh}, ${bw})`);
  const rows = x.c * kernel[0] * kernel[1];
  const out = x.batched ? [x.n, rows, bh * bw] : [rows, bh * bw];
  const data = new Float64Array(product(out));
  const ay = { s: stride[0], p: padding[0], d: dilation[0] };
  const ax = { s: stride[1], p: padding[1], d: dilation[1] };
  let o = 0;
  for (let n = 0; n < x.n; n++)
    for (let c = 0; c < x.c; c++)
      for (let ky = 0; ky < kernel[0]; ky++)
        for (let kx = 0; kx < kernel[1]; kx++)
          for (let by = 0; by < bh; by++)
            for (let bx = 0; bx < bw; bx++, o++) {
              const y = tapAt(by, ky, x.h, ay);
              const xx = tapAt(bx, kx, x.w, ax);
              data[o] = y < 0 || xx < 0 ? 0 : input.data[((n * x.c + c) * x.h + y) * x.w + xx];
            }
  return { shape: out, data, exact: true };
}

function foldRef(input, opts) {
  const size = opts.outputSize == null ? null : pair(opts.outputSize);
  if (size === null) reject('INVALID_TYPE', 'fold: output_size is required');
  if (!(size[0] > 0 && size[1] > 0)) reject('INVALID_ARGUMENT', `output size should be greater than zero, got ${size}`);
  const { kernel, dilation, padding, stride } = im2colArgs(opts);
  const shape = input.shape;
  if ((shape.length !== 2 && shape.length !== 3) || shape.some((d) => d <= 0))
    reject('INVALID_SHAPE', `fold needs a 2-D or 3-D input with non-zero dimensions, got [${shape}]`);
  const batched = shape.length === 3;
  const [n, rows, length] = batched ? shape : [1, ...shape];
  if (rows % (kernel[0] * kernel[1]) !== 0) reject('SHAPE_MISMATCH', `${rows} rows do not divide into kernels of ${kernel}`);
  const bh = blocks(size[0], kernel[0], dilation[0], padding[0], stride[0]);
  const bw = blocks(size[1], kernel[1], dilation[1], padding[1], stride[1]);
  if (length !== bh * bw) reject('SHAPE_MISMATCH', `L = ${length}, but ${bh} * ${bw} blocks fit`);
  if (bh < 1 || bw < 1) reject('OUTPUT_TOO_SMALL', `no sliding block fits: (${bh}, ${bw})`);
  const c = rows / (kernel[0] * kernel[1]);
  const out = batched ? [n, c, size[0], size[1]] : [c, size[0], size[1]];
  const sums = new Sums(product(out));
  const ay = { s: stride[0], p: padding[0], d: dilation[0] };
  const ax = { s: stride[1], p: padding[1], d: dilation[1] };
  let i = 0;
  for (let b = 0; b < n; b++)
    for (let ch = 0; ch < c; ch++)
      for (let ky = 0; ky < kernel[0]; ky++)
        for (let kx = 0; kx < kernel[1]; kx++)
          for (let by = 0; by < bh; by++)
            for (let bx = 0; bx < bw; bx++, i++) {
              const y = tapAt(by, ky, size[0], ay);
              const xx = tapAt(bx, kx, size[1], ax);
              if (y >= 0 && xx >= 0) sums.add(((b * c + ch) * size[0] + y) * size[1] + xx, input.data[i], false);
            }
  return { shape: out, ...sums.finish() };
}

// ---------------------------------------------------------------------------------------------
// Gradients: autograd of F.conv2d (nn.Conv2d's padding_mode included), F.max_pool2d and F.avg_pool2d,
// written from the definitions (d output / d input of each product or window), every sum in double
// ---------------------------------------------------------------------------------------------

function checkGradOutput(gradOutput, shape) {
  const g = gradOutput.shape;
  if (g.length !== shape.length || g.some((d, i) => d !== shape[i]))
    reject('SHAPE_MISMATCH', `Mismatch in shape: grad_output has a shape of [${g}] and output has a shape of [${shape}]`);
}

/**
 * The gradients of y = conv2d(input, weight, bias) for the upstream gradient g: each product
 * x[padded (iy, ix)]·w[co, ci, ky, kx] in y[n, co, oy, ox] gives g·w to the input element the padded
 * position copies (none for zero padding) and g·x to the weight (x = 0 in zero padding: 0·∞ = NaN, as
 * the forward multiplies it); the bias gets g. `opts.bias` is true, a bias, or absent.
 */
function conv2dBackwardRef(gradOutput, input, weight, opts) {
  const withBias = opts.bias === true ? new Float32Array(weight.shape[0] ?? 0) : opts.bias;
  const forward = conv2dRef(input, weight, { ...opts, bias: withBias });  // PyTorch's checks, in its order
  checkGradOutput(gradOutput, forward.shape);
  const x = planes('conv2d', input.shape);
  const [cout, cinG, kh, kw] = weight.shape;
  const stride = pair(opts.stride, 1);
  const dilation = pair(opts.dilation, 1);
  const groups = opts.groups ?? 1;
  const padding = opts.padding ?? 0;
  const mode = (opts.paddingMode ?? 'zeros') === 'zeros' ? 'constant' : opts.paddingMode;
  let pads = [0, 0, 0, 0]; // top, bottom, left, right
  if (padding === 'same') {
    const [th, tw] = [dilation[0] * (kh - 1), dilation[1] * (kw - 1)];
    pads = [Math.floor(th / 2), th - Math.floor(th / 2), Math.floor(tw / 2), tw - Math.floor(tw / 2)];
  } else if (padding !== 'valid') {
    const [ph, pw] = pair(padding, 0);
    pads = [ph, ph, pw, pw];
  }
  const mapH = axisMap(mode, x.h, pads[0], pads[1]);
  const mapW = axisMap(mode, x.w, pads[2], pads[3]);
  const [, , oh, ow] = forward.shape.length === 4 ? forward.shape : [1, ...forward.shape];
  const gradInput = new Sums(product(input.shape));
  const gradWeight = new Sums(product(weight.shape));
  const gradBias = withBias == null || withBias === false ? null : new Sums(cout);
  const coutG = cout / groups;
  let o = 0;
  for (let n = 0; n < x.n; n++)
    for (let co = 0; co < cout; co++)
      for (let oy = 0; oy < oh; oy++)
        for (let ox = 0; ox < ow; ox++, o++) {
          const g = gradOutput.data[o];
          gradBias?.add(co, g, false);
          for (let ci = 0; ci < cinG; ci++)
            for (let ky = 0; ky < kh; ky++)
              for (let kx = 0; kx < kw; kx++) {
                const sy = mapH[oy * stride[0] + ky * dilation[0]];
                const sx = mapW[ox * stride[1] + kx * dilation[1]];
                const plane = n * x.c + Math.floor(co / coutG) * cinG + ci;
                const at = sy < 0 || sx < 0 ? -1 : (plane * x.h + sy) * x.w + sx;
                const wi = ((co * cinG + ci) * kh + ky) * kw + kx;
                gradWeight.add(wi, g * (at < 0 ? 0 : input.data[at]), true);
                if (at >= 0) gradInput.add(at, g * weight.data[wi], true);
              }
        }
  return {
    gradInput: { shape: [...input.shape], ...gradInput.finish() },
    gradWeight: { shape: [...weight.shape], ...gradWeight.finish() },
    gradBias: gradBias && { shape: [cout], ...gradBias.finish() },
  };
}

/** max_pool2d's gradient: each g goes to its window's maximum (the forward's index: NaN and tie rules). */
function maxPool2dBackwardRef(gradOutput, input, opts) {
  const forward = maxPool2dRef(input, opts);
  checkGradOutput(gradOutput, forward.shape);
  const x = planes('maxPool2d', input.shape);
  const plane = forward.indices.length / (x.n * x.c);
  const gradInput = new Sums(product(input.shape));
  for (let o = 0; o < forward.indices.length; o++) {
    const at = forward.indices[o];
    if (at >= 0 && at < x.h * x.w) gradInput.add(Math.floor(o / plane) * x.h * x.w + at, gradOutput.data[o], false);
  }
  return { gradInput: { shape: [...input.shape], ...gradInput.finish() } };
}

/**
 * avg_pool2d's gradient (ATen's avg_pool2d_backward): g / divisor to every input element of the window
 * clipped to the input; the divisor as the forward's (count_include_pad, divisor_override, ceil_mode).
 */
function avgPool2dBackwardRef(gradOutput, input, opts) {
  const forward = avgPool2dRef(input, opts);
  checkGradOutput(gradOutput, forward.shape);
  const { x, kernel, stride, padding, oh, ow } = poolParams('avgPool2d', input, opts, false);
  const gradInput = new Sums(product(input.shape));
  let o = 0;
  for (let p = 0; p < x.n * x.c; p++)
    for (let oy = 0; oy < oh; oy++)
      for (let ox = 0; ox < ow; ox++, o++) {
        const y0 = oy * stride[0] - padding[0];
        const x0 = ox * stride[1] - padding[1];
        const y1 = Math.min(y0 + kernel[0], x.h);
        const x1 = Math.min(x0 + kernel[1], x.w);
        const share = gradOutput.data[o] / forward.divisors[o];
        for (let iy = Math.max(y0, 0); iy < y1; iy++)
          for (let ix = Math.max(x0, 0); ix < x1; ix++) gradInput.add((p * x.h + iy) * x.w + ix, share, true);
      }
  return { gradInput: { shape: [...input.shape], ...gradInput.finish() } };
}

/**
 * PyTorch's gradients for one backward call, or the error PyTorch raises (convlens's codes): conv2d
 * gives { gradInput, gradWeight, gradBias (null without a bias) }, the pools { gradInput }; each a sum
 * result as reference()'s (data, bound, overflow; see sumAccepts).
 * @param {'conv2dBackward'|'maxPool2dBackward'|'avgPool2dBackward'} op
 * @param {{shape: number[], data: ArrayLike<number>}} gradOutput the upstream gradient (the forward output's shape)
 * @param {{shape: number[], data: ArrayLike<number>}} input
 * @param {{shape: number[], data: ArrayLike<number>}|undefined} weight conv2d only
 * @param {object} opts the forward op's options; conv2d's `bias` is true, a bias, or absent
 */
export function gradients(op, gradOutput, input, weight, opts = {}) {
  try {
    switch (op) {
      case 'conv2dBackward':
        return conv2dBackwardRef(gradOutput, input, weight, opts);
      case 'maxPool2dBackward':
        return maxPool2dBackwardRef(gradOutput, input, opts);
      case 'avgPool2dBackward':
        return avgPool2dBackwardRef(gradOutput, input, opts);
      default:
        throw new Error(`gradients: unknown op ${op}`);
    }
  } catch (e) {
    if (e instanceof Rejection) return { error: e.code, reason: e.message };
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
// Entry point
// ---------------------------------------------------------------------------------------------

/**
 * PyTorch's result for one call, or the error PyTorch raises, with convlens's error codes.
 *
 * @param {'conv2d'|'convTranspose2d'|'maxPool2d'|'avgPool2d'|'pad'|'adaptiveAvgPool2d'|'adaptiveMaxPool2d'
 *   |'lpPool2d'|'maxUnpool2d'|'unfold'|'fold'|'adaptiveAvgPool1d'|'adaptiveMaxPool1d'} op
 * @param {{shape: number[], data: ArrayLike<number>}} input float32 data, [C,H,W] or [N,C,H,W]
 * @param {{shape: number[], data: ArrayLike<number>}|undefined} weight for conv2d / convTranspose2d; the
 *   indices for maxUnpool2d
 * @param {object} opts convlens's option names (stride, padding, dilation, groups, paddingMode, bias,
 *   outputPadding, outputSize, kernelSize, ceilMode, countIncludePad, divisorOverride, returnIndices,
 *   pad, mode, value, outputSize, normType); lpPool2d's result is { shape, data, lo, hi, nanAllowed }
 *   (see lpAccepts)
 * @returns {{error: string, reason: string} | {shape: number[], data: Float64Array, exact: true,
 *   indices?: Int32Array} | {shape: number[], data: Float64Array, bound: Float64Array,
 *   overflow: Uint8Array, terms: Int32Array}}
 *   `exact` results (max pool, pad) must match value for value; sums (conv, transposed conv, avg pool)
 *   carry per element the tolerance `bound` and the REACH_* `overflow` flags (see Sums.finish).
 */
export function reference(op, input, weight, opts = {}) {
  try {
    switch (op) {
      case 'conv2d':
        return conv2dRef(input, weight, opts);
      case 'convTranspose2d':
        return convTranspose2dRef(input, weight, opts);
      case 'maxPool2d':
        return maxPool2dRef(input, opts);
      case 'avgPool2d':
        return avgPool2dRef(input, opts);
      case 'pad':
        return padRef(input, opts);
      case 'adaptiveAvgPool2d':
        return adaptiveAvgPool2dRef(input, opts);
      case 'adaptiveMaxPool2d':
        return adaptiveMaxPool2dRef(input, opts);
      case 'lpPool2d':
        return lpPool2dRef(input, opts);
      case 'maxUnpool2d':
        return maxUnpool2dRef(input, weight, opts);
      case 'unfold':
        return unfoldRef(input, opts);
      case 'adaptiveAvgPool1d':
      case 'adaptiveMaxPool1d':
        return adaptive1dRef(op, input, opts);
      case 'fold':
        return foldRef(input, opts);
      case 'conv1d':
      case 'convTranspose1d':
        return oneDimRef(op, input, weight, opts);
      case 'maxPool1d':
      case 'avgPool1d':
        return oneDimRef(op, input, undefined, opts);
      default:
        throw new Error(`reference: unknown op ${op}`);
    }
  } catch (e) {
    if (e instanceof Rejection) return { error: e.code, reason: e.message };
    throw e;
  }
}

/**
 * Whether a float32 result `got` is acceptable for one sum element (see Sums.finish for the rule).
 * @param {number} got
 * @param {number} ref the reference value
 * @param {number} bound the allowed |got − ref| for a finite result
 * @param {number} overflow REACH_* flags
 */
export function sumAccepts(got, ref, bound, overflow) {
  if (Number.isNaN(ref)) return Number.isNaN(got);
  if (ref === Infinity || ref === -Infinity) {
    if (got === ref) return true;
    return Number.isNaN(got) && (overflow & (ref > 0 ? REACH_NEG_INF : REACH_POS_INF)) !== 0;
  }
  if (Number.isNaN(got)) return overflow === (REACH_POS_INF | REACH_NEG_INF);
  if (got === Infinity) return (overflow & REACH_POS_INF) !== 0;
  if (got === -Infinity) return (overflow & REACH_NEG_INF) !== 0;
  return Math.abs(got - ref) <= bound;
}
