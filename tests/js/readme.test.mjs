// The README's examples are run as written: each ```js block that imports convlens is executed and
// what it prints must equal its `// → ` lines, in order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
// A block that starts with a test file's name (// conv.test.js) is for a test runner:
// tests/package/test-runners.test.mjs runs it.
const blocks = [...readme.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1])
  .filter((b) => b.includes("from 'convlens'") && !/^\s*\/\/ [\w.-]+\.test\.js\n/.test(b));
// Inside the repository, so that 'convlens' resolves to this package (Node's self-reference).
const dir = path.join(root, 'build', 'readme-examples');

test('the README has runnable examples', () => {
  assert.ok(blocks.length >= 4, `found ${blocks.length} examples`);
});

blocks.forEach((code, i) => {
  test(`README example ${i + 1} prints what it says`, () => {
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `example-${i + 1}.mjs`);
    writeFileSync(file, code);
    const expected = [...code.matchAll(/^\/\/ → (.*)$/gm)].map((m) => m[1]);
    const printed = execFileSync(process.execPath, [file], { encoding: 'utf8' }).trimEnd().split('\n');
    assert.ok(expected.length > 0, 'an example must show its output');
    assert.deepEqual(printed, expected);
  });
});
