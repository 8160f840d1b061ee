// Image mode's URL state (web/images/state.js): serialize → parse gives the state back, the
// default state is the empty hash, and hostile or malformed hashes give defaults plus notices
// (plain text), never an exception, never a value out of range.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { loadVariants } from './helpers.mjs';
import { STATE_LIMITS, defaultState, layerText, parseHash, parseLayerText, serializeHash } from '../../web/images/state.js';
import { FIELDS, LIMITS, makeLayer, parseFieldText } from '../../web/images/layers.js';
import { summarize } from '../../web/images/pipeline.js';

test('the default state serializes to its two layers only, and round-trips', () => {
  const s = defaultState();
  const hash = serializeHash(s);
  assert.equal(hash, 'layer=Conv2d()&layer=MaxPool2d()');
  assert.deepEqual(parseHash(hash), { state: s, notices: [] });
  assert.deepEqual(parseHash(''), { state: s, notices: [] });
  assert.deepEqual(parseHash('#'), { state: s, notices: [] });
});

test('serialize → parse round-trips every kind of argument', () => {
  const s = {
    images: ['noise', 'house'],
    size: 128,
    norm: 'fixed',
    range: [-1.5, 2.25],
    rgb: false,
    zoom: 8,
    layers: [
      makeLayer('conv2d', { weight: [[1, -2.5, 0.1], [3, 4, 1e-7]], channels: 'mean', out_channels: 6, groups: 3, padding: [1, 2], padding_mode: 'circular', bias: -0.75, dilation: [2, 1] }),
      makeLayer('conv2d', { channels: 'random', seed: 123456, out_channels: 2, groups: 1, kernel_size: [7, 3], padding: 'valid', stride: [2, 3] }),
      makeLayer('maxPool2d', { kernel_size: [3, 2], stride: null, padding: [1, 1], dilation: [1, 2], ceil_mode: true }),
      makeLayer('avgPool2d', { kernel_size: [2, 2], stride: [1, 1], count_include_pad: false, divisor_override: -3 }),
      makeLayer('convTranspose2d', { weight: 'sobel_y', channels: 'luminance', output_size: [100, 99], output_padding: [1, 0] }),
    ],
  };
  const hash = serializeHash(s);
  const back = parseHash(`#${hash}`);
  assert.deepEqual(back.notices, []);
  // a custom weight travels as float32 texts: the same float32 values come back
  assert.deepEqual(back.state.layers[0].weight.flat().map(Math.fround), s.layers[0].weight.flat().map(Math.fround));
  assert.deepEqual({ ...back.state, layers: back.state.layers.slice(1) }, { ...s, layers: s.layers.slice(1) });
  assert.deepEqual({ ...back.state.layers[0], weight: null }, { ...s.layers[0], weight: null });
  // it reads like the Python call
  assert.match(hash, /layer=Conv2d\(weight=\[\[1,-2\.5,0\.1\],\[3,4,1e-7\]\],channels=mean,out_channels=6,groups=3,padding=\(1,2\),dilation=\(2,1\),padding_mode=circular,bias=-0\.75\)/);
  assert.match(hash, /layer=MaxPool2d\(kernel_size=\(3,2\),padding=1,dilation=\(1,2\),ceil_mode=True\)/);
  assert.match(hash, /img=noise,house&size=128&norm=fixed&range=\(-1\.5,2\.25\)&rgb=False&zoom=8/);
  // an empty batch and an empty pipeline survive too
  const empty = parseHash(serializeHash({ ...defaultState(), images: [], layers: [] }));
  assert.deepEqual(empty.state.images, []);
  assert.deepEqual(empty.state.layers, []);
});

test('layer texts accept %-escapes, spaces and Python spellings', () => {
  const { layer, notices } = parseLayerText("Conv2d( weight='sobel_x', padding=(1, 1), bias=None, stride=[1,1] )", 'layer 1');
  assert.deepEqual(notices, []);
  assert.equal(layer.weight, 'sobel_x');
  assert.deepEqual(layer.padding, [1, 1]);
  assert.equal(layer.bias, null);
  const encoded = parseHash('#layer=Conv2d%28weight%3Dlaplacian%2Cpadding%3D1%29');
  assert.deepEqual(encoded.notices, []);
  assert.equal(encoded.state.layers[0].weight, 'laplacian');
  assert.equal(layerText(encoded.state.layers[0]), 'Conv2d(weight=laplacian,padding=1)');
});

