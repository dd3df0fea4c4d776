/*
 * What may be kept of a file someone sent, whoever sent it: the content-type allowlist, how a type is read and
 * checked against the bytes, and how a sender's file name is cleaned.
 */
import { contentTypeOfFileName } from '../../adapters/line/fileContentType';
import { DomainError } from '../domainError';

/**
 * Content types kept by default. Images are checked against their magic bytes; the others are served back as
 * downloads (never rendered inline by us), so a mislabelled file does no harm beyond being useless.
 * Executables, scripts, HTML and SVG (which can carry script) are deliberately absent.
 */
export const DEFAULT_ALLOWED_CONTENT_TYPES: readonly string[] = Object.freeze([
  'image/jpeg',
  'image/png',
  'image/gif',
  'image/webp',
  'video/mp4',
  'video/quicktime',
  'audio/m4a',
  'audio/mp4',
  'audio/x-m4a',
  'audio/aac',
  'audio/mpeg',
  'application/pdf',
  'text/plain',
  'text/csv',
  'application/msword',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.ms-powerpoint',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/zip',
]);

/** The bytes are not of the type declared (an image's magic bytes did not match); nothing was stored. */
export class AttachmentContentMismatchError extends DomainError {
  constructor(
    readonly declaredType: string,
    /** The image type the bytes look like, when they look like one. */
    readonly detectedType: string | undefined,
  ) {
    super('attachment_content_mismatch', 400, `content declared as ${declaredType} ${detectedType ? `is ${detectedType}` : 'does not start like one'}`);
  }
}

/** Spellings some senders use for a type on the list. */
const TYPE_ALIASES: ReadonlyMap<string, string> = new Map([
  ['image/jpg', 'image/jpeg'],
  ['image/pjpeg', 'image/jpeg'],
  ['audio/mp3', 'audio/mpeg'],
  ['application/x-zip-compressed', 'application/zip'],
]);

const GENERIC_TYPES: ReadonlySet<string> = new Set(['', 'application/octet-stream', 'binary/octet-stream', 'application/unknown']);

/** How each checked image type begins, and how many bytes it takes to tell. */
const IMAGE_SIGNATURES: ReadonlyMap<string, { readonly bytes: number; readonly matches: (head: Buffer) => boolean }> = new Map([
  ['image/jpeg', { bytes: 3, matches: (head: Buffer) => head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff }],
  ['image/png', { bytes: 8, matches: (head: Buffer) => head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) }],
  ['image/gif', { bytes: 6, matches: (head: Buffer) => /^GIF8[79]a$/.test(head.subarray(0, 6).toString('latin1')) }],
  ['image/webp', { bytes: 12, matches: (head: Buffer) => head.subarray(0, 4).toString('latin1') === 'RIFF' && head.subarray(8, 12).toString('latin1') === 'WEBP' }],
]);
const SNIFF_BYTES = 12;

/**
 * The type to keep content as: the reported header type when specific; else the type the message declares; else the
 * file extension's; `application/octet-stream` when none of them names one.
 *
 * @example resolveContentType('application/octet-stream', undefined, 'manual.pdf') // 'application/pdf'
 */
export function resolveContentType(reported: string, declared: string | undefined, fileName: string | undefined): string {
  const header = normalizeContentType(reported);
  if (!GENERIC_TYPES.has(header)) return header;
  const fromMessage = declared === undefined ? '' : normalizeContentType(declared);
  if (!GENERIC_TYPES.has(fromMessage)) return fromMessage;
  // An extension that names no type, or one not on the allowlist, leaves the content refused.
  return (fileName === undefined ? undefined : contentTypeOfFileName(fileName)) ?? 'application/octet-stream';
}

/** Lower case, without parameters, with known aliases resolved: `Image/JPG; q=1` → `image/jpeg`. */
export function normalizeContentType(value: string): string {
  const bare = (value.split(';')[0] ?? '').trim().toLowerCase();
  return TYPE_ALIASES.get(bare) ?? bare;
}

/** The base name of a sender's file name, without control characters; `undefined` when nothing is left. */
export function sanitizeFileName(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const base = value.split(/[/\\]/).pop() ?? '';
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 255);
  return clean === '' || clean === '.' || clean === '..' ? undefined : clean;
}

/** Passes `content` through, refusing an image whose first bytes are not those of its declared type. */
export async function* checkedContent(content: AsyncIterable<Uint8Array>, contentType: string): AsyncGenerator<Uint8Array> {
  const signature = IMAGE_SIGNATURES.get(contentType);
  if (!signature) {
    yield* content;
    return;
  }
  let head: Buffer = Buffer.alloc(0);
  let checked = false;
  for await (const chunk of content) {
    if (checked) {
      yield chunk;
      continue;
    }
    head = Buffer.concat([head, chunk]);
    if (head.length < SNIFF_BYTES) continue;
    verifySignature(head, contentType, signature);
    checked = true;
    yield head;
  }
  if (!checked) {
    verifySignature(head, contentType, signature);
    if (head.length > 0) yield head;
  }
}

function verifySignature(head: Buffer, contentType: string, signature: { readonly bytes: number; readonly matches: (head: Buffer) => boolean }): void {
  if (head.length >= signature.bytes && signature.matches(head)) return;
  const detected = [...IMAGE_SIGNATURES].find(([, candidate]) => head.length >= candidate.bytes && candidate.matches(head))?.[0];
  throw new AttachmentContentMismatchError(contentType, detected);
}


/** Stops a source that will not be read (e.g. an HTTP body), so its connection is released. */
export async function closeQuietly(content: AsyncIterable<Uint8Array>): Promise<void> {
  try {
    await content[Symbol.asyncIterator]().return?.();
  } catch {
    // Nothing more can be done with a source that fails to close.
  }
}
