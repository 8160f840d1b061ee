// The package's metadata as the npm registry shows it: package.json's repository / homepage / bugs,
// the version the entries export (package.json's), README.md's links and images (the registry page
// renders the README without the repository: every link must be absolute, and each one into the
// repository must name a file that exists), and CHANGELOG.md in Keep a Changelog's format.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { version } from 'convlens';

const root = fileURLToPath(new URL('../../', import.meta.url));
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const REPO = 'https://github.com/convlens/convlens';

test('package.json names the repository, its home page and where to report bugs', () => {
  assert.deepEqual(pkg.repository, { type: 'git', url: `git+${REPO}.git` });
  assert.equal(pkg.homepage, `${REPO}#readme`);
  assert.deepEqual(pkg.bugs, { url: `${REPO}/issues` });
});

test("the entries export package.json's version", async () => {
  assert.equal(version, pkg.version);
  const browser = await import(new URL('../../dist/convlens/index.browser.js', import.meta.url).href);
  assert.equal(browser.version, pkg.version);
});

/** Every link and image target in a Markdown text: [text](target), ![alt](target), <img src="target">. */
function targets(markdown) {
  const outside = markdown.replace(/^ *```[\s\S]*?^ *```/gm, ''); // code blocks hold no links
  return [...outside.matchAll(/\]\(([^)\s]+)\)|<img [^>]*src="([^"]+)"/g)].map((m) => m[1] ?? m[2]);
}

test('README.md: every link and image is absolute (or an anchor), and those into the repository name files that exist', () => {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  const all = targets(readme);
  assert.ok(all.length >= 5, `${all.length} links`);
  for (const target of all) {
    assert.match(target, /^(https:\/\/|#)/, `${target}: a relative link is dead on the registry page`);
    const inRepo = new RegExp(`^(?:${REPO}/blob/main/|https://raw\\.githubusercontent\\.com/convlens/convlens/main/)([^#?]+)`).exec(target);
    if (inRepo) assert.ok(existsSync(path.join(root, inRepo[1])), `${target}: ${inRepo[1]} is not in the repository`);
  }
  assert.ok(all.some((t) => t.endsWith('/CHANGELOG.md')), 'README links the changelog');
});

test("CHANGELOG.md follows Keep a Changelog: Unreleased first, then this version with its date, each with a link", () => {
  const changelog = readFileSync(path.join(root, 'CHANGELOG.md'), 'utf8');
  assert.match(changelog, /^# Changelog\n/);
  assert.match(changelog, /\[Keep a Changelog\]\(https:\/\/keepachangelog\.com\/en\/1\.1\.0\/\)/);
  const releases = [...changelog.matchAll(/^## \[([^\]]+)\](?: - (\d{4}-\d{2}-\d{2}))?$/gm)].map((m) => ({ name: m[1], date: m[2] }));
  assert.equal(releases[0]?.name, 'Unreleased');
  assert.equal(releases[0].date, undefined);
  const current = releases.find((r) => r.name === pkg.version);
  assert.ok(current?.date, `a dated section for ${pkg.version}`);
  for (const { name } of releases) assert.match(changelog, new RegExp(`^\\[${name.replace(/\./g, '\\.')}\\]: ${REPO}/`, 'm'), `link for ${name}`);
  const kinds = [...changelog.matchAll(/^### (.+)$/gm)].map((m) => m[1]);
  assert.ok(kinds.length > 0);
  for (const kind of kinds) assert.ok(['Added', 'Changed', 'Deprecated', 'Removed', 'Fixed', 'Security'].includes(kind), kind);
});