const HOSTILE = [
  '#img=<img src=x onerror=alert(1)>',
  '#img=__proto__,constructor&size=__proto__',
  '#__proto__=1&constructor=2&toString=3',
  '#layer=Conv2d(__proto__=1,constructor=2)',
  '#layer=<script>alert(1)</script>',
  '#layer=Conv2d(weight=<script>alert(1)</script>)',
  '#layer=Conv2d(weight=javascript:alert(1))',
  '#layer=Conv2d(kernel_size=99999,stride=0,padding=-1,dilation=1e9,groups=0,out_channels=1000000)',
  '#layer=Conv2d(weight=[[1e999]])',
  '#layer=Conv2d(weight=[[NaN,Infinity]])',
  `#layer=Conv2d(weight=[${new Array(40).fill('[1]').join(',')}])`,
  '#layer=Conv2d(weight=[[1,2],[3]])',
  '#layer=Conv2d((((((((',
  '#layer=Conv2d(a=b))))',
  '#layer=Conv2d(bias=1' + '0'.repeat(400) + ')',
  '#layer=MaxPool2d(kernel_size=2,kernel_size=3)',
  '#layer=AvgPool2d(divisor_override=1.5,ceil_mode=maybe)',
  '#layer=ConvTranspose2d(padding=same,output_size=0)',
  '#layer=AdaptiveAvgPool2d(output_size=0)&layer=AdaptiveMaxPool2d(output_size=(None,y),return_indices=True)',
  '#layer=AdaptiveAvgPool2d(output_size=(1,2,3))&layer=AdaptiveMaxPool2d(output_size=99999)',
  '#layer=LPPool2d(norm_type=inf,kernel_size=0,stride=None,ceil_mode=2)&layer=LPPool2d(norm_type=1e999)',
  '#layer=LPPool2d(norm_type=65,padding=1)',
  '#size=%E0%A4%A&norm=%&rgb=%zz',
  '#size=1e3&zoom=-1&norm=constructor&range=(1,0)&range=(0,1)',
  '#img=house&img=checker',
  `#img=${new Array(20).fill('house').join(',')}`,
  `#${new Array(30).fill('layer=MaxPool2d()').join('&')}`,
  `#layer=${'Conv2d('.repeat(3000)}`,
  `#${'x'.repeat(STATE_LIMITS.hashChars + 1)}`,
  '#&&&=&==&layer&img&size',
  '#layer=Conv2d(weight=' + '9'.repeat(30) + ')',
];

test('hostile and malformed hashes give defaults and notices, never a throw', async () => {
  const [{ cl }] = await loadVariants();
  for (const hash of HOSTILE) {
    let r;
    assert.doesNotThrow(() => { r = parseHash(hash); }, hash.slice(0, 60));
    assert.ok(r.notices.length > 0, `a notice for ${hash.slice(0, 60)}`);
    for (const n of r.notices) {
      assert.equal(typeof n, 'string');
      assert.ok(n.length < 400, `notices are short: ${n.slice(0, 80)}`);
    }
    const s = r.state;
    assert.ok(s.images.length <= STATE_LIMITS.images);
    assert.ok(s.layers.length <= LIMITS.layers);
    assert.ok([32, 64, 128, 256, 512].includes(s.size));
    // every value the state holds is one its schema allows
    for (const layer of s.layers) {
      for (const f of FIELDS.filter((x) => x.ops.includes(layer.op))) {
        const v = layer[f.name];
        if (typeof v === 'number' && f.min !== undefined) assert.ok(v >= f.min && v <= f.max, `${f.name}=${v}`);
        if (Array.isArray(v) && typeof v[0] === 'number' && f.min !== undefined) assert.ok(v.every((x) => x >= f.min && x <= f.max), `${f.name}=${v}`);
        if (f.kind === 'weight' && Array.isArray(v)) assert.ok(v.flat().every(Number.isFinite));
      }
    }
    assert.doesNotThrow(() => summarize(cl, [s.images.length || 1, 3, s.size, s.size], s.layers));
  }
  assert.equal(({}).polluted, undefined);
  assert.equal(Object.prototype.toString.call({}), '[object Object]');
});

