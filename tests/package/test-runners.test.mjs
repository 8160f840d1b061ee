// The packed package under the test runners and module settings README.md's "Testing code that uses
// convlens" covers, with the README's own snippets: Jest in ES module mode (its package.json and
// conv.test.js, as written there) passes; Jest's default CommonJS setup fails, as the README says;
// TypeScript `module: node16` with CommonJS output loads it through import() (the README's snippet),
// and a static import there is TS1479 (`import … = require` TS1471). Jest and tsc are the repository's;
// each project installs the tarball (npm pack, as consumers.test.mjs does) into a fresh directory.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const JEST = path.join(root, 'node_modules', 'jest', 'bin', 'jest.js');
const TSC = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));

/** The README's fenced block of `lang` that contains `marker`. */
function readmeBlock(lang, marker) {
  const block = [...readme.matchAll(new RegExp(`^( *)\`\`\`${lang}\\n([\\s\\S]*?)^\\1\`\`\``, 'gm'))]
    .map((m) => m[2].replace(new RegExp(`^${m[1]}`, 'gm'), '')).find((b) => b.includes(marker));
  assert.ok(block, `README.md has a \`\`\`${lang} block with ${marker}`);
  return block;
}

/** Runs a command; resolves { code, stdout, stderr } (never rejects on a non-zero exit). */
function run(cmd, args, cwd, timeout = 120_000) {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { cwd, env: cleanEnv, timeout, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      if (error && error.killed) reject(new Error(`\`${[cmd, ...args].join(' ')}\` killed after ${timeout} ms\n${stdout}\n${stderr}`));
      else resolve({ code: error ? error.code : 0, stdout, stderr });
    });
  });
}

let tmp;
let tarball;

/** A fresh project `name` with `files` ({ relative path: text }) and the tarball installed. */
async function project(name, files) {
  const dir = path.join(tmp, name);
  mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(path.join(dir, file), text);
  const args = ['install', tarball, '--no-audit', '--no-fund', '--loglevel=error'];
  const offline = await run('npm', [...args, '--offline'], dir);
  if (offline.code !== 0) {
    const online = await run('npm', args, dir);
    assert.equal(online.code, 0, online.stderr);
  }
  return dir;
}

before(async () => {
  assert.ok(existsSync(path.join(root, 'dist', 'convlens', 'index.node.js')), 'run `node scripts/build.mjs` first');
  tmp = mkdtempSync(path.join(os.tmpdir(), 'convlens-runners-'));
  const packed = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', tmp], root);
  assert.equal(packed.code, 0, packed.stderr);
  tarball = path.join(tmp, JSON.parse(packed.stdout)[0].filename);
});

after(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

test("Jest in ES module mode, set up as the README says, runs the README's test against the tarball", async () => {
  const manifest = JSON.parse(readmeBlock('json', '--experimental-vm-modules'));
  const testFile = readmeBlock('js', '// conv.test.js');
  const dir = await project('jest-esm', { 'package.json': JSON.stringify({ name: 'jest-esm', private: true, ...manifest }),
    'conv.test.js': testFile });
  // the README's "test" script, with the repository's Jest in place of the project's own
  const [flag] = manifest.scripts.test.match(/--experimental-vm-modules/);
  const r = await run(process.execPath, [flag, JEST, '--ci', '--json', '--outputFile=result.json'], dir);
  assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
  const result = JSON.parse(readFileSync(path.join(dir, 'result.json'), 'utf8'));
  assert.deepEqual([result.numTotalTests, result.numPassedTests, result.numFailedTests], [1, 1, 0]);
  assert.equal(result.testResults[0].assertionResults[0].title, 'stride 2');
});

test("Jest's default CommonJS setup cannot load it (why the README asks for ES module mode)", async () => {
  const dir = await project('jest-cjs', {
    'package.json': JSON.stringify({ name: 'jest-cjs', private: true }),
    'conv.test.js': "test('loads', async () => { const { load } = require('convlens'); await load(); });\n",
  });
  const r = await run(process.execPath, [JEST, '--ci', '--json', '--outputFile=result.json'], dir);
  assert.notEqual(r.code, 0);
  const result = JSON.parse(readFileSync(path.join(dir, 'result.json'), 'utf8'));
  assert.equal(result.numPassedTests, 0);
});

test("TypeScript module node16, CommonJS output: the README's import() snippet compiles and runs; a static import is TS1479, import = require TS1471", async () => {
  const snippet = readmeBlock('ts', "'resolution-mode'");
  const tsconfig = (files) => JSON.stringify({ compilerOptions: { module: 'node16', moduleResolution: 'node16', target: 'es2022',
    lib: ['es2022'], types: [], strict: true, outDir: 'out' }, files });
  const dir = await project('ts-node16', {
    'package.json': JSON.stringify({ name: 'ts-node16', private: true, type: 'commonjs' }),
    'main.ts': snippet,
    'tsconfig.json': tsconfig(['main.ts']),
    'static.ts': "import { load } from 'convlens';\nexport const loading = load();\n",
    'require.ts': "import convlens = require('convlens');\nexport const loading = convlens.load();\n",
    'tsconfig.static.json': tsconfig(['static.ts', 'require.ts']),
  });
  const compiled = await run(process.execPath, [TSC, '-p', 'tsconfig.json'], dir);
  assert.equal(compiled.code, 0, compiled.stdout);
  assert.match(readFileSync(path.join(dir, 'out', 'main.js'), 'utf8'), /"use strict"[\s\S]*import\('convlens'\)/, 'CommonJS output keeping import()');
  const ran = await run(process.execPath, ['-e', "require('./out/main.js').main().then((cl) => console.log(cl.variant, cl.conv2d(cl.tensor([[[[1, 2], [3, 4]]]]), cl.tensor([[[[2]]]])).data.join(' ')))"], dir);
  assert.equal(ran.code, 0, ran.stderr);
  assert.equal(ran.stdout.trim(), 'simd 2 4 6 8');
  const staticImport = await run(process.execPath, [TSC, '-p', 'tsconfig.static.json'], dir);
  assert.notEqual(staticImport.code, 0);
  assert.match(staticImport.stdout, /^static\.ts\(1,22\): error TS1479: /m);
  assert.match(staticImport.stdout, /^require\.ts\(1,27\): error TS1471: /m);
});
