// The wasm boundary has one definition, in C++ (cpp/embind/bindings.cpp, cpp/convlens.hpp): the JS
// reads it at load. These tests fail when the JS's own names (error codes, the slots and ids it uses)
// and the module's exported protocol diverge.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import { readBoundary } from '../../dist/convlens/block.js';
import { ERROR_CODES } from '../../dist/convlens/errors.js';
import { OPTIONS } from '../../dist/convlens/args.js';

const dist = new URL('../../dist/convlens/', import.meta.url);
const source = (file) => readFileSync(new URL(`../../web/convlens/${file}`, import.meta.url), 'utf8');

async function rawModule(name) {
  const { default: factory } = await import(new URL(`${name}.mjs`, dist));
  return factory({ wasmBinary: readFileSync(new URL(`${name}.wasm`, dist)) });
}
const modules = await Promise.all(['convlens_simd', 'convlens_scalar'].map(rawModule));
const boundaries = modules.map(readBoundary);

/** The ErrorCode union of index.d.ts. */
function declaredCodes() {
  const m = /export type ErrorCode =([^;]+);/.exec(source('index.d.ts'));
  assert.ok(m, 'index.d.ts declares ErrorCode');
  return [...m[1].matchAll(/'([A-Z_]+)'/g)].map((x) => x[1]);
}

/** The enumerators of convlens::Code in cpp/convlens.hpp, in order. */
function headerCodes() {
  const hpp = readFileSync(new URL('../../cpp/convlens.hpp', import.meta.url), 'utf8');
  const body = /enum class Code : int32_t \{([^}]+)\}/.exec(hpp)[1];
  return [...body.matchAll(/^\s*([a-z_]+) = (\d+),/gm)].map((x) => [x[1].toUpperCase(), Number(x[2])]);
}

test('both builds export the same boundary', () => {
  assert.deepEqual(boundaries[1], boundaries[0]);
});

/// The codes only the JS raises, and the file that raises each: the rest of ERROR_CODES are the core's.
const JS_ONLY_CODES = { INVALID_TYPE: 'args.js', UNKNOWN_OPTION: 'args.js', INTERNAL_ERROR: 'convlens.js', LOAD_FAILED: 'loader.js',
  FREED: 'resident.js' };

test("every code the core has is exported under its header name, and has a JS name; every other JS code is listed as the JS's own and raised there", () => {
  const { codeNames } = boundaries[0];
  assert.deepEqual(codeNames.map((name, i) => [name, i]), headerCodes());
  assert.equal(codeNames[0], 'OK');
  for (const name of codeNames.slice(1)) assert.ok(ERROR_CODES.includes(name), `${name} has no JS name`);
  assert.deepEqual(ERROR_CODES.filter((name) => !codeNames.includes(name)).sort(), Object.keys(JS_ONLY_CODES).sort(),
    'the JS-only codes are exactly the listed ones');
  for (const [name, file] of Object.entries(JS_ONLY_CODES)) {
    assert.match(source(file), new RegExp(`'${name}'`), `${name} is raised in ${file}`);
  }
  assert.deepEqual([...declaredCodes()].sort(), [...ERROR_CODES].sort(), 'index.d.ts ErrorCode = errors.js ERROR_CODES');
});

test('every slot the JS names exists in the module, inside the block, and no two slots overlap', () => {
  const { Slot } = boundaries[0];
  const used = new Set([...source('convlens.js').matchAll(/Slot\.([A-Z_]+)/g)].map((m) => m[1]));
  assert.ok(used.size > 40, `convlens.js names ${used.size} slots`);
  for (const name of used) assert.ok(Number.isInteger(Slot[name]), `Slot.${name} is not exported by the module`);
  // Widths of the multi-int slots; every other slot is one int.
  const width = { IN_DIMS: 8, GO_DIMS: 8, W_DIMS: 4, OUT_DIMS: 4, OUT_INDEX: 4, AXIS: 2 * Slot.AXIS_STRIDE,
    RESULT_ADDR: 3 };
  const owner = new Array(Slot.SIZE).fill(null);
  for (const [name, at] of Object.entries(Slot)) {
    if (name === 'SIZE' || name === 'AXIS_STRIDE') continue;
    for (let i = at; i < at + (width[name] ?? 1); i++) {
      assert.ok(i >= 0 && i < Slot.SIZE, `${name} lies outside the block`);
      assert.equal(owner[i], null, `${name} overlaps ${owner[i]} at ${i}`);
      owner[i] = name;
    }
  }
});

test('every op and mode the JS accepts has a module id', () => {
  const { OpId, PaddingModeId, ConvPaddingId, TAP_INTS } = boundaries[0];
  assert.deepEqual(Object.keys(OpId).sort(), Object.keys(OPTIONS).sort());
  for (const mode of ['zeros', 'constant', 'reflect', 'replicate', 'circular']) assert.ok(Number.isInteger(PaddingModeId[mode]), mode);
  assert.equal(PaddingModeId.constant, PaddingModeId.zeros);
  assert.deepEqual(Object.keys(ConvPaddingId).sort(), ['explicit', 'same', 'valid']);
  assert.equal(TAP_INTS, 12);
});