test('specific notices name the bad part and what was used instead', () => {
  const r = parseHash('#img=house,nope&size=33&layer=Conv2d(stride=0)&layer=Dense(4)&layer=MaxPool2d(kernel_size=2,colour=red)');
  assert.deepEqual(r.state.images, ['house']);
  assert.equal(r.state.size, 32);
  assert.deepEqual(r.state.layers.map((l) => l.op), ['conv2d', 'maxPool2d']);
  assert.deepEqual(r.state.layers[0].stride, [1, 1]);
  assert.deepEqual(r.notices, [
    'Unknown sample "nope"; left out',
    'size must be one of 32, 64, 128, 256, 512, got "33"; 32 is used',
    'layer 1: stride must be between 1 and 16, got 0; the default is used',
    'layer 2: "Dense(4)" is not a layer (expected Conv2d(…), MaxPool2d(…), AvgPool2d(…), ConvTranspose2d(…), '
      + 'AdaptiveAvgPool2d(…), AdaptiveMaxPool2d(…) or LPPool2d(…)); it was left out',
    'layer 2: MaxPool2d has no argument "colour"; it was ignored',
  ]);
});

test('argument texts: words only where PyTorch takes them, None only where nullable', () => {
  const conv = makeLayer('conv2d');
  const convT = makeLayer('convTranspose2d');
  const pool = makeLayer('maxPool2d');
  const f = (name) => FIELDS.find((x) => x.name === name);
  assert.deepEqual(parseFieldText(f('padding'), 'same', conv), { ok: true, value: 'same' });
  assert.equal(parseFieldText(f('padding'), 'same', convT).ok, false);
  assert.deepEqual(parseFieldText(f('stride'), '', pool), { ok: true, value: null });
  assert.equal(parseFieldText(f('stride'), '', conv).ok, false);
  assert.deepEqual(parseFieldText(f('kernel_size'), '(3, 5)', pool), { ok: true, value: [3, 5] });
  assert.deepEqual(parseFieldText(f('weight'), '1 2 1\n0 0 0\n-1 -2 -1', conv), { ok: true, value: [[1, 2, 1], [0, 0, 0], [-1, -2, -1]] });
  assert.deepEqual(parseFieldText(f('bias'), '-0.5', conv), { ok: true, value: -0.5 });
  assert.match(parseFieldText(f('groups'), '2.5', conv).message, /groups must be an integer, got 2\.5/);
});

test('unknown, repeated and undecodable keys and arguments: one notice per kind, with the count and the first few', () => {
  // a generous bound: it catches a hang or a quadratic parse, not a busy machine
  const timed = (hash) => {
    const started = performance.now();
    const r = parseHash(hash);
    assert.ok(performance.now() - started < 2000, 'no hang');
    return r;
  };
  const unknown = Array.from({ length: 2000 }, (_, i) => `k${i}=1`).join('&');
  assert.ok(unknown.length <= STATE_LIMITS.hashChars);
  assert.deepEqual(timed(unknown), { state: defaultState(), notices: ['2000 unknown settings ignored ("k0", "k1", "k2", …)'] });
  const repeated = timed(`size=64&${'size=128&'.repeat(2000)}`);
  assert.equal(repeated.state.size, 64, 'the first one is used');
  assert.deepEqual(repeated.notices, ['2000 repeated settings ignored, the first of each is used ("size")']);
  assert.deepEqual(timed('%&'.repeat(STATE_LIMITS.hashChars / 2)).notices, [`${STATE_LIMITS.hashChars / 2} unknown settings ignored ("%")`]);
  assert.deepEqual(timed('a=%&b=%ZZ&a=%&c=%E0&d=%').notices, ['5 settings with a malformed %-escape ignored ("a", "b", "c", …)']);
  // inside a layer: its unknown and repeated arguments
  const layer = timed(`layer=Conv2d(${'x=1,'.repeat(2000)}stride=2,${'stride=3,'.repeat(1000)}y)`);
  assert.equal(layer.state.layers.length, 1);
  assert.deepEqual(layer.state.layers[0].stride, [2, 2]);
  assert.deepEqual(layer.notices, [
    'layer 1: 2001 unknown arguments of Conv2d ignored ("x", "y")',
    'layer 1: 1000 repeated arguments ignored, the first of each is used ("stride")',
  ]);
  // one of a kind keeps the one-key sentence
  assert.deepEqual(parseHash('foo=1&size=64&size=32').notices, ['Unknown setting "foo"; it was ignored', '"size" is given twice; the first one is used']);
});

