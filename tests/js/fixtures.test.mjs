// Every reference case in tests/fixtures/ (tutorial.json, random/rand_*.json, padmode/padmode_*.json)
// through the public API, for the SIMD and the scalar build and the threaded build on 2 and 3 threads;
// plus outputShape(spec).shape for each.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import {
  load,
  loadVariants,
  loadTutorialCases,
  loadFolderCases,
  prepareCase,
  runCase,
  assertTensorClose,
  assertIndicesEqual,
} from './helpers.mjs';

const variants = [...await loadVariants(),
  ...await Promise.all([2, 3].map(async (threads) => ({ name: 'simd-threads', threads, cl: await load({ threads }) })))];

const groups = [
  ['tutorial.json', loadTutorialCases()],
  ['random/rand_*.json', loadFolderCases('random', 'rand_')],
  ['padmode/padmode_*.json', loadFolderCases('padmode', 'padmode_')],
];

test('fixture counts', () => {
  const [tutorial, random, padmode] = groups.map((g) => g[1].length);
  assert.ok(tutorial >= 5, `tutorial.json has ${tutorial} cases`);
  assert.equal(random, 400, 'random/rand_*.json');
  assert.equal(padmode, 24, 'padmode/padmode_*.json');
});

for (const { name, threads = 1, cl } of variants) {
  const variant = threads > 1 ? `${name} ×${threads}` : name;
  describe(`fixtures [${variant}]`, () => {
    test(`load() gives the ${variant} variant`, () => {
      assert.deepEqual([cl.variant, cl.threads], [name, threads]);
    });

    for (const [groupName, cases] of groups) {
      describe(groupName, () => {
        for (const c of cases) {
          const pc = prepareCase(c);
          test(pc.name, () => {
            const label = `[${variant}] ${pc.file} ${pc.name} (${pc.method} ${JSON.stringify(pc.options)}, input ${JSON.stringify(pc.input.shape)}${pc.weight ? `, weight ${JSON.stringify(pc.weight.shape)}` : ''}${pc.bias ? ', bias' : ''})`;
            const inputCopy = Float32Array.from(pc.input.data);
            const r = runCase(cl, pc);
            assertTensorClose(r.output, pc.expected, label);
            if (pc.options.returnIndices) {
              assert.ok(pc.indices, `${label}: fixture has return_indices but no indices_pytorch`);
              assertIndicesEqual(r.indices, pc.indices, label);
            }
            // the op must not modify its input
            assert.deepEqual(pc.input.data, inputCopy, `${label}: the op modified its input`);
            // the data-free shape helper agrees with the op
            const info = cl.outputShape(pc.spec);
            assert.deepEqual([...info.shape], pc.expected.shape, `${label}: outputShape(${JSON.stringify(pc.spec)}).shape`);
          });
        }
      });
    }
  });
}
