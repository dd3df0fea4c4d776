/** A sticker the simulator offers, as `GET /simulator/api/config` lists it (see src/simulator/stickerPalette.ts). */
export interface PaletteSticker {
  readonly packageId: string;
  readonly stickerId: string;
  readonly label: string;
  /** A large glyph standing in for the picture the simulator never loads. */
  readonly emoji?: string;
  /** What the sticker shows, for screen readers and the card's caption. */
  readonly description?: string;
}

/** `GET /simulator/api/config`. */
export interface SimulatorConfig {
  readonly accountId: string;
  readonly webhookUrl: string;
  readonly bot: { readonly userId: string; readonly displayName: string };
  readonly stickers: readonly PaletteSticker[];
  readonly webhookDeadlineMs: number;
}

/** Reads the configuration answer, or `undefined` when it is not one. */
export function asSimulatorConfig(data: unknown): SimulatorConfig | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const value = data as Partial<SimulatorConfig>;
  if (typeof value.accountId !== 'string' || typeof value.webhookUrl !== 'string' || typeof value.bot !== 'object' || value.bot === null) return undefined;
  return {
    accountId: value.accountId,
    webhookUrl: value.webhookUrl,
    bot: value.bot,
    stickers: Array.isArray(value.stickers) ? value.stickers : [],
    webhookDeadlineMs: typeof value.webhookDeadlineMs === 'number' ? value.webhookDeadlineMs : 2000,
  };
}
