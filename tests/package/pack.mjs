// Shared by the package tests that need the packed tarball (not a test file): `npm pack` of the repository (what
// `npm publish` would upload, without rebuilding: --ignore-scripts), installed into a fresh project copied from
// tests/package/fixtures/, and Chromium launched as TOOLCHAIN.md §6 says.
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const fixtures = path.join(root, 'tests', 'package', 'fixtures');
export const pkgDir = path.join(root, 'dist', 'convlens');

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

// npm run from inside `npm test` exports npm_config_* (local prefix, user agent, …) and
// npm_package_*; a nested npm must see none of it, or it may act on the repository instead.
const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));

/** Runs a command; resolves { stdout, stderr }, rejects with both in the message. */
export function run(cmd, args, { cwd, timeout = 60_000 } = {}) {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { cwd, env: cleanEnv, timeout, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      if (error) {
        const why = error.killed ? `killed after ${timeout} ms` : `exit ${error.code ?? error.signal}`;
        reject(new Error(`\`${[cmd, ...args].join(' ')}\` in ${cwd}: ${why}\n--- stdout\n${stdout}\n--- stderr\n${stderr}`));
      } else {
        resolve({ stdout, stderr });
      }
    });
  });
}

/** Debian's Chromium through playwright-core. */
export function launchChromium() {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/**
 * Packs the repository into a new temporary folder (prefix `prefix`) and installs the tarball into a copy of
 * fixtures/`fixture` there. Resolves { tmp, project, tarball } (tarball: npm pack's JSON entry). dist/convlens/
 * must be built first.
 */
export async function packAndInstall(fixture, prefix) {
  for (const f of ['index.browser.js', 'widget/conv-lens.js', 'embed/embed.html', 'convlens_simd.wasm']) {
    if (!existsSync(path.join(pkgDir, f))) throw new Error(`dist/convlens/${f} is missing: run \`node scripts/build.mjs\` first`);
  }
  const tmp = mkdtempSync(path.join(os.tmpdir(), prefix));
  const { stdout } = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', tmp], { cwd: root });
  const [tarball] = JSON.parse(stdout);
  const project = path.join(tmp, fixture);
  cpSync(path.join(fixtures, fixture), project, { recursive: true });
  const args = ['install', path.join(tmp, tarball.filename), '--no-audit', '--no-fund', '--loglevel=error'];
  try {
    await run('npm', [...args, '--offline'], { cwd: project });
  } catch {
    await run('npm', args, { cwd: project }); // no cache entry to satisfy --offline: go online
  }
  return { tmp, project, tarball };
}
