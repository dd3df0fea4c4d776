import { MongoServerError, type Collection, type Db, type IndexDescription } from 'mongodb';
import type { Logger } from 'pino';
import type { IndexSpec, StoredDocument } from './documentStore';

/** MongoDB's error codes for an index that exists with the same keys or name but other options. */
const INDEX_OPTIONS_CONFLICT = 85;
const INDEX_KEY_SPECS_CONFLICT = 86;

/**
 * Creates the indexes of `specs` on a MongoDB collection, at start, without letting an index whose definition changed
 * since it was created stop the server. MongoDB refuses `createIndexes` for an index with the same keys (or name) but
 * other options (errors 85 IndexOptionsConflict and 86 IndexKeySpecsConflict), and refuses the whole batch with it;
 * then each index is created alone and a conflicting one is resolved:
 * - **only `expireAfterSeconds` differs** (a changed retention): changed in place with `collMod`, as MongoDB documents
 *   for TTL indexes, so expiry follows the new setting at once;
 * - **anything else** (`unique`, `sparse`, a TTL added or removed): left as it is, with an error log naming the
 *   collection and index and the options wanted — rebuilding a unique index on a live collection is an operator's
 *   decision (drop it, and the next start creates it as defined).
 *
 * The embedded store does the same (`changedIndexResolution` in `sqliteIndexes.ts`).
 *
 * @example
 * ```ts
 * await ensureMongoIndexes(db, db.collection('sessions'), [{ keys: { expiresAt: 1 }, expireAfterSeconds: 0 }], logger);
 * ```
 */
export async function ensureMongoIndexes(db: Db, collection: Collection<StoredDocument>, specs: readonly IndexSpec[], logger: Logger | undefined): Promise<void> {
  if (specs.length === 0) return;
  try {
    await collection.createIndexes(specs.map(toIndexDescription));
    return;
  } catch (error) {
    if (!isIndexConflict(error)) throw error;
  }
  for (const spec of specs) {
    try {
      await collection.createIndexes([toIndexDescription(spec)]);
    } catch (error) {
      if (!isIndexConflict(error)) throw error;
      await resolveConflict(db, collection, spec, logger);
    }
  }
}

/** The driver's description of `spec` (the index is named by MongoDB's default, from its keys). */
export function toIndexDescription(spec: IndexSpec): IndexDescription {
  return {
    key: { ...spec.keys },
    ...(spec.unique === true ? { unique: true } : {}),
    ...(spec.sparse === true ? { sparse: true } : {}),
    ...(spec.expireAfterSeconds !== undefined ? { expireAfterSeconds: spec.expireAfterSeconds } : {}),
  };
}

function isIndexConflict(error: unknown): boolean {
  return error instanceof MongoServerError && (error.code === INDEX_OPTIONS_CONFLICT || error.code === INDEX_KEY_SPECS_CONFLICT);
}

async function resolveConflict(db: Db, collection: Collection<StoredDocument>, spec: IndexSpec, logger: Logger | undefined): Promise<void> {
  const wantedKeys = JSON.stringify(Object.entries(spec.keys));
  const existing = (await collection.listIndexes().toArray()).find((index) => JSON.stringify(Object.entries(index.key as Record<string, unknown>)) === wantedKeys);
  const wanted = { unique: spec.unique === true, sparse: spec.sparse === true, expireAfterSeconds: spec.expireAfterSeconds };
  const found = existing && { unique: existing.unique === true, sparse: existing.sparse === true, expireAfterSeconds: existing.expireAfterSeconds as number | undefined };
  if (found && found.unique === wanted.unique && found.sparse === wanted.sparse && found.expireAfterSeconds !== undefined && wanted.expireAfterSeconds !== undefined) {
    try {
      await db.command({ collMod: collection.collectionName, index: { keyPattern: { ...spec.keys }, expireAfterSeconds: wanted.expireAfterSeconds } });
    } catch (error) {
      // collMod needs the dbAdmin role, which the application's user (readWrite) usually lacks: say what to run instead.
      if (!(error instanceof MongoServerError)) throw error;
      logger?.error(
        { err: error, collection: collection.collectionName, index: existing.name, from: found.expireAfterSeconds, to: wanted.expireAfterSeconds },
        `could not change the expiry of TTL index ${existing.name} of ${collection.collectionName}; it keeps ${String(found.expireAfterSeconds)} s until an administrator runs collMod with expireAfterSeconds ${String(wanted.expireAfterSeconds)}`,
      );
      return;
    }
    logger?.warn({ collection: collection.collectionName, index: existing.name, from: found.expireAfterSeconds, to: wanted.expireAfterSeconds }, 'changed the expiry of a TTL index');
    return;
  }
  logger?.error(
    { collection: collection.collectionName, index: existing?.name ?? Object.keys(spec.keys).join('_'), existing: found, wanted },
    `index ${existing?.name ?? JSON.stringify(spec.keys)} of ${collection.collectionName} exists with other options than this version defines; it is left as it is — drop it to have it recreated at the next start`,
  );
}
