/**
 * Keeps `--viewport-height` on the root element equal to the visible part of the page (the visual viewport), so the
 * dashboard's shell ends just above a phone's on-screen keyboard and the compose box stays in view while typing.
 * Browsers that shrink the layout viewport for the keyboard themselves (`interactive-widget=resizes-content`) need
 * none of it; the stylesheet falls back to `100dvh` where the variable is not set.
 *
 * @example followVisualViewport(); // once, before the app renders
 */
export function followVisualViewport(): void {
  const viewport = window.visualViewport;
  if (!viewport) return;
  const update = (): void => {
    // In layout pixels: pinch-zooming in (scale > 1) shows less of the page but must not shrink the shell.
    document.documentElement.style.setProperty('--viewport-height', `${Math.round(viewport.height * viewport.scale)}px`);
    // iOS scrolls the page up under the keyboard instead of resizing it: the shell is fixed, so undo that scroll.
    if (window.scrollY !== 0 && viewport.height < window.innerHeight) window.scrollTo(0, 0);
  };
  viewport.addEventListener('resize', update);
  update();
}
