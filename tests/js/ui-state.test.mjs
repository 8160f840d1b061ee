// web/ui/model/state.js: the one schema, its URL parse / serialize, and what it does with hostile hashes;
// make-state.js: the op switch and states from partial descriptions.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import {
  PLAYGROUND_OPS,
  FIELDS, LIMITS, NOTICE_KEYS, defaultState, field, fieldText, inputShape, parseFieldText, parseHash,
  serializeHash, syncShapes, weightShape, ARG_FIELDS, SIZE_FIELDS, isOneD,
} from '../../web/ui/model/state.js';
import { makeState, switchOp } from '../../web/ui/model/make-state.js';
import { opArg } from '../../web/ui/model/ops.js';
import { moduleCall } from '../../web/ui/model/module-call.js';
import { evaluate } from '../../web/ui/model/compute.js';
import { loadVariants } from './helpers.mjs';
import { loadLang, t } from '../../web/ui/i18n/i18n.js';
import { mulberry32 } from '../../web/ui/model/random.js';
import { setCell } from '../../web/ui/model/tensors.js';

const plain = (s) => JSON.parse(JSON.stringify({
  ...s,
  tensors: Object.fromEntries(Object.entries(s.tensors)
    .map(([k, t]) => [k, { shape: t.shape, texts: t.texts, fill: t.fill }])),
}));

