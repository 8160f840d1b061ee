// Shared by the animation and export tests (not a test file).
import assert from 'node:assert/strict';

/**
 * A small XML well-formedness check: balanced tags, quoted attributes, no stray '<' or '&' in
 * text. Returns the elements as [{ name, attrs }] (the svg root first).
 */
export function parseXml(xml) {
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, '').trim();
  const stack = [];
  const elements = [];
  const tag = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/y;
  let i = 0;
  while (i < body.length) {
    const lt = body.indexOf('<', i);
    const textPart = body.slice(i, lt < 0 ? body.length : lt);
    assert.ok(!/&(?!(amp|lt|gt|quot|apos|#\d+);)/.test(textPart), `unescaped & in text: ${textPart.slice(0, 40)}`);
    if (lt < 0) {
      assert.equal(textPart.trim(), '', 'text after the root');
      break;
    }
    tag.lastIndex = lt;
    const m = tag.exec(body);
    assert.ok(m, `malformed markup at ${lt}: ${body.slice(lt, lt + 60)}`);
    const [, close, name, attrText, selfClose] = m;
    if (close) {
      assert.equal(stack.pop(), name, `</${name}> closes the wrong element`);
    } else {
      const attrs = Object.fromEntries([...attrText.matchAll(/([\w:-]+)="([^"]*)"/g)].map((a) => [a[1], a[2]]));
      elements.push({ name, attrs });
      if (!selfClose) stack.push(name);
    }
    i = lt + m[0].length;
    if (stack.length === 0) {
      assert.equal(body.slice(i).trim(), '', 'one root element');
      break;
    }
  }
  assert.deepEqual(stack, [], 'every element is closed');
  return elements;
}
