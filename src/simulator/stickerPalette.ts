/**
 * A sticker the simulator's page offers: LINE's ids, plus what the page draws instead of the sticker's picture (it
 * never loads images from LINE): a short label, a large glyph and a description for screen readers.
 */
export interface PaletteSticker {
  readonly packageId: string;
  readonly stickerId: string;
  /** Short name, shown on the palette button and under the sticker card. */
  readonly label: string;
  /** A glyph standing in for the picture; chosen from symbols common fonts draw, so it shows without an emoji font. */
  readonly emoji: string;
  /** The sticker's package and number in words, read out by screen readers. */
  readonly description: string;
}

/**
 * A few stickers from the packages LINE lists as usable by every bot (package 446, 789, 11537, 11538), so a bot may
 * also send them back. Their glyphs tell them apart on the page; they do not reproduce the pictures.
 */
export const STICKER_PALETTE: readonly PaletteSticker[] = Object.freeze([
  { packageId: '446', stickerId: '1988', label: 'Moon 1988', emoji: '☺', description: 'Moon: Special Edition, sticker 1988' },
  { packageId: '446', stickerId: '1989', label: 'Moon 1989', emoji: '☻', description: 'Moon: Special Edition, sticker 1989' },
  { packageId: '446', stickerId: '2003', label: 'Moon 2003', emoji: '♥', description: 'Moon: Special Edition, sticker 2003' },
  { packageId: '789', stickerId: '10855', label: 'Sally 10855', emoji: '♪', description: 'Sally: Special Edition, sticker 10855' },
  { packageId: '789', stickerId: '10857', label: 'Sally 10857', emoji: '✿', description: 'Sally: Special Edition, sticker 10857' },
  { packageId: '11537', stickerId: '52002734', label: 'Brown & Cony 52002734', emoji: '★', description: 'Brown & Cony & Sally: Animated Special, sticker 52002734' },
  { packageId: '11537', stickerId: '52002736', label: 'Brown & Cony 52002736', emoji: '☀', description: 'Brown & Cony & Sally: Animated Special, sticker 52002736' },
  { packageId: '11538', stickerId: '51626494', label: 'CHOCO 51626494', emoji: '✌', description: 'CHOCO & Friends: Animated Special, sticker 51626494' },
]);
