// web/images/explain-link.js: the readout's link from a layer's output pixel into the playground's
// arithmetic view parses back (with the playground's own parseHash) to that layer, its input and
// weights, and the pointed element, whose value the playground computes equal to the layer's.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { loadVariants } from './helpers.mjs';
import { explainLink } from '../../web/images/explain-link.js';
import { makeLayer } from '../../web/images/layers.js';
import { runPipeline } from '../../web/images/pipeline.js';
import { drawSample, stackImages } from '../../web/images/samples.js';
import { LIMITS, PLAYGROUND_OPS, parseHash } from '../../web/ui/model/state.js';
import { evaluate } from '../../web/ui/model/compute.js';

const close = (a, b) => Math.abs(a - b) <= 1e-4 * Math.max(1, Math.abs(b));

test('a layer\'s output pixel links to the playground with its op, arguments, input item, weight, bias and select', async () => {
  const [{ cl }] = await loadVariants();
  const input = stackImages([drawSample('house', 16), drawSample('checker', 16)]);
  const layers = [
    makeLayer('conv2d', { weight: 'sobel_x', channels: 'luminance', bias: 0.25 }),
    makeLayer('maxPool2d', { kernel_size: [2, 2] }),
    makeLayer('conv2d', { channels: 'random', out_channels: 2, kernel_size: [3, 3], stride: [2, 1], padding: [1, 0], seed: 5 }),
    makeLayer('avgPool2d', { kernel_size: [3, 3], stride: [1, 1], padding: [1, 1], count_include_pad: false }),
    makeLayer('convTranspose2d', { weight: 'bilinear', channels: 'depthwise' }),
  ];
  const run = runPipeline(cl, input, layers);
  assert.equal(run.error, null);
  const tensors = [input, ...run.outputs];
  for (const [i, layer] of layers.entries()) {
    const x = tensors[i];
    const out = tensors[i + 1];
    const [, OC, OH, OW] = out.shape;
    const n = 1;
    const [c, y, xx] = [OC - 1, OH - 1, Math.floor(OW / 2)];
    const link = explainLink({ layer, input: x, outShape: out.shape, n, c, y, x: xx });
    assert.ok(link.href.startsWith('../#'), link.href.slice(0, 20));
    const { state, notices } = parseHash(link.href.slice(3));
    assert.deepEqual(notices, [], `layer ${i + 1}`);
    assert.equal(state.op, layer.op);
    assert.equal(state.batch, 1);
    assert.equal(state.in_channels, x.shape[1]);
    assert.deepEqual(state.input_size, [x.shape[2], x.shape[3]]);
    assert.deepEqual(state.tensors.input.shape, [1, ...x.shape.slice(1)]);
    const per = x.shape[1] * x.shape[2] * x.shape[3];
    assert.deepEqual([...state.tensors.input.values], [...x.data.subarray(n * per, (n + 1) * per)]);
    const p = run.prepared[i];
    if (p.weight) {
      assert.equal(state.out_channels, p.outChannels);
      assert.equal(state.groups, p.groups);
      assert.deepEqual(state.tensors.weight.shape, p.weight.shape);
      assert.deepEqual([...state.tensors.weight.values], [...p.weight.data]);
      assert.equal(state.bias, p.bias !== null);
      if (p.bias) assert.deepEqual([...state.tensors.bias.values], [...p.bias]);
    }
    const flat = c * OH * OW + y * OW + xx;
    assert.equal(state.select, flat);
    const r = evaluate(cl, state);
    assert.ok(r.ok, `layer ${i + 1}: ${r.error?.message}`);
    assert.deepEqual(r.output.shape, [1, OC, OH, OW]);
    const want = out.data[n * OC * OH * OW + flat];
    assert.ok(close(r.output.data[flat], want), `layer ${i + 1}: ${r.output.data[flat]} vs ${want}`);
  }
  // the arguments under the playground's names
  const link = (layer, input, output) =>
    parseHash(explainLink({ layer, input, outShape: output.shape, n: 0, c: 0, y: 0, x: 0 }).href.slice(3)).state;
  const first = link(layers[0], input, run.outputs[0]);
  assert.equal(first.padding, 'same');
  assert.deepEqual(first.kernel_size, [3, 3]);
  assert.equal(first.out_channels, 1);
  const third = link(layers[2], run.outputs[1], run.outputs[2]);
  assert.deepEqual([third.stride, third.padding], [[2, 1], [1, 0]]);
  const fourth = link(layers[3], run.outputs[2], run.outputs[3]);
  assert.equal(fourth.count_include_pad, false);
});

test('an input over the playground\'s limit gives a note and no link', () => {
  const layer = makeLayer('conv2d', { weight: 'sobel_x', channels: 'luminance' });
  const input = { shape: [1, 3, 512, 512], data: new Float32Array(3 * 512 * 512) };
  const link = explainLink({ layer, input, outShape: [1, 1, 512, 512], n: 0, c: 0, y: 3, x: 4 });
  assert.equal(link.href, undefined);
  assert.equal(link.tooLarge, 3 * 512 * 512);
  assert.equal(link.text, 'too large for the playground (786,432 elements; it takes up to 65,536)');
  assert.equal(LIMITS.tensorElements, 65_536);
});

test('a layer whose op the playground does not offer gets no link; one it offers gets one', () => {
  const input = stackImages([drawSample('house', 16)]);
  for (const layer of [makeLayer('adaptiveAvgPool2d', { output_size: [1, 1] }), makeLayer('adaptiveMaxPool2d'), makeLayer('lpPool2d')]) {
    const link = explainLink({ layer, input, outShape: [1, 3, 1, 1], n: 0, c: 0, y: 0, x: 0 });
    if (PLAYGROUND_OPS.includes(layer.op)) assert.equal(parseHash(link.href.slice(3)).state.op, layer.op);
    else assert.equal(link, null, layer.op);
  }
  assert.ok(PLAYGROUND_OPS.includes('maxPool2d'));
  const pool = explainLink({ layer: makeLayer('maxPool2d'), input, outShape: [1, 3, 8, 8], n: 0, c: 1, y: 2, x: 3 });
  assert.equal(parseHash(pool.href.slice(3)).state.select, 64 + 2 * 8 + 3);
});
