import type { ServerResponse } from 'node:http';

/** A kept file, as {@link sendStoredFile} answers it. */
export interface StoredFileAnswer {
  readonly contentType: string;
  readonly size: number;
  /** Offered to the browser as the download's name. */
  readonly fileName: string;
  readonly body: AsyncIterable<Uint8Array>;
  /** The `Cache-Control` value. */
  readonly cacheControl: string;
}

/**
 * Streams a kept file (a customer's media, a file an agent sent) with the headers that keep it from doing harm:
 * its stored type with `nosniff`, a sandboxing CSP, pictures/sound/video inline and anything else as a download,
 * named in Latin-1 for old clients and per RFC 5987 for the real (e.g. Japanese) name.
 */
export async function sendStoredFile(res: ServerResponse, file: StoredFileAnswer): Promise<void> {
  const inline = /^(image|video|audio)\//.test(file.contentType);
  const asciiName = file.fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  const encodedName = encodeURIComponent(file.fileName).replace(/['()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
  res.writeHead(200, {
    'content-type': file.contentType,
    'content-length': String(file.size),
    'x-content-type-options': 'nosniff',
    'cache-control': file.cacheControl,
    'content-security-policy': "default-src 'none'; sandbox",
    'content-disposition': `${inline ? 'inline' : 'attachment'}; filename="${asciiName}"; filename*=UTF-8''${encodedName}`,
  });
  for await (const chunk of file.body) res.write(chunk);
  res.end();
}
