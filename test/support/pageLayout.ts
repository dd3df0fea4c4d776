/** What the responsive browser tests check of a page's layout: no sideways scrolling, things in view, real glyphs. */
import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';

/** The page's width as the browser lays it out, against the viewport and the `<main>` scroll container. */
interface Widths {
  readonly viewport: number;
  readonly document: number;
  readonly main: number | undefined;
  readonly mainClient: number | undefined;
  readonly widest: string | undefined;
}

/**
 * Fails when the page scrolls sideways at `step`: `document.documentElement.scrollWidth` must equal the viewport's
 * width, and `<main>` (the dashboard's own scroll container) must not be wider than its box either. Wide tables are
 * fine inside their own scrolling frame (`.table-wrap`), which neither number sees. The message names the widest
 * element that sticks out, to find the culprit.
 *
 * @example await assertNoSidewaysScroll(page, 'offer shown');
 */
export async function assertNoSidewaysScroll(page: Page, step: string): Promise<void> {
  const widths = await page.evaluate((): Widths => {
    const doc = globalThis as unknown as {
      innerWidth: number;
      document: { documentElement: { scrollWidth: number }; querySelector: (s: string) => { scrollWidth: number; clientWidth: number } | null; querySelectorAll: (s: string) => ArrayLike<{ getBoundingClientRect: () => { right: number }; tagName: string; className: string; parentElement: { closest: (s: string) => unknown } | null }> };
    };
    const main = doc.document.querySelector('main');
    let widest: string | undefined;
    let right = doc.innerWidth;
    for (const element of Array.from(doc.document.querySelectorAll('body *'))) {
      const box = element.getBoundingClientRect();
      if (box.right > right + 0.5 && !element.parentElement?.closest('.table-wrap, .subnav, .visually-hidden, dialog:not([open])')) {
        right = box.right;
        widest = `${element.tagName.toLowerCase()}.${String(element.className).replace(/\s+/g, '.')} (right edge ${Math.round(box.right)})`;
      }
    }
    return { viewport: doc.innerWidth, document: doc.document.documentElement.scrollWidth, main: main?.scrollWidth, mainClient: main?.clientWidth, widest };
  });
  assert.equal(widths.document, widths.viewport, `${step}: the page scrolls sideways (${widths.document} px wide in a ${widths.viewport} px viewport; widest: ${widths.widest ?? 'none found'})`);
  if (widths.main !== undefined && widths.mainClient !== undefined) {
    assert.ok(widths.main <= widths.mainClient, `${step}: <main> scrolls sideways (${widths.main} px of content in ${widths.mainClient} px; widest: ${widths.widest ?? 'none found'})`);
  }
}

/** Fails unless `locator` is shown and lies wholly inside the viewport (not under its bottom edge, not cut at a side). */
export async function assertInViewport(page: Page, locator: Locator, what: string): Promise<void> {
  await locator.waitFor({ state: 'visible' });
  const box = await locator.boundingBox();
  const viewport = page.viewportSize();
  assert.ok(box && viewport, `${what} has a box`);
  assert.ok(box.x >= 0 && box.y >= 0 && box.x + box.width <= viewport.width + 0.5 && box.y + box.height <= viewport.height + 0.5, `${what} lies inside the ${viewport.width}×${viewport.height} viewport (box ${JSON.stringify(box)})`);
}

/**
 * How many different pictures the browser draws for `characters` in `fontFamily` (a CSS font-family list; by default
 * the one `locator`'s text is shown in), each drawn alone on a canvas. Real glyphs of distinct characters differ;
 * characters no font has are all drawn as the same empty box ("tofu"), which gives 1.
 */
export async function distinctGlyphs(locator: Locator, characters: readonly string[], fontFamily?: string): Promise<number> {
  return locator.evaluate(
    async (element, { characters, fontFamily }) => {
      const page = globalThis as unknown as {
        getComputedStyle: (e: unknown) => { fontFamily: string };
        document: { fonts: { load: (font: string, text: string) => Promise<unknown> }; createElement: (tag: 'canvas') => { width: number; height: number; getContext: (kind: '2d') => Canvas } };
      };
      interface Canvas {
        font: string;
        clearRect: (x: number, y: number, w: number, h: number) => void;
        fillText: (text: string, x: number, y: number) => void;
        getImageData: (x: number, y: number, w: number, h: number) => { data: ArrayLike<number> };
      }
      const family = fontFamily ?? page.getComputedStyle(element).fontFamily;
      const font = `48px ${family}`;
      // A web font draws on a canvas only once loaded: ask for the faces these characters need first.
      await page.document.fonts.load(font, characters.join(''));
      const canvas = page.document.createElement('canvas');
      canvas.width = 64;
      canvas.height = 64;
      const context = canvas.getContext('2d');
      context.font = font;
      const pictures = characters.map((character) => {
        context.clearRect(0, 0, 64, 64);
        context.fillText(character, 4, 52);
        const alpha: number[] = [];
        const data = context.getImageData(0, 0, 64, 64).data;
        for (let index = 3; index < data.length; index += 4) alpha.push(data[index] ?? 0);
        return alpha.join(',');
      });
      return new Set(pictures).size;
    },
    { characters: [...characters], fontFamily },
  );
}
