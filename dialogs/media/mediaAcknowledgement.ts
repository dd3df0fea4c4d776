import type { BotTexts } from '../texts/botTexts';
import type { ReceivedMedia } from './receivedMedia';

/**
 * What the bot answers when a customer sends media instead of text: thanks for a sticker; for
 * files and locations, that it arrived and that a person can see it (already, while a handoff
 * request is pending).
 *
 * @example
 * await context.sendActivity(mediaAcknowledgement('image', texts, false));
 */
export function mediaAcknowledgement(media: ReceivedMedia, texts: BotTexts, handoffPending: boolean): string {
  switch (media) {
    case 'sticker':
      return texts.stickerReply;
    case 'location':
      return texts.locationReceived(handoffPending);
    default:
      return texts.mediaReceived(media, handoffPending);
  }
}
