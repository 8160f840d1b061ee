// The receptive-field map, computed once per shape state (shapes + options, not data) from the
// API's receptiveFields() (one call for the whole output), and its inverse (input cell → the
// outputs it reaches). Pure (no DOM).
// Hover on an output, hover on an input, the arithmetic text and the highlight sets all read it.
import { apiSpec, shapeKey } from './compute.js';
import { count } from './tensors.js';
import { poolKind } from './ops.js';

/** Maps with more taps than this are not built (hover then explains outputs one at a time). */
export const MAX_TAPS = 80_000;
/** Outputs per receptiveFields() call: the most one call answers. */
const FIELD_BATCH = 1 << 18;

/**
 * Builds the map for a state whose op ran (`info` = outputShape's result), or returns null when it
 * would have more than MAX_TAPS taps. Layout (typed arrays, flat indices):
 *   offsets[o] … offsets[o+1]: the taps of output o
 *   tapY / tapX: the tap's position in the padded input (may be < 0 or ≥ H / W); tapC: its channel
 *   source: flat input index read (−1: zero / −∞ padding, or not counted); weight: flat weight index (−1: pools)
 *   bias[o]: bias index (conv ops) or −1; divisor[o]: avg pool's divisor
 *   inverse: inOffsets[i] … inOffsets[i+1] index inTaps: the taps that read input i
 */
export function buildFieldMap(cl, s, info) {
  const spec = apiSpec(s);
  const outShape = info.shape;
  const outCount = count(outShape);
  const inCount = count(s.tensors.input.shape);
  const first = cl.receptiveFields(spec, { count: 1 });
  if (first.offsets[1] * outCount > MAX_TAPS) return null;

  // One call per FIELD_BATCH outputs (one call in practice); a batch over the API's tap limit is
  // over MAX_TAPS too.
  const parts = [];
  let k = 0;
  for (let start = 0; start < outCount; start += FIELD_BATCH) {
    let part;
    try {
      part = cl.receptiveFields(spec, { start, count: Math.min(FIELD_BATCH, outCount - start) });
    } catch (e) {
      if (e?.code === 'TOO_LARGE') return null;
      throw e;
    }
    if ((k += part.offsets[part.count]) > MAX_TAPS) return null;
    parts.push(part);
  }
  const offsets = new Int32Array(outCount + 1);
  const [tapC, tapY, tapX, source, weight] = [0, 0, 0, 0, 0].map(() => new Int32Array(k));
  const bias = new Int32Array(outCount).fill(-1);
  const divisor = poolKind(s.op) === 'avg' ? new Float64Array(outCount) : null;
  let base = 0;
  for (const p of parts) {
    p.offsets.forEach((o, i) => (offsets[p.start + i] = base + o));
    const columns = [p.input[1], p.input[2], p.input[3], p.inputIndex, p.weightIndex];
    [tapC, tapY, tapX, source, weight].forEach((to, j) => to.set(columns[j], base));
    if (p.bias) bias.set(p.bias, p.start);
    if (divisor) divisor.set(p.divisor, p.start);
    base += p.offsets[p.count];
  }

  // inverse: count, prefix-sum, fill
  const inOffsets = new Int32Array(inCount + 1);
  for (let i = 0; i < k; i++) if (source[i] >= 0) inOffsets[source[i] + 1]++;
  for (let i = 0; i < inCount; i++) inOffsets[i + 1] += inOffsets[i];
  const inTaps = new Int32Array(inOffsets[inCount]);
  const tapOutput = new Int32Array(k);
  const fillAt = inOffsets.slice(0, inCount);
  for (let o = 0; o < outCount; o++) {
    for (let i = offsets[o]; i < offsets[o + 1]; i++) {
      tapOutput[i] = o;
      if (source[i] >= 0) inTaps[fillAt[source[i]]++] = i;
    }
  }
  return {
    key: shapeKey(s), outShape, outCount, offsets, tapY, tapX, tapC, source, weight, tapOutput, bias, divisor,
    inOffsets, inTaps,
  };
}

/** One cache slot per use: rebuilds only when the shape key changes (data edits keep the map). */
export function fieldMapCache() {
  let key = null;
  let map = null;
  return {
    /** The map for this state (null when too large); builds it on first use after a shape change. */
    get(cl, s, info) {
      const k = shapeKey(s);
      if (k !== key) {
        key = k;
        map = buildFieldMap(cl, s, info);
      }
      return map;
    },
  };
}

/**
 * The map of ONE output cell, in the same layout as buildFieldMap (offsets[o] … offsets[o + 1]),
 * for configurations too large for the whole map. No inverse.
 */
export function outputFieldMap(cl, s, info, o) {
  const f = cl.receptiveFields(apiSpec(s), { start: o, count: 1 });
  const sparse = (v) => ({ [o]: v });
  return {
    key: null,
    outShape: info.shape,
    outCount: count(info.shape),
    offsets: { [o]: 0, [o + 1]: f.offsets[1] },
    tapC: f.input[1],
    tapY: f.input[2],
    tapX: f.input[3],
    source: f.inputIndex,
    weight: f.weightIndex,
    bias: sparse(f.bias ? f.bias[0] : -1),
    divisor: poolKind(s.op) === 'avg' ? sparse(f.divisor[0]) : null,
    partial: true,
  };
}
