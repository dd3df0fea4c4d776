import type { fileSendingSchema, uploadedFileSchema } from '../../src/http/schemas/agentMessageSchemas';
import { apiUpload } from './api';
import type { WireOf } from './apiWire';

/** Whether the serving agent may send files in a conversation now (`GET …/file-sending`); `reason` says why not. */
export type FileSending = WireOf<typeof fileSendingSchema>;

/** Most files one message carries (the server's limit too). */
export const MAX_FILES_PER_MESSAGE = 5;

/** Pictures LINE shows as pictures; they get a preview. */
const PICTURE_TYPES = new Set(['image/jpeg', 'image/png']);

/** The longer side of a preview, in pixels: sharp on a phone's chat list, far under LINE's 1 MB. */
const PREVIEW_EDGE = 480;

/** A file uploaded for a conversation, as the server answers it. */
type UploadedFile = WireOf<typeof uploadedFileSchema>;

/**
 * Uploads `file` for the conversation at `conversationPath` (e.g. `/api/agent/conversations/abc`), with a preview when
 * it is a JPEG or PNG picture, and answers the id to name in the message. A picture the browser cannot draw goes
 * without a preview; the server then says if LINE needs one.
 */
export async function uploadAgentFile(conversationPath: string, file: File): Promise<string> {
  const uploaded = await apiUpload<UploadedFile>('POST', `${conversationPath}/uploads`, file, file.name);
  if (PICTURE_TYPES.has(file.type)) {
    const preview = await previewOf(file).catch(() => undefined);
    if (preview) await apiUpload('PUT', `${conversationPath}/uploads/${encodeURIComponent(uploaded.id)}/preview`, preview);
  }
  return uploaded.id;
}

/** A JPEG of `picture` at most {@link PREVIEW_EDGE} pixels on its longer side, on white (JPEG has no transparency). */
async function previewOf(picture: Blob): Promise<Blob> {
  const bitmap = await createImageBitmap(picture);
  try {
    const scale = Math.min(1, PREVIEW_EDGE / Math.max(bitmap.width, bitmap.height));
    const canvas = new OffscreenCanvas(Math.max(1, Math.round(bitmap.width * scale)), Math.max(1, Math.round(bitmap.height * scale)));
    const context = canvas.getContext('2d');
    if (!context) throw new Error('no 2D canvas');
    context.fillStyle = '#fff';
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    return await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.82 });
  } finally {
    bitmap.close();
  }
}

/** The same-origin path of a file agents sent (`…/media/{id}`), whatever public address it was sent under. */
export function ownMediaPath(url: string | undefined): string | undefined {
  if (!url || !URL.canParse(url)) return undefined;
  const { pathname } = new URL(url);
  return /^\/media\/[A-Za-z0-9_-]{32}(?:\/preview)?$/.test(pathname) ? pathname : undefined;
}
