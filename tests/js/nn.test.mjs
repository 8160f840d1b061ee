// cl.nn: PyTorch's layers over the ops — the tutorial's module code, forward() equal to the functional op on
// the same weights, Sequential, stateDict / loadStateDict with PyTorch's keys and messages, PyTorch's repr,
// the default init's bounds, and bad arguments refused without changing a layer.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { loadVariants, mulberry32 } from './helpers.mjs';
import { configFor } from '../reference/differential.mjs';
import { version } from '../../dist/convlens/version.js';

const variants = await loadVariants();

const randomTensor = (rand, shape) => ({
  shape, data: Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rand() * 4 - 2),
});
const plain = (t) => ({ shape: [...t.shape], data: Array.from(t.data) });

for (const { name: variant, cl } of variants) {
  const { nn } = cl;
  describe(`nn [${variant}]`, () => {
    test("the tutorial's MaxPool2d(3, ceil_mode=True) as a module", () => {
      const input = cl.tensor([[[[1, 2, 0, 3, 1], [0, 1, 2, 3, 1], [1, 2, 1, 0, 0], [5, 2, 3, 1, 1],
        [2, 1, 0, 1, 1]]]]);
      const pool = new nn.MaxPool2d(3, { ceilMode: true });
      assert.deepEqual(plain(pool.forward(input)), { shape: [1, 1, 2, 2], data: [2, 3, 5, 1] });
      assert.equal(String(pool), 'MaxPool2d(kernel_size=3, stride=3, padding=0, dilation=1, ceil_mode=True)');
      assert.deepEqual(plain(new nn.MaxPool2d(3).forward(input)), { shape: [1, 1, 1, 1], data: [2] });
    });

    test("the tutorial's Conv2d(3, 6, 3) with its weights loaded gives F.conv2d's values", () => {
      const rand = mulberry32(7);
      const conv = new nn.Conv2d(3, 6, 3, { stride: 1, padding: 0 });
      assert.equal(String(conv), 'Conv2d(3, 6, kernel_size=(3, 3), stride=(1, 1))');
      const weight = randomTensor(rand, [6, 3, 3, 3]);
      const bias = randomTensor(rand, [6]);
      conv.loadStateDict({ weight, bias });
      const x = randomTensor(rand, [2, 3, 8, 8]);
      assert.deepEqual(conv.forward(x), cl.conv2d(x, weight, { bias: bias.data }));
      assert.deepEqual(plain(conv.weight), plain(weight));
      assert.deepEqual(Object.keys(conv.stateDict()), ['weight', 'bias']);
    });

    test('every convolution matches its functional op, options included', () => {
      const rand = mulberry32(11);
      const cases = [
        [nn.Conv2d, [4, 6, [3, 2], { stride: [2, 1], padding: 1, dilation: [1, 2], groups: 2, paddingMode: 'reflect' }], 'conv2d', [2, 4, 9, 10]],
        [nn.Conv2d, [2, 2, 3, { padding: 'same', bias: false }], 'conv2d', [1, 2, 5, 5]],
        [nn.ConvTranspose2d, [4, 6, 3, { stride: 2, padding: 1, outputPadding: 1, groups: 2 }], 'convTranspose2d', [1, 4, 4, 5]],
        [nn.Conv1d, [3, 4, 3, { stride: 2, padding: 1, paddingMode: 'circular' }], 'conv1d', [2, 3, 11]],
        [nn.ConvTranspose1d, [3, 2, 4, { stride: 3, dilation: 2 }], 'convTranspose1d', [1, 3, 7]],
      ];
      for (const [Layer, args, op, inputShape] of cases) {
        const layer = new Layer(...args);
        const x = randomTensor(rand, inputShape);
        const { weight, bias } = layer.stateDict();
        const o = { ...args[3] };
        delete o.bias;
        assert.deepEqual(layer.forward(x), cl[op](x, weight, { ...o, bias: bias ?? null }), `${layer}`);
      }
    });

    test('the default init stays within PyTorch’s bounds, 1/√fan_in, and is not constant', () => {
      const conv = new nn.Conv2d(8, 16, 3, { groups: 2 });
      const bound = 1 / Math.sqrt((8 / 2) * 9);
      const { weight, bias } = conv.stateDict();
      assert.deepEqual(weight.shape, [16, 4, 3, 3]);
      assert.ok(weight.data.every((v) => Math.abs(v) <= bound) && bias.data.every((v) => Math.abs(v) <= bound));
      assert.ok(new Set(weight.data).size > 100);
      const transposed = new nn.ConvTranspose2d(4, 6, 2, { groups: 2 }).stateDict().weight;
      assert.deepEqual(transposed.shape, [4, 3, 2, 2]);
      assert.ok(transposed.data.every((v) => Math.abs(v) <= 1 / Math.sqrt(3 * 4)));
    });

    test('Sequential runs the chain and takes PyTorch’s state_dict keys', () => {
      const rand = mulberry32(3);
      const net = new nn.Sequential(new nn.Conv2d(1, 4, 3, { padding: 1 }), new nn.MaxPool2d(2), new nn.Conv2d(4, 2, 3),
        new nn.AdaptiveAvgPool2d([1, 1]));
      assert.deepEqual(Object.keys(net.stateDict()), ['0.weight', '0.bias', '2.weight', '2.bias']);
      const dict = {
        '0.weight': randomTensor(rand, [4, 1, 3, 3]), '0.bias': randomTensor(rand, [4]),
        '2.weight': randomTensor(rand, [2, 4, 3, 3]), '2.bias': randomTensor(rand, [2]),
      };
      assert.deepEqual(net.loadStateDict(dict), { missingKeys: [], unexpectedKeys: [] });
      const x = randomTensor(rand, [2, 1, 12, 12]);
      let y = cl.conv2d(x, dict['0.weight'], { bias: dict['0.bias'], padding: 1 });
      y = cl.maxPool2d(y, { kernelSize: 2 });
      y = cl.conv2d(y, dict['2.weight'], { bias: dict['2.bias'] });
      y = cl.adaptiveAvgPool2d(y, { outputSize: [1, 1] });
      assert.deepEqual(net.forward(x), y);
      assert.equal(net.length, 4);
      assert.equal(net.at(-1).name, 'AdaptiveAvgPool2d');
      assert.equal(String(net), [
        'Sequential(',
        '  (0): Conv2d(1, 4, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))',
        '  (1): MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)',
        '  (2): Conv2d(4, 2, kernel_size=(3, 3), stride=(1, 1))',
        '  (3): AdaptiveAvgPool2d(output_size=(1, 1))',
        ')',
      ].join('\n'));
      const named = new nn.Sequential({ conv: new nn.Conv2d(1, 1, 1), pool: new nn.AvgPool1d(2) });
      assert.deepEqual(Object.keys(named.stateDict()), ['conv.weight', 'conv.bias']);
      assert.match(String(named), /\(pool\): AvgPool1d\(kernel_size=\(2,\), stride=\(2,\), padding=\(0,\)\)/);
    });

    test('loadStateDict refuses a bad dict in PyTorch’s words and changes nothing', () => {
      const net = new nn.Sequential(new nn.Conv2d(1, 2, 3), new nn.MaxPool2d(2));
      const before = net.stateDict();
      const good = { '0.weight': { shape: [2, 1, 3, 3], data: new Float32Array(18).fill(1) }, '0.bias': [5, 6] };
      assert.throws(() => net.loadStateDict({ ...good, '0.weight': { shape: [1, 1, 3, 3], data: new Float32Array(9) } }), {
        code: 'SHAPE_MISMATCH',
        message: 'Error(s) in loading state_dict for Sequential:\n\tsize mismatch for 0.weight: copying a param with shape '
          + 'torch.Size([1, 1, 3, 3]) from checkpoint, the shape in current model is torch.Size([2, 1, 3, 3]).',
      });
      assert.throws(() => net.loadStateDict({ '0.weight': good['0.weight'], extra: [1] }), {
        code: 'INVALID_ARGUMENT',
        message: 'Error(s) in loading state_dict for Sequential:\n\tMissing key(s) in state_dict: "0.bias". '
          + '\n\tUnexpected key(s) in state_dict: "extra". ',
      });
      assert.deepEqual(net.stateDict(), before);
      assert.deepEqual(net.loadStateDict({ '0.bias': [5, 6], extra: [1] }, { strict: false }),
        { missingKeys: ['0.weight'], unexpectedKeys: ['extra'] });
      assert.deepEqual(plain(net.stateDict()['0.bias']), { shape: [2], data: [5, 6] });
      assert.deepEqual(net.stateDict()['0.weight'], before['0.weight']);
    });

    test('weight and bias are settable, shape-checked, and bias can be removed', () => {
      const conv = new nn.Conv2d(1, 1, 2);
      conv.weight = [[[[1, 2], [3, 4]]]];
      conv.bias = [10];
      const x = cl.tensor([[[[1, 1, 1], [1, 1, 1], [1, 1, 1]]]]);
      assert.deepEqual(plain(conv.forward(x)), { shape: [1, 1, 2, 2], data: [20, 20, 20, 20] });
      assert.throws(() => (conv.weight = [[[[1, 2, 3]]]]),
        { code: 'SHAPE_MISMATCH', message: /Conv2d\.weight: expected a tensor of size \[1, 1, 2, 2\], but got \[1, 1, 1, 3\]/ });
      assert.deepEqual(plain(conv.weight), { shape: [1, 1, 2, 2], data: [1, 2, 3, 4] });
      conv.bias = null;
      assert.equal(conv.bias, null);
      assert.equal(String(conv), 'Conv2d(1, 1, kernel_size=(2, 2), stride=(1, 1), bias=False)');
      assert.deepEqual(plain(conv.forward(x)).data, [10, 10, 10, 10]);
      conv.bias = [1];
      assert.deepEqual(plain(conv.forward(x)).data, [11, 11, 11, 11]);
    });

    test('constructor checks in PyTorch’s words', () => {
      assert.throws(() => new nn.Conv2d(3, 6, 3, { groups: 2 }), { code: 'INVALID_ARGUMENT', message: 'in_channels must be divisible by groups' });
      assert.throws(() => new nn.Conv2d(4, 6, 3, { groups: 4 }), { message: 'out_channels must be divisible by groups' });
      assert.throws(() => new nn.Conv2d(4, 4, 3, { groups: 0 }), { message: 'groups must be a positive integer' });
      assert.throws(() => new nn.Conv2d(1, 1, 3, { padding: 'same', stride: 2 }), { message: "padding='same' is not supported for strided convolutions" });
      assert.throws(() => new nn.Conv2d(1, 1, 3, { padding: 'full' }), { message: /Invalid padding string 'full'/ });
      assert.throws(() => new nn.ConvTranspose2d(1, 1, 3, { paddingMode: 'reflect' }), { message: 'Only "zeros" padding mode is supported for ConvTranspose2d' });
      assert.throws(() => new nn.Conv2d(1, 1, 3, { kernel_size: 3 }), { code: 'UNKNOWN_OPTION' });
      assert.throws(() => new nn.Conv2d(1, 1, 0), { code: 'INVALID_ARGUMENT', message: /kernel_size must be positive/ });
      assert.throws(() => new nn.MaxPool2d(), { code: 'INVALID_TYPE', message: "MaxPool2d.__init__() missing 1 required positional argument: 'kernel_size'" });
      assert.throws(() => new nn.Fold(), { message: "Fold.__init__() missing 2 required positional arguments: 'output_size' and 'kernel_size'" });
      assert.throws(() => new nn.Sequential(new nn.MaxPool2d(2), 3), { code: 'INVALID_TYPE', message: /is not a Module subclass \(at index 1\)/ });
      // a pool's arguments are checked by its op, in the op's words, at forward()
      const zeros = { shape: [1, 1, 5, 5], data: new Float32Array(25) };
      assert.throws(() => new nn.MaxPool2d(3, { padding: 2 }).forward(zeros),
        { code: 'INVALID_ARGUMENT', message: /pad should be at most half of effective kernel size/ });
    });

    test('the other layers match their ops', () => {
      const rand = mulberry32(5);
      const x = randomTensor(rand, [2, 3, 7, 6]);
      const x1 = randomTensor(rand, [2, 3, 9]);
      const cases = [
        [new nn.AvgPool2d(3, { stride: 2, padding: 1, countIncludePad: false }),
          cl.avgPool2d(x, { kernelSize: 3, stride: 2, padding: 1, countIncludePad: false }), x],
        [new nn.LPPool2d(2, 2, { ceilMode: true }), cl.lpPool2d(x, { normType: 2, kernelSize: 2, ceilMode: true }), x],
        [new nn.AdaptiveMaxPool2d([3, null]), cl.adaptiveMaxPool2d(x, { outputSize: [3, null] }), x],
        [new nn.Unfold([2, 3], { stride: 2 }), cl.unfold(x, { kernelSize: [2, 3], stride: 2 }), x],
        [new nn.MaxPool1d(2, { stride: 1 }), cl.maxPool1d(x1, { kernelSize: 2, stride: 1 }), x1],
        [new nn.AdaptiveAvgPool1d(4), cl.adaptiveAvgPool1d(x1, { outputSize: 4 }), x1],
      ];
      for (const [layer, expected, input] of cases) assert.deepEqual(layer.forward(input), expected, `${layer}`);
      const cols = cl.unfold(x, { kernelSize: 2 });
      assert.deepEqual(new nn.Fold([7, 6], 2).forward(cols), cl.fold(cols, { outputSize: [7, 6], kernelSize: 2 }));
      const { output, indices } = new nn.MaxPool2d(2, { returnIndices: true }).forward(x);
      const unpool = new nn.MaxUnpool2d(2);
      assert.equal(String(unpool), 'MaxUnpool2d(kernel_size=(2, 2), stride=(2, 2), padding=(0, 0))');
      assert.deepEqual(unpool.forward(output, indices, [7, 6]),
        cl.maxUnpool2d(output, indices, { kernelSize: 2, outputSize: [7, 6] }));
      assert.equal(String(new nn.LPPool2d(2, 3)), 'LPPool2d(norm_type=2, kernel_size=3, stride=None, ceil_mode=False)');
    });

    test('a layer returning indices in a Sequential is a clear error', () => {
      const net = new nn.Sequential(new nn.MaxPool2d(2, { returnIndices: true }), new nn.MaxPool2d(2));
      assert.throws(() => net.forward({ shape: [1, 1, 4, 4], data: new Float32Array(16) }), { message: /\(0\) MaxPool2d returns \(output, indices\)/ });
    });

    test('a subclass keeps its own name and its base’s behaviour', () => {
      class Blur extends nn.Conv2d {}
      const blur = new Blur(1, 1, 3, { bias: false });
      assert.equal(String(blur), 'Blur(1, 1, kernel_size=(3, 3), stride=(1, 1), bias=False)');
      class Twice extends nn.Module {
        constructor() {
          super();
          this.pool = new nn.MaxPool2d(2);
        }

        forward(x) {
          return this.pool.forward(this.pool.forward(x));
        }
      }
      const ramp = { shape: [1, 1, 4, 4], data: Float32Array.from({ length: 16 }, (_, i) => i) };
      assert.deepEqual(plain(new Twice().forward(ramp)), { shape: [1, 1, 1, 1], data: [15] });
      assert.throws(() => new nn.Module().forward(), { message: 'Module [Module] is missing the required "forward" function' });
    });
  });
}

