/** Extensions of file names (lower case) and the content types they name. */
const CONTENT_TYPES_BY_EXTENSION: ReadonlyMap<string, string> = new Map([
  ['pdf', 'application/pdf'],
  ['doc', 'application/msword'],
  ['docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
  ['xls', 'application/vnd.ms-excel'],
  ['xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  ['ppt', 'application/vnd.ms-powerpoint'],
  ['pptx', 'application/vnd.openxmlformats-officedocument.presentationml.presentation'],
  ['zip', 'application/zip'],
  ['json', 'application/json'],
  ['txt', 'text/plain'],
  ['csv', 'text/csv'],
  ['png', 'image/png'],
  ['jpg', 'image/jpeg'],
  ['jpeg', 'image/jpeg'],
  ['gif', 'image/gif'],
  ['webp', 'image/webp'],
  ['heic', 'image/heic'],
  ['mp4', 'video/mp4'],
  ['mov', 'video/quicktime'],
  ['mp3', 'audio/mpeg'],
  ['m4a', 'audio/m4a'],
  ['aac', 'audio/aac'],
  ['wav', 'audio/wav'],
]);

/**
 * The content type a file name's extension suggests (LINE tells only the name of a file a user
 * sends); `undefined` when the extension is unknown or missing.
 *
 * @example contentTypeOfFileName('invoice.PDF') // 'application/pdf'
 */
export function contentTypeOfFileName(fileName: string): string | undefined {
  const extension = /\.([^./\\]+)$/.exec(fileName)?.[1]?.toLowerCase();
  return extension === undefined ? undefined : CONTENT_TYPES_BY_EXTENSION.get(extension);
}
