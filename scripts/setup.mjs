#!/usr/bin/env node
// Checks that everything convlens needs to build and test is on this machine, and installs what is
// missing: Debian packages (when run as root on Debian; otherwise it prints the command to run) and
// the npm devDependencies (npm ci, when node_modules is missing or older than package-lock.json).
// Fast no-op when everything is there. Usage: node scripts/setup.mjs
import { accessSync, constants, existsSync, readdirSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function onPath(cmd) {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    try {
      accessSync(path.join(dir, cmd), constants.X_OK);
      return true;
    } catch {
      // not in this directory
    }
  }
  return false;
}

function libFuzzerPresent() {
  const arch = { x64: 'x86_64', arm64: 'aarch64' }[process.arch] ?? process.arch;
  const base = '/usr/lib/llvm-14/lib/clang';
  try {
    return readdirSync(base).some((v) =>
      existsSync(path.join(base, v, 'lib/linux', `libclang_rt.fuzzer-${arch}.a`)));
  } catch {
    return false;
  }
}

// what: shown to people; pkg: the Debian package that provides it; ok: is it usable here?
const REQUIRED = [
  { what: 'em++ (Debian emscripten 3.1.6) + its CMake toolchain file', pkg: 'emscripten',
    ok: () => existsSync('/usr/bin/em++')
      && existsSync('/usr/share/emscripten/cmake/Modules/Platform/Emscripten.cmake') },
  { what: 'node-acorn (em++ -O2/-O3 links)', pkg: 'node-acorn',
    ok: () => existsSync('/usr/share/nodejs/acorn') },
  { what: '/usr/include/doctest/doctest.h', pkg: 'doctest-dev',
    ok: () => existsSync('/usr/include/doctest/doctest.h') },
  { what: '/usr/include/nlohmann/json.hpp', pkg: 'nlohmann-json3-dev',
    ok: () => existsSync('/usr/include/nlohmann/json.hpp') },
  { what: 'wasm-objdump (wabt)', pkg: 'wabt', ok: () => onPath('wasm-objdump') },
  { what: '/usr/bin/chromium', pkg: 'chromium',
    ok: () => existsSync('/usr/bin/chromium') && existsSync('/usr/lib/chromium/chromium') },
  { what: 'fonts for Chromium', pkg: 'fonts-liberation',
    ok: () => existsSync('/usr/share/fonts/truetype/liberation')
      || existsSync('/usr/share/fonts/truetype/dejavu') },
  { what: 'cmake', pkg: 'cmake', ok: () => onPath('cmake') },
  { what: 'ninja', pkg: 'ninja-build', ok: () => onPath('ninja') },
  { what: 'g++', pkg: 'g++', ok: () => onPath('g++') },
  { what: 'clang++-14 (native-asan preset)', pkg: 'clang-14', ok: () => onPath('clang++-14') },
  { what: 'clang-format (the C++ format check)', pkg: 'clang-format', ok: () => onPath('clang-format') },
  { what: 'libFuzzer runtime for clang 14', pkg: 'libclang-rt-14-dev', ok: libFuzzerPresent },
];
const OPTIONAL = [
  { what: 'ccache (faster rebuilds)', pkg: 'ccache', ok: () => onPath('ccache') },
  { what: 'a CJK font (简体中文 in the playground screenshots)', pkg: 'fonts-wqy-microhei',
    ok: () => existsSync('/usr/share/fonts/truetype/wqy/wqy-microhei.ttc') },
];

function run(cmd, args, opts = {}) {
  console.log(`setup: $ ${[cmd, ...args].join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  if (r.error) throw new Error(`${cmd}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${cmd} ${args[0] ?? ''} exited with ${r.status ?? r.signal}`);
}

function systemPackages() {
  const major = Number(process.versions.node.split('.')[0]);
  if (major < 20) throw new Error(`Node ${process.versions.node} is too old: convlens needs Node >= 20`);

  const missing = REQUIRED.filter((r) => !r.ok());
  const missingOptional = OPTIONAL.filter((r) => !r.ok());
  if (missing.length === 0) {
    if (missingOptional.length) {
      console.log(`setup: optional, not installed: ${missingOptional.map((r) => r.what).join(', ')}`
        + ` (apt-get install ${missingOptional.map((r) => r.pkg).join(' ')})`);
    }
    return;
  }

  const pkgs = [...new Set([...missing, ...missingOptional].map((r) => r.pkg))];
  console.log('setup: missing:');
  for (const r of missing) console.log(`  - ${r.what}  [Debian package ${r.pkg}]`);

  const debian = existsSync('/etc/debian_version');
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!debian || !isRoot) {
    const install = `sudo apt-get install -y ${pkgs.join(' ')}`;
    console.error(debian
      ? `setup: not root, so not installing. Run:\n  sudo apt-get update && ${install}\nthen run this again.`
      : `setup: not a Debian system; install the equivalents of: ${pkgs.join(' ')}`);
    process.exit(1);
  }

  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  console.log(`setup: installing ${pkgs.join(' ')} (emscripten and chromium take a minute or two)`);
  run('apt-get', ['update'], { env });
  // With recommends: the way these packages were verified on a fresh Debian 12 (Chromium's
  // recommended libraries included).
  run('apt-get', ['install', '-y', ...pkgs], { env });

  const still = REQUIRED.filter((r) => !r.ok());
  if (still.length) {
    throw new Error(`still missing after apt-get install: ${still.map((r) => r.what).join(', ')}`);
  }
}

function mtime(p) {
  try {
    return statSync(p).mtimeMs;
  } catch {
    return -1;
  }
}

function npmDependencies() {
  const lock = path.join(root, 'package-lock.json');
  const modules = path.join(root, 'node_modules');
  // npm writes node_modules/.package-lock.json on every install/ci: its age says when they last ran.
  const installed = Math.max(mtime(path.join(modules, '.package-lock.json')), -1);
  const complete = existsSync(path.join(modules, 'playwright-core', 'package.json'));
  if (complete && installed >= mtime(lock)) return;
  const why = !existsSync(modules) ? 'node_modules is missing'
    : !complete ? 'node_modules is incomplete' : 'node_modules is older than package-lock.json';
  console.log(`setup: ${why}`);
  if (existsSync(lock)) run('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root });
  else run('npm', ['install', '--no-audit', '--no-fund'], { cwd: root });
}

try {
  const t0 = performance.now();
  systemPackages();
  npmDependencies();
  console.log(`setup: ok (${Math.round(performance.now() - t0)} ms)`);
} catch (e) {
  console.error(`setup: FAILED: ${e.message}`);
  process.exit(1);
}
