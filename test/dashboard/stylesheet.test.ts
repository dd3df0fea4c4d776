import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Where style rules open inside other style rules in `css` (comments and strings skipped): the dashboard writes no
 * nested CSS, so one means a lost closing brace — which CSS nesting, and the bundler after it, accept silently,
 * turning every later rule into a descendant selector that matches nothing.
 */
function nestedRuleLines(css: string): number[] {
  const found: number[] = [];
  const stack: ('rule' | 'at')[] = [];
  let line = 1;
  let prelude = '';
  for (let index = 0; index < css.length; index += 1) {
    const char = css[index];
    if (char === '\n') line += 1;
    if (char === '/' && css[index + 1] === '*') {
      const end = css.indexOf('*/', index + 2);
      const skipped = css.slice(index, end + 2);
      line += skipped.split('\n').length - 1;
      index = end + 1;
      continue;
    }
    if (char === '"' || char === "'") {
      const end = css.indexOf(char, index + 1);
      prelude += css.slice(index, end + 1);
      index = end;
      continue;
    }
    if (char === '{') {
      const kind = prelude.trim().startsWith('@') ? 'at' : 'rule';
      if (kind === 'rule' && stack.includes('rule')) found.push(line);
      stack.push(kind);
      prelude = '';
    } else if (char === '}') {
      stack.pop();
      prelude = '';
    } else if (char === ';') {
      prelude = '';
    } else {
      prelude += char;
    }
  }
  if (stack.length > 0) found.push(line);
  return found;
}

describe('the dashboard stylesheet', () => {
  it('closes every rule it opens (no rule nested in another)', () => {
    const css = readFileSync(path.resolve('dashboard/src/styles.css'), 'utf8');
    assert.deepEqual(nestedRuleLines(css), []);
  });

  it('would report a lost brace', () => {
    assert.deepEqual(nestedRuleLines('.a {\n  color: red;\n\n.b {\n  color: blue;\n}\n@media (width < 40rem) {\n  .c { margin: 0; }\n}\n'), [4, 8, 10]);
    assert.deepEqual(nestedRuleLines('/* { */ .a { content: "}"; }\n@media print { .b { color: black; } }'), []);
  });
});
