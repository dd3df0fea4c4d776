/**
 * The fonts the dashboard ships for Japanese, Traditional Chinese and Thai, for devices without them (the browser
 * tests' Chromium among them). Each is cut into subsets with `unicode-range`, so a page downloads only the few
 * subsets its text uses. Regular weight only for the CJK families: the browser draws bold itself. The build keeps just
 * the woff2 files of the CJK and Thai subsets (see dashboard/build/fontSubsets.mts).
 *
 * Installed fonts come first (styles.css). Where the system has no font for Japanese or Thai at all, the bundled
 * families move to the front (`.bundled-fonts-first`): Chromium does not always fall back from an installed Latin
 * font to a web font cut into many subsets, and would draw empty boxes.
 */
import '@fontsource/noto-sans-jp/400.css';
import '@fontsource/noto-sans-tc/400.css';
import '@fontsource/noto-sans-thai/400.css';
import '@fontsource/noto-sans-thai/700.css';

/** Whether the system's own fonts draw `characters` as distinct glyphs (the web fonts are not asked: `sans-serif`). */
function systemDraws(characters: readonly string[]): boolean {
  const canvas = document.createElement('canvas');
  canvas.width = 32;
  canvas.height = 32;
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) return true;
  context.font = '24px sans-serif';
  const pictures = characters.map((character) => {
    context.clearRect(0, 0, 32, 32);
    context.fillText(character, 2, 26);
    return Array.from(context.getImageData(0, 0, 32, 32).data).join(',');
  });
  return new Set(pictures).size === characters.length;
}

if (!systemDraws(['あ', 'ア', '語']) || !systemDraws(['ก', 'ข', 'ค'])) document.documentElement.classList.add('bundled-fonts-first');

// Chromium does not always redraw text laid out while one of its subsets was still on the way: it keeps the empty
// boxes of the fallback. A font property changed on the root for two frames (styles.css, `.fonts-arrived`) makes it
// shape all text again once subsets have arrived; a change that draws nothing differently.
document.fonts.addEventListener('loadingdone', () => {
  const root = document.documentElement;
  root.classList.add('fonts-arrived');
  requestAnimationFrame(() => requestAnimationFrame(() => root.classList.remove('fonts-arrived')));
});
