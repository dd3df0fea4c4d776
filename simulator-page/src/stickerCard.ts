import { el } from './dom';
import type { PaletteSticker } from './simulatorConfig';

/** The glyph of a sticker the page knows nothing about (a symbol common fonts draw, so no emoji font is needed). */
export const UNKNOWN_STICKER_EMOJI = '✦';

/**
 * A sticker drawn as a card: a large glyph (the page never loads LINE's sticker images), a short caption, and one
 * name for screen readers (`role="img"` with an `aria-label` naming the sticker and its LINE ids). Stickers missing
 * from `known` get a generic card that still names their ids.
 *
 * @example stickerCard('446', '1988', config.stickers)
 */
export function stickerCard(packageId: string | undefined, stickerId: string | undefined, known: readonly PaletteSticker[]): HTMLElement {
  const sticker = known.find((entry) => entry.packageId === packageId && entry.stickerId === stickerId);
  const ids = `package ${packageId ?? '?'}, sticker ${stickerId ?? '?'}`;
  const description = sticker?.description ?? sticker?.label;
  const name = description ? `Sticker: ${description} (${ids})` : `Sticker (${ids})`;
  const caption = sticker?.label ?? `Sticker ${packageId ?? '?'}/${stickerId ?? '?'}`;
  return el('div', { className: sticker ? 'sticker' : 'sticker unknown', attrs: { role: 'img', 'aria-label': name, title: name } }, [
    el('span', { className: 'sticker-glyph', text: sticker?.emoji ?? UNKNOWN_STICKER_EMOJI, attrs: { 'aria-hidden': 'true' } }),
    el('span', { className: 'sticker-caption', text: caption, attrs: { 'aria-hidden': 'true' } }),
  ]);
}
