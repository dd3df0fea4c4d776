import { randomUUID } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { assertValidBlobPut, BlobMeter } from './blobContent';
import type { BlobStore, StoredBlob } from './documentStore';
import { KeyedMutex } from './mutex';
import { assertValidBlobId } from './storageNames';

/** What `meta/<id>.json` records about the current content of a blob. */
interface BlobRecord {
  /** Name of the content file under `content/` (a UUID, never derived from the id). */
  readonly file: string;
  readonly contentType: string;
  readonly size: number;
  readonly sha256: string;
}

/** A {@link BlobStore} that can be closed: waits for the operations under way. */
export interface ClosableBlobStore extends BlobStore {
  close(): Promise<void>;
}

/** A temporary file untouched for this long is a leftover of an interrupted write. */
const STALE_TEMP_FILE_MS = 60 * 60 * 1000;

const CONTENT_FILE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Opens the blob store of the embedded backend in `directory`: content is streamed to `tmp/<uuid>` (counted and
 * hashed on the way, dropped past `maxBytes`), renamed to `content/<uuid>`, then committed by atomically replacing
 * `meta/<id>.json`, which names the content file with its content type, size and SHA-256; the previous content file
 * is removed afterwards. Operations on one id are serialised. A body opens its file when read; once reading has
 * started it keeps those bytes even if the blob is replaced or deleted meanwhile (a body read only after its blob was
 * replaced or deleted fails, as a GridFS download would).
 *
 * Content and record files are fsynced before they are renamed into place, and their directories after, so a blob
 * that was acknowledged survives a power loss. Operations on one id are serialised within a process; across processes
 * each rename is atomic, so a reader sees the old or the new blob, never a mix. Temporary files older than an hour are
 * removed at open (leftovers of interrupted writes; younger ones may be another process's upload under way).
 *
 * @example
 * ```ts
 * const blobs = await openFileBlobStore(join(dataDir, 'blobs'));
 * await blobs.put('U1-image-1.jpg', Readable.from([bytes]), { contentType: 'image/jpeg', maxBytes: 25 << 20 });
 * ```
 */
export async function openFileBlobStore(directory: string): Promise<ClosableBlobStore> {
  const directories = { content: join(directory, 'content'), meta: join(directory, 'meta'), tmp: join(directory, 'tmp') };
  await Promise.all(Object.values(directories).map((path) => mkdir(path, { recursive: true })));
  // Only leftovers: another process sharing the directory may be writing a fresh one right now.
  const staleBefore = Date.now() - STALE_TEMP_FILE_MS;
  await Promise.all(
    (await readdir(directories.tmp)).map(async (name) => {
      const path = join(directories.tmp, name);
      const info = await stat(path).catch(() => undefined);
      if (info && info.mtimeMs < staleBefore) await rm(path, { force: true, recursive: true });
    }),
  );
  return new DirectoryBlobStore(directories);
}

class DirectoryBlobStore implements ClosableBlobStore {
  private readonly locks = new KeyedMutex();
  private readonly underWay = new Set<Promise<unknown>>();
  private closed = false;

  constructor(private readonly directories: { readonly content: string; readonly meta: string; readonly tmp: string }) {}

  put(id: string, content: AsyncIterable<Uint8Array>, options: { readonly contentType: string; readonly maxBytes: number }): Promise<StoredBlob> {
    return this.track(async () => {
      assertValidBlobPut(id, options);
      const meter = new BlobMeter(content, options.maxBytes);
      const file = randomUUID();
      const partial = join(this.directories.tmp, file);
      // The file is opened before streaming starts: a stream that opens lazily could create it after a failed
      // upload was cleaned up, leaving a stray partial file behind.
      const handle = await open(partial, 'wx');
      try {
        // writeFile writes the whole chunk (write may write part of it).
        for await (const chunk of meter.chunks()) await handle.writeFile(chunk);
        // On disk before the record names it: a power loss must not leave a record pointing at missing bytes.
        await handle.sync();
      } catch (error) {
        await handle.close().catch(() => undefined);
        await rm(partial, { force: true });
        throw error;
      }
      await handle.close();
      const { size, sha256 } = meter.result();
      await this.locks.run(id, async () => {
        const previous = await this.readRecord(id);
        try {
          await rename(partial, join(this.directories.content, file));
          await syncDirectory(this.directories.content);
          await this.writeRecord(id, { file, contentType: options.contentType, size, sha256 });
        } catch (error) {
          await Promise.all([rm(partial, { force: true }), rm(join(this.directories.content, file), { force: true })]);
          throw error;
        }
        if (previous) await rm(join(this.directories.content, previous.file), { force: true });
      });
      return { id, size, sha256, contentType: options.contentType };
    });
  }

  get(id: string): Promise<{ readonly contentType: string; readonly size: number; readonly body: AsyncIterable<Uint8Array> } | undefined> {
    return this.track(async () => {
      assertValidBlobId(id);
      return this.locks.run(id, async () => {
        const record = await this.readRecord(id);
        return record ? { contentType: record.contentType, size: record.size, body: lazyFileContent(join(this.directories.content, record.file)) } : undefined;
      });
    });
  }

  delete(id: string): Promise<boolean> {
    return this.track(async () => {
      assertValidBlobId(id);
      return this.locks.run(id, async () => {
        const record = await this.readRecord(id);
        if (!record) return false;
        await rm(this.recordPath(id), { force: true });
        await rm(join(this.directories.content, record.file), { force: true });
        return true;
      });
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.allSettled([...this.underWay]);
  }

  private track<R>(operation: () => Promise<R>): Promise<R> {
    if (this.closed) return Promise.reject(new Error('blob store is closed'));
    const promise = operation();
    this.underWay.add(promise);
    const forget = (): void => {
      this.underWay.delete(promise);
    };
    promise.then(forget, forget);
    return promise;
  }

  private recordPath(id: string): string {
    return join(this.directories.meta, `${id}.json`);
  }

  private async readRecord(id: string): Promise<BlobRecord | undefined> {
    let text: string;
    try {
      text = await readFile(this.recordPath(id), 'utf8');
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
    const record: unknown = JSON.parse(text);
    if (!isBlobRecord(record)) throw new Error(`corrupt blob record ${this.recordPath(id)}`);
    return record;
  }

  private async writeRecord(id: string, record: BlobRecord): Promise<void> {
    const partial = join(this.directories.tmp, `${randomUUID()}.json`);
    const handle = await open(partial, 'wx');
    try {
      await handle.writeFile(JSON.stringify(record));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(partial, this.recordPath(id));
    await syncDirectory(this.directories.meta);
  }
}

/**
 * The bytes of `path`, opened when iteration starts (like a GridFS download stream), so a `get` whose body is never
 * read holds no file open; the file is closed when iteration ends, fails or stops early.
 */
function lazyFileContent(path: string): AsyncIterable<Uint8Array> {
  return {
    async *[Symbol.asyncIterator]() {
      let handle: FileHandle;
      try {
        handle = await open(path, 'r');
      } catch (error) {
        if (isNotFound(error)) throw new Error('the blob was replaced or deleted before its content was read', { cause: error });
        throw error;
      }
      try {
        for await (const chunk of handle.createReadStream({ autoClose: false })) yield chunk as Uint8Array;
      } finally {
        await handle.close();
      }
    },
  };
}

/** Makes a rename or removal in `directory` durable (the directory entry itself is fsynced). */
async function syncDirectory(directory: string): Promise<void> {
  const handle = await open(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function isBlobRecord(value: unknown): value is BlobRecord {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return typeof record.file === 'string' && CONTENT_FILE.test(record.file) && typeof record.contentType === 'string' && typeof record.size === 'number' && typeof record.sha256 === 'string';
}

function isNotFound(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'ENOENT';
}
