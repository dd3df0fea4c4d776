import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';

/** Cache-Control of hashed build outputs: they never change under their name. */
export const IMMUTABLE_CACHE = 'public, max-age=31536000, immutable';

/** Content types of the files a Vite build produces, by extension. */
export const BUILT_ASSET_CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** A file name a build may produce: no separators, no leading dot, so no path can leave the directory. */
const SAFE_FILE_NAME = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,200}$/;

/** A built file ready to send. */
export interface BuiltAsset {
  readonly body: Buffer;
  readonly contentType: string;
}

/** The file's bytes, or `undefined` when it is missing or not a regular file. */
export async function readOptionalFile(file: string): Promise<Buffer | undefined> {
  try {
    if (!(await stat(file)).isFile()) return undefined;
    return await readFile(file);
  } catch {
    return undefined;
  }
}

/**
 * The file `name` of a build directory with its content type, or `undefined` for a missing file, an unsafe name
 * (anything that could leave the directory) or a type a build does not produce.
 *
 * @example const asset = await readBuiltAsset('dist/simulator-page/assets', 'index-DPLbPT9l.js');
 */
export async function readBuiltAsset(directory: string, name: string | undefined): Promise<BuiltAsset | undefined> {
  if (name === undefined || !SAFE_FILE_NAME.test(name)) return undefined;
  const contentType = BUILT_ASSET_CONTENT_TYPES[path.extname(name).toLowerCase()];
  if (contentType === undefined) return undefined;
  const body = await readOptionalFile(path.join(directory, name));
  return body === undefined ? undefined : { body, contentType };
}
