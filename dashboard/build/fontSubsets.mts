import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Plugin } from 'vite';

/** The scripts the system font stack covers: their subsets of the bundled fonts are left out. */
const OTHER_SCRIPTS = /\/\* [a-z-]+-(?:latin|latin-ext|cyrillic|cyrillic-ext|vietnamese|greek)-\d+-normal \*\/\s*@font-face\s*\{[^}]*\}/g;
/** Every browser the dashboard supports reads woff2: the `.woff` copies are left out. */
const WOFF_FALLBACK = /,\s*url\([^)]*\.woff\)\s*format\('woff'\)/g;
const FACE = /@font-face\s*\{[^}]*\}/g;

/** The two CJK families whose Han characters overlap, and the family each adds for what the other lacks. */
const PARTNERS: Readonly<Record<string, { readonly family: string; readonly supplement: string; readonly other: string }>> = {
  'noto-sans-jp': { family: 'Noto Sans JP', supplement: 'Noto Sans JP Supplement', other: '@fontsource/noto-sans-tc/400.css' },
  'noto-sans-tc': { family: 'Noto Sans TC', supplement: 'Noto Sans TC Supplement', other: '@fontsource/noto-sans-jp/400.css' },
};

/** The code points a stylesheet's `unicode-range` descriptors cover. */
export function codePointsOf(css: string): Set<number> {
  const points = new Set<number>();
  for (const match of css.matchAll(/unicode-range:\s*([^;]+);/g)) {
    for (const part of (match[1] ?? '').split(',')) {
      const [from = '', to] = part.trim().replace(/^U\+/i, '').split('-');
      // `U+1F95?` is the run 1F950–1F95F.
      const start = Number.parseInt(from.replaceAll('?', '0'), 16);
      const end = to === undefined ? Number.parseInt(from.replaceAll('?', 'f'), 16) : Number.parseInt(to, 16);
      for (let point = start; point <= end; point += 1) points.add(point);
    }
  }
  return points;
}

/** A `unicode-range` value for `points` (sorted, runs joined), e.g. `U+3041-3096,U+30fc`. */
export function unicodeRangeOf(points: Iterable<number>): string {
  const sorted = [...points].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let index = 0; index < sorted.length; ) {
    const start = sorted[index] ?? 0;
    let end = start;
    while (sorted[index + 1] === end + 1) {
      index += 1;
      end += 1;
    }
    index += 1;
    parts.push(start === end ? `U+${start.toString(16)}` : `U+${start.toString(16)}-${end.toString(16)}`);
  }
  return parts.join(',');
}

/**
 * For each face of a CJK family, a copy in its "Supplement" family covering only the characters the partner family
 * lacks. A page lists one family in full and the other's supplement after it (see styles.css): the browser then never
 * downloads the second family for a character the first has, not even while the first is still loading (when it
 * would otherwise fall back to the next family in the list and fetch that too).
 */
/** Latin-1 and general punctuation: left to the system fonts, so English text never waits for a CJK or Thai subset. */
const SYSTEM_RANGES: readonly (readonly [number, number])[] = [
  [0x0000, 0x00ff],
  [0x2000, 0x206f],
];

/** Each face's `unicode-range` without the {@link SYSTEM_RANGES}; a face left with nothing is dropped. */
function withoutSystemRanges(css: string): string {
  return css.replace(FACE, (face) => {
    const points = [...codePointsOf(face)].filter((point) => !SYSTEM_RANGES.some(([from, to]) => point >= from && point <= to));
    return points.length === 0 ? '' : face.replace(/unicode-range:\s*[^;]+;/, `unicode-range: ${unicodeRangeOf(points)};`);
  });
}

function supplementFaces(css: string, family: string, supplement: string, partnerCss: string): string {
  const partner = codePointsOf(partnerCss);
  const faces: string[] = [];
  for (const [face] of css.matchAll(FACE)) {
    const own = [...codePointsOf(face)].filter((point) => !partner.has(point));
    if (own.length === 0) continue;
    faces.push(face.replace(`font-family: '${family}'`, `font-family: '${supplement}'`).replace(/unicode-range:\s*[^;]+;/, `unicode-range: ${unicodeRangeOf(own)};`));
  }
  return faces.join('\n');
}

/**
 * Trims the Fontsource stylesheets the dashboard imports (dashboard/src/fonts.ts) as Vite reads them: woff2 only,
 * no Latin, Cyrillic or Vietnamese subsets and no Latin-1 or general punctuation in the others (the system fonts
 * draw those), and for Japanese and Traditional
 * Chinese the supplement families described at {@link supplementFaces}. The build then ships only the woff2 files of
 * the CJK and Thai subsets; both families of one subset share its file.
 */
export function fontSubsets(): Plugin {
  const require = createRequire(import.meta.url);
  return {
    name: 'font-subsets',
    enforce: 'pre',
    transform(code, id) {
      const match = /[\\/]@fontsource[\\/]([a-z-]+)[\\/][^?]*\.css(?:\?|$)/.exec(id);
      if (!match) return null;
      const trimmed = withoutSystemRanges(code.replace(OTHER_SCRIPTS, '').replace(WOFF_FALLBACK, ''));
      const partner = PARTNERS[match[1] ?? ''];
      if (!partner) return { code: trimmed, map: null };
      const partnerCss = withoutSystemRanges(readFileSync(require.resolve(partner.other), 'utf8').replace(OTHER_SCRIPTS, ''));
      return { code: `${trimmed}\n${supplementFaces(trimmed, partner.family, partner.supplement, partnerCss)}\n`, map: null };
    },
  };
}
