/** The longest side, in pixels, of the copy of a sent picture the chat keeps for after a reload. */
const THUMBNAIL_MAX_PX = 240;

/**
 * A small JPEG copy of a picture (longest side {@link THUMBNAIL_MAX_PX}), as base64, small enough to keep in
 * localStorage with the chat; `undefined` when the browser cannot decode the picture.
 *
 * @example const thumbnail = await thumbnailBase64(file);
 */
export async function thumbnailBase64(file: Blob): Promise<string | undefined> {
  try {
    const bitmap = await createImageBitmap(file);
    const scale = Math.min(1, THUMBNAIL_MAX_PX / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(bitmap.width * scale));
    canvas.height = Math.max(1, Math.round(bitmap.height * scale));
    canvas.getContext('2d')?.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    bitmap.close();
    const dataUrl = canvas.toDataURL('image/jpeg', 0.7);
    return dataUrl.slice(dataUrl.indexOf(',') + 1);
  } catch {
    return undefined;
  }
}

/** A `blob:` URL of base64 JPEG bytes (the page's CSP allows `blob:` pictures, not `data:` ones). */
export function jpegUrlOfBase64(base64: string): string {
  const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
  return URL.createObjectURL(new Blob([bytes], { type: 'image/jpeg' }));
}