describe('defaults and round trips', () => {
  test('the default state is the tutorial: Conv2d(1, 1, 3) on the 5×5 input, no bias', () => {
    const s = defaultState();
    assert.equal(s.op, 'conv2d');
    assert.deepEqual(s.tensors.input.shape, [1, 1, 5, 5]);
    assert.deepEqual(s.tensors.weight.texts, ['1', '2', '1', '0', '1', '0', '2', '1', '0']);
    assert.equal(s.bias, false);
    assert.equal(s.lang, 'en');
  });

  test('an empty hash gives the defaults and no notice', () => {
    for (const h of ['', '#', undefined, null, 42]) {
      const { state, notices } = parseHash(h);
      assert.deepEqual(notices, []);
      assert.deepEqual(plain(state), plain(defaultState()));
    }
  });

  test('only non-default fields are written, in PyTorch’s names', () => {
    const s = makeState({ stride: [2, 1], padding: 'same', ceil_mode: true, lang: 'zh' });
    const h = serializeHash(s);
    assert.match(h, /^op=conv2d&stride=2%2C1&padding=same&ceil_mode=True&lang=zh&input=1x1x5x5:/);
    assert.doesNotMatch(h, /dilation|groups|bias/);
  });

  test('parse(serialize(s)) reproduces s for every op and argument', () => {
    const states = [
      makeState({ op: 'conv2d', in_channels: 2, out_channels: 4, groups: 2, padding_mode: 'circular', padding: [1, 2], dilation: [2, 1], bias: true,
        tensors: { input: { kind: 'random', seed: 5 }, weight: { kind: 'range' }, bias: [0.5, -1, 2, 3] } }),
      makeState({ op: 'convTranspose2d', stride: [2, 2], output_padding: [1, 0], output_size: [10, 9], kernel_size: [3, 2] }),
      makeState({ op: 'maxPool2d', stride: null, ceil_mode: true, return_indices: true }),
      makeState({ op: 'avgPool2d', count_include_pad: false, divisor_override: 3, batch: 2 }),
      makeState({ op: 'adaptiveAvgPool2d', output_size: [3, null], in_channels: 2 }),
      makeState({ op: 'adaptiveMaxPool2d', output_size: [1, 4], return_indices: true, input_size: [4, 7] }),
      makeState({ op: 'lpPool2d', norm_type: 1.5, kernel_size: [2, 3], stride: [1, 2], ceil_mode: true }),
    ];
    for (const s of states) {
      const back = parseHash(`#${serializeHash(s)}`);
      assert.deepEqual(back.notices, []);
      const a = plain(s);
      const b = plain(back.state);
      if (!['conv2d', 'convTranspose2d'].includes(s.op)) {
        delete a.tensors.weight;
        delete b.tensors.weight;
        delete a.tensors.bias;
        delete b.tensors.bias;
      }
      assert.deepEqual(b, a);
    }
  });

  test('select (the pinned output cell) round-trips; None and the default write nothing; hostile values fall back', () => {
    const s = { ...defaultState(), select: 7 };
    const hash = serializeHash(s);
    assert.match(hash, /(^|&)select=7(&|$)/);
    assert.equal(parseHash(hash).state.select, 7);
    assert.deepEqual(parseHash(hash).notices, []);
    assert.ok(!serializeHash(defaultState()).includes('select'));
    assert.equal(parseHash('op=conv2d&select=None').state.select, null);
    for (const bad of ['-1', '1e3', '9999999999', String((1 << 20) + 1), 'abc', '%E0%A4%A']) {
      const r = parseHash(`op=conv2d&select=${bad}`);
      assert.equal(r.state.select, null, bad);
      assert.equal(r.notices.length, 1, bad);
      assert.equal(r.notices[0].key, 'badValue', bad);
    }
  });

  test('an unedited fill is written as its recipe, an edited one as values', () => {
    const s = makeState({ input_size: [64, 64], tensors: { input: { kind: 'random', seed: 9 } } });
    assert.match(serializeHash(s), /input=1x1x64x64:~random\.9/);
    setCell(s.tensors.input, 0, '2.5');
    const h = serializeHash(s);
    assert.match(h, /input=1x1x64x64:2\.5,/);
    assert.equal(parseHash(h).state.tensors.input.texts[0], '2.5');
  });

  test('cell texts that are not numbers survive the URL as text (any characters)', () => {
    const s = defaultState();
    setCell(s.tensors.input, 3, 'a,b&c=d#e%f <x>');
    const back = parseHash(serializeHash(s)).state;
    assert.equal(back.tensors.input.texts[3], 'a,b&c=d#e%f <x>');
    assert.ok(back.tensors.input.invalid.has(3));
  });

  test('sizes missing from the URL are taken from the tensors’ shapes', () => {
    const { state, notices } = parseHash('#input=1x2x3x4:~zeros.0&weight=5x2x2x2:~ones.0');
    assert.deepEqual(notices, []);
    assert.deepEqual(inputShape(state), [1, 2, 3, 4]);
    assert.deepEqual(state.kernel_size, [2, 2]);
    assert.equal(state.out_channels, 5);
    assert.deepEqual(state.tensors.weight.shape, [5, 2, 2, 2]);
  });

  test('a tensor that disagrees with explicit sizes is resized, with a notice', () => {
    const { state, notices } = parseHash('#input_size=3&input=1x1x2x2:1,2,3,4');
    assert.deepEqual(state.tensors.input.shape, [1, 1, 3, 3]);
    assert.deepEqual(state.tensors.input.texts, ['1', '2', '0', '3', '4', '0', '0', '0', '0']);
    assert.deepEqual(notices.map((n) => n.key), ['resizedTensor']);
  });
});

describe('field text', () => {
  test('pairs, paddings, None and bools parse as PyTorch writes them', () => {
    const f = (n) => field(n);
    assert.deepEqual(parseFieldText(f('stride'), '2').value, [2, 2]);
    assert.deepEqual(parseFieldText(f('stride'), '(2, 1)').value, [2, 1]);
    assert.deepEqual(parseFieldText(f('stride'), '[3,4]').value, [3, 4]);
    assert.equal(parseFieldText(f('stride'), '').value, null);
    assert.equal(parseFieldText(f('stride'), 'None').value, null);
    assert.equal(parseFieldText(f('padding'), "'same'").value, 'same');
    assert.equal(parseFieldText(f('padding'), 'valid').value, 'valid');
    assert.equal(parseFieldText(f('bias'), 'True').value, true);
    assert.equal(parseFieldText(f('groups'), '3').value, 3);
    assert.equal(fieldText(f('stride'), [2, 1]), '2, 1');
    assert.equal(fieldText(f('stride'), [2, 2]), '2');
    assert.equal(fieldText(f('output_size'), null), '');
  });

  test('malformed or out-of-range text gives a message key naming the argument', () => {
    assert.equal(parseFieldText(field('stride'), 'two').key, 'expectPair');
    assert.equal(parseFieldText(field('stride'), '1, 2, 3').key, 'expectPair');
    assert.equal(parseFieldText(field('stride'), '1.5').key, 'expectPair');
    assert.equal(parseFieldText(field('groups'), '').key, 'expectInt');
    assert.equal(parseFieldText(field('padding'), 'full').key, 'expectPadding');
    assert.equal(parseFieldText(field('op'), 'conv3d').key, 'expectOneOf');
    const r = parseFieldText(field('input_size'), '100000');
    assert.equal(r.key, 'outOfRange');
    assert.equal(r.params.name, 'input_size');
  });

  test('every field has a default its own parser accepts', () => {
    for (const f of FIELDS) {
      const text = fieldText(f, f.def, { none: 'None', sep: ',' });
      assert.ok(parseFieldText(f, text).ok, `${f.name}: ${text}`);
    }
  });
});

