/** A sticker the simulator's page offers: LINE's ids, plus a label since the page never loads sticker images. */
export interface PaletteSticker {
  readonly packageId: string;
  readonly stickerId: string;
  readonly label: string;
}

/**
 * A few stickers from the packages LINE lists as usable by every bot (package 446, 789, 11537, 11538), so a bot may
 * also send them back.
 */
export const STICKER_PALETTE: readonly PaletteSticker[] = Object.freeze([
  { packageId: '446', stickerId: '1988', label: 'Sticker 446/1988' },
  { packageId: '446', stickerId: '1989', label: 'Sticker 446/1989' },
  { packageId: '446', stickerId: '2003', label: 'Sticker 446/2003' },
  { packageId: '789', stickerId: '10855', label: 'Sticker 789/10855' },
  { packageId: '789', stickerId: '10857', label: 'Sticker 789/10857' },
  { packageId: '11537', stickerId: '52002734', label: 'Sticker 11537/52002734' },
  { packageId: '11537', stickerId: '52002736', label: 'Sticker 11537/52002736' },
  { packageId: '11538', stickerId: '51626494', label: 'Sticker 11538/51626494' },
]);
