/** Content type of the attachment a LINE sticker is, both ways (a customer's sticker, a sticker to send). */
export const LINE_STICKER_CONTENT_TYPE = 'application/vnd.line.sticker+json';

/** A package of stickers every LINE bot may send, with its stickers' ids (consecutive). */
export interface LineStickerPackage {
  readonly packageId: string;
  /** What the package shows, for a picker's label. */
  readonly name: string;
  readonly stickerIds: readonly string[];
}

function range(first: number, count: number): string[] {
  return Array.from({ length: count }, (_, index) => String(first + index));
}

/**
 * The sticker packages LINE's Messaging API lets any bot send (LINE's "List of available stickers"): a bot's sticker
 * message naming another package is refused with 400.
 */
export const LINE_BOT_STICKER_PACKAGES: readonly LineStickerPackage[] = Object.freeze([
  { packageId: '446', name: 'Moon & James', stickerIds: range(1988, 40) },
  { packageId: '789', name: 'Sally', stickerIds: range(10855, 40) },
  { packageId: '1070', name: 'Moon Special', stickerIds: range(17839, 40) },
  { packageId: '6136', name: 'LINE Characters: Making Amends', stickerIds: range(10551376, 24) },
  { packageId: '6325', name: 'Brown and Cony Fun Size', stickerIds: range(10979904, 24) },
  { packageId: '6359', name: 'Brown and Cony: Cute Emojis', stickerIds: range(11069848, 24) },
  { packageId: '6362', name: 'Brown & Friends', stickerIds: range(11087920, 24) },
  { packageId: '6370', name: 'Brown, Cony & Sally: Greetings', stickerIds: range(11088016, 24) },
  { packageId: '6632', name: 'LINE Characters: Pretty Phrases', stickerIds: range(11825374, 24) },
  { packageId: '8515', name: 'Sally & Friends', stickerIds: range(16581242, 24) },
  { packageId: '8522', name: 'LINE Characters: Cute Summer', stickerIds: range(16581266, 24) },
  { packageId: '8525', name: 'Brown & Cony: Lovey Dovey', stickerIds: range(16581290, 24) },
  { packageId: '11537', name: 'Brown & Cony Special', stickerIds: range(52002734, 40) },
  { packageId: '11538', name: 'CHOCO & Friends', stickerIds: range(51626494, 40) },
  { packageId: '11539', name: 'UNIVERSTAR BT21', stickerIds: range(52114110, 40) },
]);

/** Whether any bot may send this sticker (see {@link LINE_BOT_STICKER_PACKAGES}). */
export function isBotSticker(packageId: string, stickerId: string): boolean {
  return LINE_BOT_STICKER_PACKAGES.some((item) => item.packageId === packageId && item.stickerIds.includes(stickerId));
}

/** The picture of a sticker on LINE's public sticker CDN (what LINE apps show). */
export function lineStickerImageUrl(stickerId: string): string {
  return `https://stickershop.line-scdn.net/stickershop/v1/sticker/${encodeURIComponent(stickerId)}/android/sticker.png`;
}