describe('shapes', () => {
  test('weight shapes follow nn.Conv2d and nn.ConvTranspose2d', () => {
    assert.deepEqual(weightShape(makeState({ in_channels: 4, out_channels: 6, groups: 2 })), [6, 2, 3, 3]);
    assert.deepEqual(weightShape({ ...makeState({ in_channels: 4, out_channels: 6, groups: 2 }), op: 'convTranspose2d' }), [4, 3, 3, 3]);
    assert.equal(weightShape({ ...defaultState(), in_channels: 3, groups: 2 }), null);
  });

  test('groups that do not divide the channels leave the weight (and its edits) as they are', () => {
    let s = makeState({ in_channels: 2, tensors: { weight: { kind: 'range' } } });
    assert.deepEqual(s.tensors.weight.shape, [1, 2, 3, 3]);
    setCell(s.tensors.weight, 17, '42');
    s = syncShapes({ ...s, in_channels: 3, groups: 2 });
    assert.deepEqual(s.tensors.weight.shape, [1, 2, 3, 3]);
    s = syncShapes({ ...s, in_channels: 2, groups: 1 });
    assert.equal(s.tensors.weight.texts[17], '42');
  });

  test('resizing keeps the overlapping cells and zero-fills the rest', () => {
    const s = syncShapes({ ...defaultState(), input_size: [3, 6] });
    assert.deepEqual(s.tensors.input.texts, ['1', '2', '0', '3', '1', '0', '0', '1', '2', '3', '1', '0', '1', '2', '1', '0', '0', '0']);
  });
});

