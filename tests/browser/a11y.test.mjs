// Accessibility and looks: axe-core (0 violations) on the main states in light and dark, keyboard-
// only operation, and screenshots of those states at desktop (1280×800) and phone (360×740) widths
// in test-results/ (git-ignored) for people to look at.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { DESKTOP, PHONE, axeViolations, openPage, screenshot, setControl, startBrowser } from './browser.mjs';

let env;
before(async () => {
  env = await startBrowser();
});
after(async () => {
  await env?.close();
});

// name → what a user does to get there
const STATES = {
  tutorial: async (page) => page.click('[data-tensor="output"] td[data-i="0"]'), // pinned
  'stride2-pad1': async (page) => {
    await page.click('[data-preset="conv-s2-p1"]');
    await page.click('[data-tensor="output"] td[data-i="4"]');
  },
  'maxpool-ceil': async (page) => {
    await page.click('[data-preset="pool-ceil"]');
    await page.click('[data-tensor="output"] td[data-i="3"]'); // pinned
  },
  reflect: async (page) => {
    await setControl(page, 'padding', '2');
    await page.selectOption('#ctl-padding_mode', 'reflect');
    await page.click('[data-tensor="output"] td[data-i="0"]');
  },
  error: async (page) => {
    await setControl(page, 'kernel_size', '7');
  },
  depthwise: async (page) => {
    await page.click('[data-preset="depthwise"]');
    await page.click('[data-tensor="output"] [data-plane="0, 1"] td[data-i="6"]');
  },
  'unet-up': async (page) => {
    await page.click('[data-preset="unet-up"]');
    await page.focus('[data-tensor="input"] [data-plane="0, 0"] td[data-i="4"] input'); // keyboard focus explains too
  },
  large: async (page) => {
    await page.click('[data-preset="large"]');
    await page.click('[data-tensor="input"] [data-plane="0, 0"] .hm-editor');
  },
  zh: async (page) => {
    await page.selectOption('#ctl-lang', 'zh');
    await page.waitForFunction(() => document.documentElement.lang === 'zh-Hans'); // its strings load on first use
    await page.click('[data-preset="pool-ceil"]');
    await page.click('[data-tensor="output"] td[data-i="1"]');
  },
  code: async (page) => {
    await page.click('#code-panel summary');
    await page.waitForFunction(() => document.getElementById('pytorch-code').textContent.length > 0);
  },
};

for (const [name, act] of Object.entries(STATES)) {
  test(`${name}: axe finds no violations (light, dark); screenshots at desktop and phone width`, async () => {
    for (const colorScheme of ['light', 'dark']) {
      for (const [size, viewport] of [['desktop', DESKTOP], ['phone', PHONE]]) {
        if (colorScheme === 'dark' && size === 'phone') continue;
        const { page, context, problems } = await openPage(env, { viewport, colorScheme });
        try {
          await act(page);
          await page.mouse.move(0, 0);
          await screenshot(page, `${name}-${size}${colorScheme === 'dark' ? '-dark' : ''}`);
          if (size === 'desktop') assert.deepEqual(await axeViolations(page), [], `${name}, ${colorScheme}`);
          const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          assert.ok(wide <= 0, `${name} at ${size}: the page scrolls sideways by ${wide} px`);
          assert.deepEqual(problems, []);
        } finally {
          await context.close();
        }
      }
    }
  });
}

test('phone width: axe finds no violations', async () => {
  const { page, context } = await openPage(env, { viewport: PHONE });
  try {
    assert.deepEqual(await axeViolations(page), []);
  } finally {
    await context.close();
  }
});

test('keyboard only: Tab reaches the controls and the grids, Enter pins an output cell', async () => {
  const { page, context } = await openPage(env);
  try {
    const seen = new Set();
    for (let i = 0; i < 80; i++) {
      await page.keyboard.press('Tab');
      const id = await page.evaluate(() => {
        const a = document.activeElement;
        return a.id || a.getAttribute('aria-label') || a.textContent.trim().slice(0, 30);
      });
      seen.add(id);
      if (id === 'output[0, 0, 0, 0] = 10') break;
    }
    for (const id of ['ctl-op', 'ctl-stride', 'ctl-padding', 'input[0, 0, 0, 0]', 'output[0, 0, 0, 0] = 10']) {
      assert.ok(seen.has(id), `Tab reaches ${id}: ${[...seen].join(' | ')}`);
    }
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    assert.match(await page.textContent('#explain-title'), /output\[0, 0, 0, 1\]/);
    assert.equal(await page.isVisible('.explain .badge'), true);
    assert.match(await page.textContent('#explain-formula'), /^12 = /);
  } finally {
    await context.close();
  }
});
