// index.d.ts against the runtime, on one table of calls (tests/types/table/calls.ts): tsc --strict
// type-checks it (every valid call is accepted; every invalid call's `// @ts-expect-error` is used),
// then the same file, transpiled by TypeScript, runs against the package: each valid call runs and
// each invalid call throws (or rejects with) a ConvlensError of its code.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';

import { ConvlensError, load } from 'convlens';

const root = fileURLToPath(new URL('../../', import.meta.url));
const tableDir = path.join(root, 'tests', 'types', 'table');
const wasmDir = pathToFileURL(path.join(root, 'dist', 'convlens')).href + '/';

let table;
let cl;

before(async () => {
  const source = readFileSync(path.join(tableDir, 'calls.ts'), 'utf8');
  const compilerOptions = { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 };
  const { outputText } = ts.transpileModule(source, { compilerOptions });
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'convlens-type-table-'));
  try {
    writeFileSync(path.join(tmp, 'calls.mjs'), outputText);
    table = await import(pathToFileURL(path.join(tmp, 'calls.mjs')).href);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  cl = await load();
});

test('tsc --strict: every valid call type-checks, every invalid one is a type error', async () => {
  const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const { code, output } = await new Promise((resolve) => {
    execFile(process.execPath, [tsc, '-p', path.join(tableDir, 'tsconfig.json')], (error, stdout, stderr) =>
      resolve({ code: error ? error.code : 0, output: stdout + stderr }));
  });
  assert.equal(output.trim(), '', 'tsc reports nothing (an unused @ts-expect-error is a call the types accept)');
  assert.equal(code, 0);
});

test('the table is the one tsc checked: every invalid call carries its own @ts-expect-error', () => {
  const source = readFileSync(path.join(tableDir, 'calls.ts'), 'utf8');
  assert.equal(source.match(/^\s*\/\/ @ts-expect-error/gm).length, table.invalid.length);
  assert.ok(table.valid.length >= 20 && table.invalid.length >= 20, `${table.valid.length} valid, ${table.invalid.length} invalid`);
});

test('every valid call runs', async () => {
  for (const { name, call } of table.valid) {
    const result = await call({ cl, load, wasmDir });
    assert.ok(result && typeof result === 'object', `${name}: returned ${result}`);
  }
});

test('every invalid call throws a ConvlensError with its code', async () => {
  for (const { name, code, call } of table.invalid) {
    let thrown = null;
    try {
      await call({ cl, load, wasmDir });
    } catch (e) {
      thrown = e;
    }
    assert.ok(thrown instanceof ConvlensError, `${name}: ${thrown ? `threw ${thrown}` : 'did not throw'}`);
    assert.equal(thrown.code, code, `${name}: ${thrown.message}`);
  }
});
