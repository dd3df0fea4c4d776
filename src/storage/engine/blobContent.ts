import { createHash, type Hash } from 'node:crypto';
import { BlobTooLargeError } from './documentStore';
import { assertValidBlobId } from './storageNames';

/**
 * Checks the arguments of `BlobStore.put` the same way on both backends.
 *
 * @throws {InvalidStorageNameError} for an id outside `[A-Za-z0-9._-]{1,200}`; {@link RangeError} for a `maxBytes`
 *   that is not a non-negative integer; {@link TypeError} for an empty content type.
 */
export function assertValidBlobPut(id: string, options: { readonly contentType: string; readonly maxBytes: number }): void {
  assertValidBlobId(id);
  if (!Number.isSafeInteger(options.maxBytes) || options.maxBytes < 0) throw new RangeError('maxBytes must be a non-negative integer');
  if (typeof options.contentType !== 'string' || options.contentType === '') throw new TypeError('contentType must be a non-empty string');
}

/**
 * Content passing through on its way to storage, counted and hashed as it streams, refused past a size limit.
 *
 * @example
 * ```ts
 * const meter = new BlobMeter(content, 25 * 1024 * 1024);
 * for await (const chunk of meter.chunks()) await write(chunk); // throws BlobTooLargeError past the limit
 * const { size, sha256 } = meter.result();
 * ```
 */
export class BlobMeter {
  private readonly hash: Hash = createHash('sha256');
  private size = 0;
  private done = false;
  private sha256: string | undefined;

  constructor(
    private readonly content: AsyncIterable<Uint8Array>,
    private readonly maxBytes: number,
  ) {}

  /**
   * The content's chunks, each counted and hashed before it is handed on.
   *
   * @throws {BlobTooLargeError} instead of the chunk that would exceed `maxBytes` (so it is never handed on).
   */
  async *chunks(): AsyncGenerator<Uint8Array> {
    for await (const chunk of this.content) {
      if (!(chunk instanceof Uint8Array)) throw new TypeError('blob content must yield Uint8Array chunks');
      this.size += chunk.byteLength;
      if (this.size > this.maxBytes) throw new BlobTooLargeError(this.maxBytes);
      this.hash.update(chunk);
      yield chunk;
    }
    this.done = true;
  }

  /** Size and hex SHA-256 of the whole content; only once {@link BlobMeter.chunks} has been read to the end. */
  result(): { readonly size: number; readonly sha256: string } {
    if (!this.done) throw new Error('the blob content has not been read to the end');
    this.sha256 ??= this.hash.digest('hex');
    return { size: this.size, sha256: this.sha256 };
  }
}