describe('hostile and malformed hashes', () => {
  const cases = {
    'script in a value': '#op=<script>alert(1)</script>',
    'img onerror': '#op=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E',
    'javascript: url': '#padding_mode=javascript:alert(1)',
    'prototype keys': '#__proto__=1&constructor=2&toString=3&hasOwnProperty=4&__proto__[x]=1',
    'bad percent-encoding': '#stride=%E0%A4%A&input=1x1x1x1:%ZZ',
    'huge numbers': '#input_size=99999999999999999999&batch=1e9&kernel_size=-5',
    'too many elements': '#input=1x1x1000x1000:~zeros.0',
    'wrong element count': '#weight=1x1x3x3:1,2,3',
    'unknown fill': '#input=1x1x5x5:~eval.1',
    'wrong rank': '#input=5x5:1&bias=1x1:0',
    'duplicates': '#stride=2&stride=3',
    'nonsense': '#&&&===&=&x&%%%',
    'sizes beyond the limit': '#batch=8&in_channels=64&input_size=256',
  };
  for (const [name, hash] of Object.entries(cases)) {
    test(`${name}: defaults, a notice, nothing thrown`, () => {
      const { state, notices } = parseHash(hash);
      assert.ok(notices.length > 0, 'a notice');
      for (const n of notices) {
        assert.equal(typeof n.key, 'string');
        for (const [name, v] of Object.entries(n.params)) {
          // a list of keys names a few, each clipped and quoted
          const max = name === 'keys' ? NOTICE_KEYS * (41 + 4) + 3 : 41;
          assert.ok(String(v).length <= max, `notice params are clipped: ${v}`);
        }
      }
      assert.ok(['conv2d', 'convTranspose2d', 'maxPool2d', 'avgPool2d'].includes(state.op));
      assert.ok(inputShape(state).reduce((a, b) => a * b, 1) <= LIMITS.tensorElements);
      assert.equal(({}).x, undefined, 'Object.prototype untouched');
      assert.equal(Object.getPrototypeOf(state), Object.prototype);
    });
  }

  test('a hash over the length limit is ignored whole', () => {
    const { state, notices } = parseHash(`#op=maxPool2d&x=${'a'.repeat(LIMITS.hashChars)}`);
    assert.equal(state.op, 'conv2d');
    assert.deepEqual(notices.map((n) => n.key), ['hashTooLong']);
  });

  test('a hash over the length limit costs no more than its length check', () => {
    const started = performance.now();
    const { notices } = parseHash(`#${'k&'.repeat(LIMITS.hashChars)}`);
    assert.ok(performance.now() - started < 2000, 'no hang');
    assert.deepEqual(notices, [{ key: 'hashTooLong', params: { length: 2 * LIMITS.hashChars } }]);
  });

  test('random garbage never throws and always yields a usable state (seeded, 3000 hashes)', () => {
    const next = mulberry32(20261201);
    const alphabet = 'abcdefghijklmnopqrstuvwxyz_=&%,:~.x0123456789-+<>"\'()[]{}#\\/ \u00e9\u4e2d';
    const keys = FIELDS.map((f) => f.name).concat(['input', 'weight', 'bias', '__proto__']);
    for (let i = 0; i < 3000; i++) {
      let h = '#';
      const parts = 1 + Math.floor(next() * 5);
      for (let p = 0; p < parts; p++) {
        const key = next() < 0.7 ? keys[Math.floor(next() * keys.length)] : '';
        let v = '';
        const len = Math.floor(next() * 20);
        for (let k = 0; k < len; k++) v += alphabet[Math.floor(next() * alphabet.length)];
        h += `${p ? '&' : ''}${key}=${v}`;
      }
      const { state } = parseHash(h);
      assert.ok(state.tensors.input.texts.length === inputShape(state).reduce((a, b) => a * b, 1), h);
      serializeHash(state); // and it serialises again
    }
  });
});

