import { readdir, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import type { Logger } from 'pino';
import type { StoredDocument } from './documentStore';
import { quoteIdentifier } from './sqliteIndexes';
import { encodeDocument } from './sqliteJson';
import { toStorableDocument } from './storableDocument';
import { assertValidCollectionName } from './storageNames';

/** Suffix the data files of the former NeDB engine get once imported. */
export const IMPORTED_SUFFIX = '.imported';

/** A NeDB data file could not be read faithfully: nothing was imported. */
export class NedbImportError extends Error {
  readonly code = 'nedb_import_failed';

  constructor(
    readonly file: string,
    detail: string,
  ) {
    super(`cannot import ${file}: ${detail}. Nothing was imported and the file is untouched; repair or remove that line (or the file) and start again.`);
    this.name = 'NedbImportError';
  }
}

/**
 * Imports, once, the data files the former embedded engine (NeDB) left in `dataDir` — `<collection>.db`, one JSON
 * document per line, later lines superseding earlier ones with the same `_id`, `{"$$deleted":true,"_id":…}`
 * removing one, `$$indexCreated`/`$$indexRemoved` lines describing indexes (the repositories declare theirs again),
 * dates written as `{"$$date": ms}` — into the SQLite database, in one transaction, then renames each file to
 * `<collection>.db.imported` and logs it. A line that is not valid JSON stops the import with {@link NedbImportError}
 * naming the file and line: no record is dropped silently. The import is recorded in `_store_imports` in the same
 * transaction, so a crash before the renames, or a second process starting at the same time, never imports twice.
 *
 * @returns how many documents were imported, per collection.
 */
export async function importNedbFiles(db: DatabaseSync, dataDir: string, logger?: Logger): Promise<Record<string, number>> {
  const files = (await readdir(dataDir)).filter((name) => name.endsWith('.db')).sort();
  if (files.length === 0) return {};
  const collections = new Map<string, StoredDocument[]>();
  for (const file of files) {
    const collection = file.slice(0, -'.db'.length);
    try {
      assertValidCollectionName(collection);
    } catch {
      logger?.warn({ file: join(dataDir, file) }, 'not imported: the file name is not a collection name');
      continue;
    }
    collections.set(collection, parseNedbFile(join(dataDir, file), await readFile(join(dataDir, file), 'utf8')));
  }
  const imported: Record<string, number> = {};
  db.exec('CREATE TABLE IF NOT EXISTS _store_imports (file TEXT PRIMARY KEY, documents INTEGER NOT NULL, at TEXT NOT NULL)');
  db.exec('BEGIN IMMEDIATE');
  try {
    const done = db.prepare('SELECT 1 AS done FROM _store_imports WHERE file = ?');
    const record = db.prepare('INSERT INTO _store_imports (file, documents, at) VALUES (?, ?, ?)');
    for (const [collection, documents] of collections) {
      if (done.get(`${collection}.db`) !== undefined) continue;
      const table = quoteIdentifier(collection);
      db.exec(`CREATE TABLE IF NOT EXISTS ${table} (_id TEXT PRIMARY KEY NOT NULL, doc TEXT NOT NULL)`);
      const insert = db.prepare(`INSERT INTO ${table} (_id, doc) VALUES (?, ?)`);
      for (const document of documents) insert.run(document._id, encodeDocument(document));
      record.run(`${collection}.db`, documents.length, new Date().toISOString());
      imported[collection] = documents.length;
    }
    db.exec('COMMIT');
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  }
  for (const collection of collections.keys()) {
    const file = join(dataDir, `${collection}.db`);
    await rename(file, `${file}${IMPORTED_SUFFIX}`).catch((error: unknown) => {
      // Another process starting at the same time may have renamed it first.
      if ((error as { code?: unknown }).code !== 'ENOENT') throw error;
    });
  }
  if (Object.keys(imported).length > 0) {
    logger?.info({ dataDir, imported, keptAs: `<collection>.db${IMPORTED_SUFFIX}` }, 'imported the former NeDB data files into store.sqlite; the old files are kept aside, renamed');
  }
  return imported;
}

/** The documents a NeDB data file holds, in the order NeDB would give them. */
function parseNedbFile(file: string, text: string): StoredDocument[] {
  const documents = new Map<string, StoredDocument>();
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line, reviveNedbValue);
    } catch (error) {
      throw new NedbImportError(file, `line ${index + 1} is not valid JSON (${(error as Error).message})`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new NedbImportError(file, `line ${index + 1} is not a document`);
    const entry = parsed as Record<string, unknown>;
    if ('$$indexCreated' in entry || '$$indexRemoved' in entry) return;
    if (typeof entry._id !== 'string') throw new NedbImportError(file, `line ${index + 1} has no string _id`);
    if (entry.$$deleted === true) {
      documents.delete(entry._id);
      return;
    }
    documents.delete(entry._id);
    try {
      documents.set(entry._id, toStorableDocument(entry, file));
    } catch (error) {
      throw new NedbImportError(file, `line ${index + 1}: ${(error as Error).message}`);
    }
  });
  return [...documents.values()];
}

// NeDB's own deserialisation: `{"$$date": ms}` is a Date.
function reviveNedbValue(key: string, value: unknown): unknown {
  if (key === '$$date' && typeof value === 'number') return new Date(value);
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && (value as { $$date?: unknown }).$$date instanceof Date && Object.keys(value).length === 1) {
    return (value as { $$date: Date }).$$date;
  }
  return value;
}
