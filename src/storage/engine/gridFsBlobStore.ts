import { finished } from 'node:stream/promises';
import { GridFSBucket, type Db, type GridFSBucketWriteStream, type GridFSFile } from 'mongodb';
import { assertValidBlobPut, BlobMeter } from './blobContent';
import type { BlobStore, StoredBlob } from './documentStore';
import { assertValidBlobId } from './storageNames';

/** Newest revision first: the order in which `get` picks and `put` supersedes. */
const NEWEST_FIRST = { uploadDate: -1, _id: -1 } as const;

/**
 * The MongoDB backend's {@link BlobStore}: a GridFS bucket named `blobs` (collections `blobs.files`,
 * `blobs.chunks`). Each `put` uploads a new revision with the blob id as file name and `{ contentType, sha256 }` as
 * metadata, then deletes the older revisions; `get` reads the newest. An upload that exceeds `maxBytes` or fails is
 * aborted and its chunks deleted.
 *
 * @example
 * ```ts
 * const blobs = createGridFsBlobStore(client.db('line_omnichannel'));
 * ```
 */
export function createGridFsBlobStore(db: Db): BlobStore {
  const bucket = new GridFSBucket(db, { bucketName: 'blobs' });
  const files = db.collection<GridFSFile>('blobs.files');
  const revisions = (id: string) => bucket.find({ filename: id }, { sort: NEWEST_FIRST });

  return {
    async put(id, content, options): Promise<StoredBlob> {
      assertValidBlobPut(id, options);
      const meter = new BlobMeter(content, options.maxBytes);
      const upload = bucket.openUploadStream(id, { metadata: { contentType: options.contentType } });
      // Failures surface through the write callbacks and `finished`; without a listener an 'error' event would throw.
      upload.on('error', () => undefined);
      try {
        // One chunk at a time: when the meter refuses one, no chunk insert is still in flight, so abort deletes them all.
        for await (const chunk of meter.chunks()) await write(upload, chunk);
        upload.end();
        await finished(upload);
      } catch (error) {
        await discard(bucket, upload);
        throw error;
      }
      const { size, sha256 } = meter.result();
      await files.updateOne({ _id: upload.id }, { $set: { 'metadata.sha256': sha256 } });
      const uploaded = upload.gridFSFile;
      if (uploaded) {
        // Older revisions only, in the order `get` uses, so concurrent puts leave the newest one standing.
        for await (const older of bucket.find({ filename: id, $or: [{ uploadDate: { $lt: uploaded.uploadDate } }, { uploadDate: uploaded.uploadDate, _id: { $lt: uploaded._id } }] })) {
          await deleteRevision(bucket, older);
        }
      }
      return { id, size, sha256, contentType: options.contentType };
    },

    async get(id) {
      assertValidBlobId(id);
      const newest = await revisions(id).limit(1).next();
      if (!newest) return undefined;
      const contentType = typeof newest.metadata?.contentType === 'string' ? newest.metadata.contentType : 'application/octet-stream';
      return { contentType, size: newest.length, body: bucket.openDownloadStream(newest._id) };
    },

    async delete(id) {
      assertValidBlobId(id);
      let deleted = false;
      for await (const revision of revisions(id)) deleted = (await deleteRevision(bucket, revision)) || deleted;
      return deleted;
    },
  };
}

function write(upload: GridFSBucketWriteStream, chunk: Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    upload.write(chunk, (error) => (error ? reject(error) : resolve()));
  });
}

/** Removes what a failed upload stored: `abort()` before the stream ended, else the file document and chunks. */
async function discard(bucket: GridFSBucket, upload: GridFSBucketWriteStream): Promise<void> {
  try {
    if (!upload.state.streamEnd && !upload.state.aborted) await upload.abort();
    else await bucket.delete(upload.id);
  } catch {
    // Nothing was stored (delete reports a missing file), or the server is unreachable: the caller sees the first error.
  } finally {
    upload.destroy();
  }
}

/** Deletes one revision; `false` when a concurrent delete removed it first. */
async function deleteRevision(bucket: GridFSBucket, revision: GridFSFile): Promise<boolean> {
  try {
    await bucket.delete(revision._id);
    return true;
  } catch (error) {
    if (error instanceof Error && /File not found/i.test(error.message)) return false;
    throw error;
  }
}
