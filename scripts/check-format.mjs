#!/usr/bin/env node
// Checks that every C++ file of cpp/, tests/cpp/, tests/fuzz/ and bench/ is formatted as .clang-format says
// (clang-format --dry-run --Werror); lists the files that are not and exits 1.
// Fix them with: clang-format -i <files>   (clang-format 14: node scripts/setup.mjs installs it)
import { existsSync, readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIRS = ['cpp', 'tests/cpp', 'tests/fuzz', 'bench'];

const files = DIRS.filter((d) => existsSync(path.join(root, d))).flatMap((d) =>
  readdirSync(path.join(root, d), { recursive: true })
    .map(String)
    .filter((f) => /\.(cpp|hpp|h|cc)$/.test(f))
    .map((f) => path.join(d, f)))
  .sort();

const unformatted = [];
for (const file of files) {
  const r = spawnSync('clang-format', ['--dry-run', '--Werror', '--style=file', file], { cwd: root, encoding: 'utf8' });
  if (r.error) {
    console.error(`format: cannot run clang-format (${r.error.message}); run node scripts/setup.mjs`);
    process.exit(2);
  }
  if (r.status !== 0) unformatted.push(file);
}
if (unformatted.length) {
  console.error(`format: ${unformatted.length} of ${files.length} C++ files differ from .clang-format:\n  ${unformatted.join('\n  ')}`);
  console.error(`fix with: clang-format -i ${unformatted.join(' ')}`);
  process.exit(1);
}
console.log(`format: all ${files.length} C++ files match .clang-format`);