for (const { name: variant, cl } of variants) {
  const { nn } = cl;
  describe(`nn on resident tensors [${variant}]`, () => {
    test('a resident input gives a resident output with the plain call’s values; plain in, plain out', () => {
      const rand = mulberry32(9);
      const net = new nn.Sequential(new nn.Conv2d(2, 3, 3, { padding: 1 }), new nn.MaxPool2d(2),
        new nn.ConvTranspose2d(3, 2, 2, { stride: 2 }));
      const x = randomTensor(rand, [1, 2, 8, 8]);
      const plainOut = net.forward(x);
      assert.ok(plainOut.data instanceof Float32Array);
      const rx = cl.resident(x);
      const ry = net.forward(rx);
      assert.equal(ry.freed, false);
      assert.deepEqual(ry.read(), plainOut);
      assert.equal(rx.freed, false, 'the caller’s input is left alone');
      ry.free();
      rx.free();
    });

    test('a warm Sequential does not grow the heap, and a freed module says so', () => {
      const rand = mulberry32(10);
      const net = new nn.Sequential(new nn.Conv2d(3, 8, 3, { padding: 1 }), new nn.AvgPool2d(2),
        new nn.Conv2d(8, 4, 1));
      const x = randomTensor(rand, [2, 3, 32, 32]);
      const want = net.forward(x);
      for (let i = 0; i < 20; i++) net.forward(x);
      const bytes = cl.memoryBytes();
      for (let i = 0; i < 200; i++) assert.deepEqual(net.forward(x).shape, want.shape);
      assert.equal(cl.memoryBytes(), bytes);
      assert.deepEqual(net.forward(x), want);
      net.free();
      assert.throws(() => net.forward(x), { code: 'FREED' });
    });

    test('a convolution packs its weight once and again whenever the weight changes, however it is written', () => {
      const rand = mulberry32(12);
      const bits = (t) => Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength);
      // Counts the packs the layers make (nn.js reads the op table at each call).
      const calls = cl[Symbol.for(`convlens ${version} layer calls`)];
      const packWeight = calls.packWeight;
      const made = [];
      calls.packWeight = (...args) => {
        const packed = packWeight(...args);
        made.push(packed);
        return packed;
      };
      try {
        for (const [Layer, op, x1, x2] of [
          [nn.Conv2d, 'conv2d', [2, 8, 10, 10], [1, 8, 5, 7]],
          [nn.Conv1d, 'conv1d', [2, 8, 10], [3, 8, 4]],
          [nn.ConvTranspose2d, 'convTranspose2d', [2, 8, 6, 7], [1, 8, 3, 5]],
          [nn.ConvTranspose1d, 'convTranspose1d', [2, 8, 10], [3, 8, 4]],
        ]) {
          // 4·9·6 multiply-adds: the packing GEMM kernels (stride 2: the transposed convolution's phases)
          const options = { padding: 1, groups: 2, stride: op.startsWith('convT') ? 2 : 1 };
          const conv = new Layer(8, 12, 3, options);
          const stored = conv.namedParameters()[0][1].stored;
          made.length = 0;
          const expect = (x, packs, why) => {
            const got = conv.forward(x), want = cl[op](x, conv.weight, { ...options, bias: conv.bias?.data });
            assert.deepEqual(got.shape, want.shape, `${op}: ${why}`);
            assert.ok(bits(got).equals(bits(want)), `${op}: ${why}: the op's bits`);
            assert.equal(made.length, packs, `${op}: ${why}: packed ${made.length} times`);
          };
          const a = randomTensor(rand, x1);
          const b = randomTensor(rand, x2);
          expect(a, 1, 'first forward');
          expect(a, 1, 'the same input shape');
          assert.ok(made[0]?.bytes > 0, `${op}: a packed weight was made`);
          expect(b, 2, 'another input shape');
          expect(a, 3, 'the first shape again');
          conv.weight = randomTensor(rand, conv.weight.shape);
          expect(a, 4, 'weight set');
          conv.loadStateDict({ weight: randomTensor(rand, conv.weight.shape), bias: randomTensor(rand, [12]) });
          expect(b, 5, 'state dict loaded');
          stored.write(randomTensor(rand, conv.weight.shape).data);
          expect(b, 6, 'the weight\'s tensor written in place');
          expect(b, 6, 'no change since');
          // an op's `out` is a write too: conv1d's output fills a 1-D layer's [A, B, 3] weight
          if (op.endsWith('1d')) {
            const [A, B] = stored.shape;
            cl.conv1d(randomTensor(rand, [A, 2, 5]), randomTensor(rand, [B, 2, 3]), { out: stored });
            expect(a, 7, 'the weight written as an op\'s out');
          }
          // a bias added or removed makes the layer's op anew, which packs once
          const before = made.length;
          conv.bias = null;
          expect(a, before + 1, 'bias removed');
          conv.bias = randomTensor(rand, [12]);
          expect(b, before + 2, 'bias added back');
          // A weight with an infinity is not packed: the op runs it per call (and gives its NaNs).
          const infinite = randomTensor(rand, conv.weight.shape);
          infinite.data[5] = Infinity;
          conv.weight = infinite;
          const packs = made.length;
          expect(a, packs + 1, 'an infinite weight');
          assert.equal(made.at(-1), op.startsWith('convT') ? null : made.at(-1), `${op}: an infinite weight`);
          conv.free();
          assert.throws(() => conv.forward(a), { code: 'FREED' });
        }
      } finally {
        calls.packWeight = packWeight;
      }
    });

    test('seeded differential configurations: every convolution layer gives its op\'s bits, twice', () => {
      const bits = (t) => Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength);
      const LAYERS = { conv2d: 'Conv2d', conv1d: 'Conv1d', convTranspose2d: 'ConvTranspose2d', convTranspose1d: 'ConvTranspose1d' };
      for (const [op, name] of Object.entries(LAYERS)) {
        let compared = 0;
        for (let index = 0; index < 600; index++) {
          const { input, weight, opts } = configFor(op, 20261203, index);
          let want;
          try {
            want = cl[op](input, weight, opts);
          } catch {
            continue;  // a refused call: the op's message is checked elsewhere
          }
          const { bias, outputSize, ...keywords } = opts;
          const transposed = op.startsWith('convT');
          const [a, b, ...kernelSize] = weight.shape;
          const g = keywords.groups ?? 1;
          const [inChannels, outChannels] = transposed ? [a, b * g] : [b * g, a];
          let layer;
          try {
            layer = new nn[name](inChannels, outChannels, kernelSize, { ...keywords, bias: bias != null });
          } catch {
            continue;  // PyTorch's constructor refuses what the functional op takes (e.g. an empty weight)
          }
          layer.weight = weight;
          if (bias != null) layer.bias = bias;
          for (const pass of ['first', 'cached']) {
            const got = outputSize == null ? layer.forward(input) : layer.forward(input, outputSize);
            assert.deepEqual(got.shape, want.shape, `${op} #${index} ${pass}`);
            assert.ok(bits(got).equals(bits(want)), `${op} #${index} ${pass}: the op's bits`);
          }
          layer.free();
          compared++;
        }
        assert.ok(compared >= 200, `${op}: ${compared} layers compared`);
      }
    });

    test('a layer refuses bad input as its op does, and keeps working after', () => {
      const conv = new nn.Conv2d(3, 4, 3);
      const weight = conv.weight;
      const opts = { bias: conv.bias.data };
      const zeros = (shape) => ({ shape, data: new Float32Array(shape.reduce((a, b) => a * b, 1)) });
      for (const bad of [zeros([1, 2, 5, 5]), zeros([1, 3, 2, 2]), { shape: [3, 5, 5], data: new Float32Array(3) }, 'x']) {
        const functional = (() => {
          try {
            cl.conv2d(bad, weight, opts);
          } catch (e) {
            return e;
          }
          return null;
        })();
        assert.ok(functional, `${JSON.stringify(bad).slice(0, 40)} is refused`);
        assert.throws(() => conv.forward(bad), { code: functional.code, message: functional.message });
      }
      const x = { shape: [1, 3, 5, 5], data: Float32Array.from({ length: 75 }, (_, i) => i % 7) };
      assert.deepEqual(conv.forward(x), cl.conv2d(x, weight, opts));
      // a parameter's tensor freed behind the layer's back is refused, never read
      const [[, w], [, b]] = conv.namedParameters();
      b.stored.free();
      assert.throws(() => conv.forward(x), { code: 'FREED', message: /bias/ });
      w.stored.free();
      assert.throws(() => conv.forward(x), { code: 'FREED', message: /weight/ });
    });

    test('layers keep no memory per call: the heap is flat over shapes and weights that change', () => {
      const rand = mulberry32(13);
      const conv = new nn.Conv2d(64, 64, 3, { padding: 1 });  // a packed weight of 147 KB
      const pool = new nn.MaxPool2d(2);
      const shapes = [[1, 64, 12, 12], [1, 64, 9, 7]].map((s) => cl.resident(randomTensor(rand, s)));
      const weights = [0, 1].map(() => randomTensor(rand, [64, 64, 3, 3]).data);
      const step = (i) => {
        conv.weight = { shape: [64, 64, 3, 3], data: weights[i % 2] };
        const y = conv.forward(shapes[(i >> 1) % 2]);
        pool.forward(y).free();
        y.free();
      };
      for (let i = 0; i < 20; i++) step(i);
      const bytes = cl.memoryBytes();
      for (let i = 0; i < 300; i++) step(i);
      assert.equal(cl.memoryBytes(), bytes);
      conv.free();
      for (const t of shapes) t.free();
    });

    test('a state dict may hold resident tensors', () => {
      const conv = new nn.Conv2d(1, 1, 2, { bias: false });
      const w = cl.resident([[[[1, 2], [3, 4]]]]);
      conv.loadStateDict({ weight: w });
      assert.deepEqual(Array.from(conv.weight.data), [1, 2, 3, 4]);
      w.write([5, 6, 7, 8]);
      assert.deepEqual(Array.from(conv.weight.data), [1, 2, 3, 4], 'the layer holds a copy');
      w.free();
    });
  });
}