describe('unknown and repeated keys: one notice per kind, in linear time', () => {
  // a generous bound: it catches a hang or a quadratic parse (seconds), not a busy machine
  const timed = (hash) => {
    const started = performance.now();
    const r = parseHash(hash);
    const ms = performance.now() - started;
    assert.ok(ms < 2000, `parsed in ${ms.toFixed(0)} ms`);
    return r;
  };

  test('100 000 unknown keys: one notice with the count and the first keys', () => {
    const hash = `#${Array.from({ length: 100_000 }, (_, i) => `k${i}=1`).join('&')}`;
    assert.ok(hash.length > 880_000 && hash.length <= LIMITS.hashChars);
    const { state, notices } = timed(hash);
    assert.deepEqual(notices, [{ key: 'unknownKeys', params: { count: 100_000, keys: '“k0”, “k1”, “k2”, …' } }]);
    assert.deepEqual(plain(state), plain(defaultState()));
  });

  test('200 000 duplicate keys: the first one is used, one notice says how many were not', () => {
    const { state, notices } = timed(`#stride=2&${Array.from({ length: 199_999 }, (_, i) => `stride=${i % 7}`).join('&')}`);
    assert.deepEqual(state.stride, [2, 2]);
    assert.deepEqual(notices, [{ key: 'duplicateKeys', params: { count: 199_999, keys: '“stride”' } }]);
  });

  test('200 000 of one unknown key: all unknown (none is used), named once', () => {
    const { state, notices } = timed(`#${'a=1&'.repeat(200_000)}`);
    assert.deepEqual(notices, [{ key: 'unknownKeys', params: { count: 200_000, keys: '“a”' } }]);
    assert.equal(state.op, 'conv2d');
  });

  test('the longest hash allowed, of one-letter parts or of ampersands, parses too', () => {
    const letters = timed(`#${'a&'.repeat(LIMITS.hashChars / 2 - 1)}a`);
    assert.deepEqual(letters.notices, [{ key: 'unknownKeys', params: { count: LIMITS.hashChars / 2, keys: '“a”' } }]);
    assert.deepEqual(timed(`#${'&'.repeat(LIMITS.hashChars)}`).notices, []);
    const escapes = timed(`#${'%&'.repeat(LIMITS.hashChars / 2)}`);
    assert.deepEqual(escapes.notices, [{ key: 'unknownKeys', params: { count: LIMITS.hashChars / 2, keys: '“%”' } }]);
  });

  test('both kinds, with the fields around them parsed as before', () => {
    const long = 'z'.repeat(50);
    const hash = `#x%20y=1&stride=2&${long}=2&op=maxPool2d&stride=3&x%20y=4&op=conv2d&w&v=5&kernel_size=2&stride=4`;
    const { state, notices } = parseHash(hash);
    assert.equal(state.op, 'maxPool2d');
    assert.deepEqual(state.stride, [2, 2]);
    assert.deepEqual(state.kernel_size, [2, 2]);
    assert.deepEqual(notices, [
      // keys decoded and clipped; repeats of a named key are counted, not named again; '…' for more
      { key: 'unknownKeys', params: { count: 5, keys: `“x y”, “${'z'.repeat(40)}…”, “w”, …` } },
      { key: 'duplicateKeys', params: { count: 3, keys: '“stride”, “op”' } },
    ]);
  });

  test('one of a kind keeps the one-key message; values and tensors keep theirs', () => {
    assert.deepEqual(parseHash('#foo=1').notices, [{ key: 'unknownKey', params: { key: 'foo' } }]);
    assert.deepEqual(parseHash('#stride=2&stride=3').notices, [{ key: 'duplicateKey', params: { key: 'stride' } }]);
    const r = parseHash('#foo&stride=x&bar&weight=1x1:1&foo');
    assert.deepEqual(r.notices.map((n) => n.key), ['badValue', 'unknownKeys', 'badTensor']);
    assert.deepEqual(r.notices[1].params, { count: 3, keys: '“foo”, “bar”' });
  });

  test('the aggregated notices read in English and 简体中文', async () => {
    const [unknown] = parseHash(`#${Array.from({ length: 1000 }, (_, i) => `k${i}`).join('&')}`).notices;
    assert.equal(t('en', unknown.key, unknown.params), '1000 unknown settings ignored (“k0”, “k1”, “k2”, …).');
    const [repeated] = parseHash('#op=conv2d&op=conv2d&op=x').notices;
    assert.equal(t('en', repeated.key, repeated.params), '2 repeated settings ignored, the first of each is used (“op”).');
    assert.equal(await loadLang('zh'), true);
    assert.equal(t('zh', unknown.key, unknown.params), '已忽略 1000 个未知设置（“k0”, “k1”, “k2”, …）。');
    assert.equal(t('zh', repeated.key, repeated.params), '已忽略 2 个重复的设置，每项使用第一个（“op”）。');
  });
});