test('the adaptive pools and LPPool2d in the link: their arguments round-trip, None for one axis included', () => {
  const layers = [
    makeLayer('adaptiveAvgPool2d', { output_size: [1, 1] }),
    makeLayer('adaptiveMaxPool2d', { output_size: [7, null] }),
    makeLayer('adaptiveAvgPool2d', { output_size: [null, null] }),
    makeLayer('adaptiveMaxPool2d'),
    makeLayer('lpPool2d', { norm_type: 1.5, kernel_size: [3, 2], stride: [2, 2], ceil_mode: true }),
    makeLayer('lpPool2d', { norm_type: -0.25 }),
  ];
  assert.deepEqual(layers.map(layerText), [
    'AdaptiveAvgPool2d(output_size=1)',
    'AdaptiveMaxPool2d(output_size=(7,None))',
    'AdaptiveAvgPool2d(output_size=(None,None))',
    'AdaptiveMaxPool2d()',
    'LPPool2d(norm_type=1.5,kernel_size=(3,2),stride=2,ceil_mode=True)',
    'LPPool2d(norm_type=-0.25)',
  ]);
  const s = { ...defaultState(), layers };
  const back = parseHash(serializeHash(s));
  assert.deepEqual(back.notices, []);
  assert.deepEqual(back.state, s);
  // defaults: ResNet's 7×7 for the adaptive pools, L2 pooling of 2×2 windows
  assert.deepEqual(makeLayer('adaptiveAvgPool2d'), { op: 'adaptiveAvgPool2d', output_size: [7, 7] });
  assert.deepEqual(makeLayer('lpPool2d'), { op: 'lpPool2d', norm_type: 2, kernel_size: [2, 2], stride: null, ceil_mode: false });
  // Python's spellings
  const py = parseHash("#layer=AdaptiveAvgPool2d(output_size=[None, 3])&layer=LPPool2d(norm_type=2.0, kernel_size=(3, 3), stride=None)");
  assert.deepEqual(py.notices, []);
  assert.deepEqual(py.state.layers[0].output_size, [null, 3]);
  assert.deepEqual(py.state.layers[1], makeLayer('lpPool2d', { kernel_size: [3, 3] }));
});

test('bad arguments of the new layers: a notice naming the value, the default kept', () => {
  const r = parseHash('#layer=AdaptiveAvgPool2d(output_size=0)&layer=AdaptiveMaxPool2d(output_size=(None,y),return_indices=True)'
    + '&layer=LPPool2d(norm_type=p,kernel_size=2)&layer=LPPool2d(norm_type=100)');
  assert.deepEqual(r.state.layers, [
    makeLayer('adaptiveAvgPool2d'), makeLayer('adaptiveMaxPool2d'), makeLayer('lpPool2d'), makeLayer('lpPool2d'),
  ]);
  assert.deepEqual(r.notices, [
    'layer 1: output_size must be between 1 and 4096, got 0; the default is used',
    'layer 2: output_size must be an integer or a pair (h, w) in which an axis may be None, got (None,y); the default is used',
    'layer 2: AdaptiveMaxPool2d has no argument "return_indices"; it was ignored',
    'layer 3: norm_type must be a number, got p; the default is used',
    'layer 4: norm_type must be between -64 and 64, got 100; the default is used',
  ]);
  // None for one axis is an adaptive pool's alone: ConvTranspose2d's output_size is None or two sizes
  const f = FIELDS.find((x) => x.name === 'output_size');
  assert.deepEqual(parseFieldText(f, 'None, 5', makeLayer('adaptiveAvgPool2d')), { ok: true, value: [null, 5] });
  assert.equal(parseFieldText(f, 'None, 5', makeLayer('convTranspose2d')).ok, false);
  assert.deepEqual(parseFieldText(f, '', makeLayer('convTranspose2d')), { ok: true, value: null });
  assert.equal(parseFieldText(f, '', makeLayer('adaptiveAvgPool2d')).ok, false, 'an adaptive pool needs a size');
});
