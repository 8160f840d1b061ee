// Links with 100 000 unknown or 200 000 repeated keys, in the playground, embed.html and image
// mode: each kind is one notice (its count and first keys), the tutorial's output is shown and the
// page answers the next edit. The hashes are written compactly (`k1&k2…`, `op&op…`) because
// Chromium itself takes seconds to navigate to a URL of megabytes, whatever the page does.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { DESKTOP, openPage, readPlane, setControl, startBrowser, watchProblems } from './browser.mjs';
import { openImages } from './images-helpers.mjs';

const STRIDE1 = [[10, 12, 12], [18, 16, 16], [13, 9, 3]];
const STRIDE2 = [[10, 12], [13, 3]];
const UNKNOWN = Array.from({ length: 100_000 }, (_, i) => `k${i}`).join('&');
const REPEATED = `op=conv2d&${'op&'.repeat(199_999)}stride=1`; // 200 000 op keys, the first one used
const OPEN_TIMEOUT = 60_000;

let env;
before(async () => {
  env = await startBrowser();
});
after(async () => {
  await env?.close();
});

/** The notices a page shows: their items' texts. */
function noticeItems(root) {
  return [...root.querySelectorAll('#notices li')].map((li) => li.textContent);
}

for (const [name, hash, notice] of [
  ['100 000 unknown keys', UNKNOWN, '100000 unknown settings ignored (“k0”, “k1”, “k2”, …).'],
  ['200 000 repeated keys', REPEATED, '199999 repeated settings ignored, the first of each is used (“op”).'],
]) {
  test(`the playground with ${name}: one notice, the tutorial's output, and it answers an edit`, async () => {
    const { page, context, problems } = await openPage(env, { hash, timeout: OPEN_TIMEOUT });
    try {
      assert.deepEqual(await page.$eval('body', noticeItems), [notice]);
      assert.equal(await page.isVisible('#notices'), true);
      assert.deepEqual(await readPlane(page, 'output'), STRIDE1);
      await setControl(page, 'stride', '2');
      await page.waitForFunction(() => document.querySelectorAll('[data-tensor="output"] td[data-i]').length === 4);
      assert.deepEqual(await readPlane(page, 'output'), STRIDE2);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
}

for (const [name, hash, notice] of [
  ['100 000 unknown keys', UNKNOWN, '100000 unknown settings ignored (“k0”, “k1”, “k2”, …).'],
  ['200 000 repeated keys, in 简体中文', `lang=zh&${REPEATED}`, '已忽略 199999 个重复的设置，每项使用第一个（“op”）。'],
]) {
  test(`embed.html with ${name}: one notice and the tutorial's output`, async () => {
    const context = await env.browser.newContext({ viewport: DESKTOP });
    const page = await context.newPage();
    const problems = watchProblems(page);
    try {
      await page.goto(`${env.baseUrl}embed.html#${hash}`, { timeout: OPEN_TIMEOUT });
      await page.waitForFunction(() => document.getElementById('widget').ready.then(() => true), null, { timeout: OPEN_TIMEOUT });
      // 简体中文 strings load on demand: the notice is re-rendered in Chinese once they are there.
      await page.waitForFunction((text) => [...document.getElementById('widget').shadowRoot.querySelectorAll('#notices li')]
        .some((li) => li.textContent === text), notice, { timeout: 10_000 }).catch(() => {});
      const shown = await page.evaluate(() => {
        const w = document.getElementById('widget');
        return { notices: [...w.shadowRoot.querySelectorAll('#notices li')].map((li) => li.textContent), output: [...w.output.data] };
      });
      assert.deepEqual(shown.notices, [notice]);
      assert.deepEqual(shown.output, STRIDE1.flat());
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
}

test('image mode with thousands of unknown and repeated keys (its hash limit is 20 000 characters): one notice each', async () => {
  const hash = `${Array.from({ length: 1800 }, (_, i) => `k${i}`).join('&')}&size=32&${'size=64&'.repeat(1000)}`;
  const { page, context, problems } = await openImages(env, { hash });
  try {
    assert.deepEqual(await page.locator('#notices li > span').allTextContents(), [
      '1800 unknown settings ignored ("k0", "k1", "k2", …)',
      '1000 repeated settings ignored, the first of each is used ("size")',
    ]);
    assert.equal(await page.getAttribute('body', 'data-run'), 'done');
    assert.equal(await page.locator('#summary tbody tr').count(), 4, 'input, the default two layers, total');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