describe('switching op', () => {
  test('Conv2d(stride 2, padding 1) → MaxPool2d gives MaxPool2d(3): the arguments take the new op\'s PyTorch defaults', async () => {
    const conv = makeState({ stride: [2, 2], padding: [1, 1], dilation: [2, 1] });
    const pool = switchOp(conv, 'maxPool2d');
    assert.equal(pool.op, 'maxPool2d');
    assert.equal(pool.stride, null, 'a pool\'s stride None (= kernel_size)');
    assert.deepEqual(pool.padding, [0, 0]);
    assert.deepEqual(pool.dilation, [1, 1]);
    assert.equal(moduleCall('maxPool2d', pool, { omitDefaults: true }), 'MaxPool2d(kernel_size=3)');
    // the input and the sizes stay
    assert.deepEqual(pool.tensors.input.texts, conv.tensors.input.texts);
    for (const name of SIZE_FIELDS) assert.deepEqual(pool[name], conv[name], name);
    const [{ cl }] = await loadVariants();
    const r = evaluate(cl, pool);
    assert.ok(r.ok, r.error?.message);
    // the tutorial input's only 3×3 window (stride 3): max of [[1, 2, 0], [0, 1, 2], [1, 2, 1]]
    assert.deepEqual(r.output.shape, [1, 1, 1, 1]);
    assert.deepEqual([...r.output.data], [2]);
    assert.match(serializeHash(pool), /^op=maxPool2d&stride=None&input=/);
  });

  test('every argument but the sizes and the bias becomes the new op\'s default, for every pair of ops', () => {
    const changed = { stride: [3, 2], padding: [2, 1], dilation: [2, 2], groups: 1, padding_mode: 'reflect', output_padding: [1, 1],
      output_size: [9, 9], ceil_mode: true, return_indices: true, count_include_pad: false, divisor_override: 5 };
    for (const from of PLAYGROUND_OPS) {
      for (const to of PLAYGROUND_OPS) {
        if (from === to) continue;
        const kernel = isOneD(from) ? 3 : [2, 3];
        const s = switchOp(makeState({ op: from, ...changed, batch: 2, kernel_size: kernel, bias: true }), to);
        for (const name of ARG_FIELDS) {
          if (name === 'bias') continue;
          const a = opArg(to, name);
          // what PyTorch requires (an adaptive pool's output_size, LPPool2d's p), the playground sets;
          // fold's output_size is the size of the image its blocks came from
          const required = { output_size: isOneD(to) ? 2 : to === 'fold' ? [5, 5] : [2, 2], norm_type: 2 };
          const def = a ? (a.def === undefined ? required[name] : a.def) : field(name).def;
          assert.deepEqual(s[name], def, `${from} → ${to}: ${name}`);
        }
        assert.equal(s.bias, true, `${from} → ${to}: the bias is data and stays`);
        assert.equal(s.batch, 2);
        // a 1-D op keeps a 2-D kernel's width; a 2-D op squares a 1-D kernel's length
        assert.deepEqual(s.kernel_size, isOneD(to) ? 3 : isOneD(from) ? [3, 3] : [2, 3], `${from} → ${to}: kernel_size`);
      }
    }
    const same = makeState({ stride: [2, 2] });
    assert.equal(switchOp(same, 'conv2d'), same, 'the same op changes nothing');
    assert.equal(switchOp(same, 'conv3d'), same, 'an unknown op changes nothing');
  });
});

describe('Unfold and Fold', () => {
  test('switching to fold makes the blocks of the image (ones: fold gives overlap counts), and back', () => {
    const s = switchOp(makeState({ in_channels: 2, input_size: [5, 4], kernel_size: [3, 2] }), 'fold');
    assert.equal(s.in_channels, 12, 'C·kh·kw rows');
    assert.equal(s.input_size, 9, 'L = (5 − 3 + 1)·(4 − 2 + 1)');
    assert.deepEqual(s.output_size, [5, 4]);
    assert.deepEqual(s.tensors.input.shape, [1, 12, 9]);
    assert.deepEqual([...new Set(s.tensors.input.values)], [1]);
    assert.match(serializeHash(s), /^op=fold&in_channels=12&input_size=9&kernel_size=3%2C2&output_size=5%2C4&input=1x12x9:~ones\.0$/);
    const back = switchOp(s, 'unfold');
    assert.equal(back.in_channels, 2);
    assert.deepEqual(back.input_size, [5, 4]);
    assert.deepEqual(back.tensors.input.shape, [1, 2, 5, 4]);
  });

  test('fold\'s input [N, C·kh·kw, L] in the URL: L is one int, a 4-D input is resized with a notice', () => {
    const { state, notices } = parseHash('op=fold&in_channels=4&input_size=6&output_size=3,4&kernel_size=2&input=1x4x6:~ones.0');
    assert.deepEqual(notices, []);
    assert.equal(state.input_size, 6);
    assert.deepEqual(state.output_size, [3, 4]);
    assert.deepEqual(state.tensors.input.shape, [1, 4, 6]);
    const bad = parseHash('op=fold&input_size=2,3');
    assert.deepEqual(bad.notices.map((n) => n.key), ['badValue']);
    const wrongRank = parseHash('op=fold&in_channels=4&input_size=6&output_size=3,4&kernel_size=2&input=1x1x2x2:1,2,3,4');
    assert.equal(wrongRank.state.input_size, 6, 'a tensor of the other rank gives no sizes');
    assert.deepEqual(wrongRank.notices.map((n) => n.key), ['resizedTensor']);
  });
});

