import type { Activity } from 'botbuilder';
import type { ReceivedMediaKind } from '../texts/botTexts';

/** Content type of the attachment a LINE sticker becomes (see the LINE adapter). */
export const LINE_STICKER_CONTENT_TYPE = 'application/vnd.line.sticker+json';

/** What a customer sent instead of (or besides) text. */
export type ReceivedMedia = ReceivedMediaKind | 'sticker' | 'location';

/**
 * What kind of media a message carries: a LINE sticker, a shared location (a `GeoCoordinates`
 * entity), an image, video or audio (by content type), or any other attachment as a file.
 * `undefined` for a message without any of them.
 *
 * @example
 * receivedMediaOf({ attachments: [{ contentType: 'image/jpeg' }] }); // 'image'
 * receivedMediaOf({ text: 'hello' }); // undefined
 */
export function receivedMediaOf(activity: Partial<Activity>): ReceivedMedia | undefined {
  const attachment = activity.attachments?.[0];
  if (attachment !== undefined) {
    const contentType = attachment.contentType ?? '';
    if (contentType === LINE_STICKER_CONTENT_TYPE) return 'sticker';
    if (contentType.startsWith('image/')) return 'image';
    if (contentType.startsWith('video/')) return 'video';
    if (contentType.startsWith('audio/')) return 'audio';
    return 'file';
  }
  if (activity.entities?.some((entity) => entity.type === 'GeoCoordinates')) return 'location';
  return undefined;
}