describe('adaptive pools and LPPool2d in the URL', () => {
  test('output_size with None for one axis, p as a float, in PyTorch\'s spelling', () => {
    const s = makeState({ op: 'adaptiveAvgPool2d', output_size: [null, 3] });
    assert.match(serializeHash(s), /^op=adaptiveAvgPool2d&output_size=None%2C3&input=/);
    assert.deepEqual(parseHash('#op=adaptiveAvgPool2d&output_size=(None, 3)').state.output_size, [null, 3]);
    const lp = parseHash('#op=lpPool2d&norm_type=2.5&kernel_size=2');
    assert.deepEqual(lp.notices, []);
    assert.equal(lp.state.norm_type, 2.5);
    assert.deepEqual(parseHash('#op=lpPool2d&norm_type=two').notices, [{ key: 'badValue', params: { name: 'norm_type', value: 'two' } }]);
  });

  test('a link naming an adaptive pool without its required output_size gets the playground\'s 2 × 2', () => {
    const { state, notices } = parseHash('#op=adaptiveMaxPool2d');
    assert.deepEqual(notices, []);
    assert.deepEqual(state.output_size, [2, 2]);
    assert.deepEqual(makeState({ op: 'adaptiveAvgPool2d' }).output_size, [2, 2]);
    assert.deepEqual(switchOp(defaultState(), 'adaptiveAvgPool2d').output_size, [2, 2]);
    // None given on purpose stays None: PyTorch's (and the API's) error is the reader's to see
    assert.equal(parseHash('#op=adaptiveMaxPool2d&output_size=None').state.output_size, null);
  });

  test('the new ops compute what the API computes from the same arguments', async () => {
    const { load } = await import('convlens');
    const cl = await load();
    const s = makeState({ op: 'adaptiveMaxPool2d', input_size: [5, 7], output_size: [2, null], tensors: { input: { kind: 'random', seed: 9 } } });
    const r = evaluate(cl, s);
    const x = { shape: s.tensors.input.shape, data: s.tensors.input.values };
    const direct = cl.adaptiveMaxPool2d(x, { outputSize: [2, null], returnIndices: true });
    assert.deepEqual([...r.output.data], [...direct.output.data]);
    assert.deepEqual([...r.indices.data], [...direct.indices.data]);
    const lp = makeState({ op: 'lpPool2d', norm_type: 2, kernel_size: [2, 2], stride: null });
    const lpInput = { shape: lp.tensors.input.shape, data: lp.tensors.input.values };
    assert.deepEqual([...evaluate(cl, lp).output.data], [...cl.lpPool2d(lpInput, { normType: 2, kernelSize: 2 }).data]);
  });
});

describe('the 1-D ops: [N, C, L] tensors and one-int sizes', () => {
  test('switching to a 1-D op keeps the first row and the width; back to 2-D squares the length', () => {
    const s = switchOp(makeState({ input_size: [3, 4], kernel_size: [3, 2] }), 'conv1d');
    assert.equal(s.input_size, 4);
    assert.equal(s.kernel_size, 2);
    assert.deepEqual([s.stride, s.padding, s.dilation], [1, 0, 1]);
    assert.deepEqual(s.tensors.input.shape, [1, 1, 4]);
    assert.deepEqual(s.tensors.weight.shape, [1, 1, 2]);
    assert.deepEqual(s.tensors.input.texts, makeState({ input_size: [3, 4] }).tensors.input.texts.slice(0, 4));
    const back = switchOp(s, 'maxPool2d');
    assert.deepEqual([back.input_size, back.kernel_size, back.stride], [[4, 4], [2, 2], null]);
    assert.deepEqual(back.tensors.input.shape, [1, 1, 4, 4]);
    assert.deepEqual(back.tensors.input.texts.slice(0, 4), s.tensors.input.texts, 'the row is the plane\'s first');
    assert.deepEqual(back.tensors.input.texts.slice(4), new Array(12).fill('0'));
    assert.equal(switchOp(s, 'adaptiveMaxPool1d').output_size, 2, 'the playground\'s output_size, one int');
    assert.deepEqual(weightShape(makeState({ op: 'convTranspose1d', in_channels: 2, out_channels: 4, groups: 2 })), [2, 2, 3]);
  });

  test('the URL: one ints, [N, C, L] tensors, and the sizes the op does not give left out', () => {
    const s = makeState({ op: 'conv1d', in_channels: 2, input_size: 6, kernel_size: 3, stride: 2, padding: 1 });
    const hash = serializeHash(s);
    assert.match(hash, /^op=conv1d&in_channels=2&input_size=6&stride=2&padding=1&input=1x2x6:1,2,0,3,1,0,[0,]+&weight=1x2x3:1,2,1,/);
    const { state, notices } = parseHash(hash);
    assert.deepEqual(notices, []);
    assert.deepEqual([state.input_size, state.kernel_size, state.stride, state.padding], [6, 3, 2, 1]);
    assert.deepEqual(state.tensors.input.shape, [1, 2, 6]);
    // the sizes come from the tensors, keys in any order (the op after its arguments)
    const reordered = parseHash('stride=(2,)&input=1x1x4:1,2,3,4&op=maxPool1d&kernel_size=2').state;
    assert.deepEqual([reordered.op, reordered.input_size, reordered.kernel_size, reordered.stride], ['maxPool1d', 4, 2, 2]);
    assert.deepEqual(Array.from(reordered.tensors.input.values), [1, 2, 3, 4]);
    // a pair where a 1-D op takes one int, in PyTorch's words; a 2-D tensor is resized with a notice
    const bad = parseHash('op=avgPool1d&kernel_size=2,2&input=1x1x2x3:1,2,3,4,5,6');
    assert.deepEqual(bad.notices.map((n) => n.key), ['badValue', 'resizedTensor']);
    assert.equal(bad.state.kernel_size, 3);
    assert.deepEqual(bad.state.tensors.input.shape, [1, 1, 5]);
    assert.deepEqual(bad.state.tensors.input.texts.slice(0, 3), ['1', '2', '3']);
    assert.deepEqual(parseFieldText(field('kernel_size'), '(3,)', 'conv1d'), { ok: true, value: 3 });
    assert.equal(parseFieldText(field('kernel_size'), '3, 2', 'conv1d').key, 'expectInt');
  });

  test('each 1-D op runs on its state as the API does', async () => {
    const { load } = await import('convlens');
    const cl = await load();
    for (const op of ['conv1d', 'convTranspose1d', 'maxPool1d', 'avgPool1d', 'adaptiveAvgPool1d', 'adaptiveMaxPool1d']) {
      const sizes = op.startsWith('adaptive') ? { output_size: 3 } : { kernel_size: 3, stride: op.includes('Pool') ? null : 2 };
      const s = makeState({ op, input_size: 7, ...sizes });
      const r = evaluate(cl, s);
      assert.equal(r.ok, true, `${op}: ${r.error?.message}`);
      const x = { shape: s.tensors.input.shape, data: s.tensors.input.values };
      const w = { shape: s.tensors.weight.shape, data: s.tensors.weight.values };
      const want = op.startsWith('adaptive') ? cl[op](x, { outputSize: 3 })
        : op.startsWith('conv') ? cl[op](x, w, { stride: 2 }) : cl[op](x, { kernelSize: 3 });
      assert.deepEqual(r.output.shape, want.shape, op);
      assert.deepEqual(Array.from(r.output.data), Array.from(want.data), op);
    }
  });
});
