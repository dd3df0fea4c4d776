import { texts } from './i18n/current';

/** The server's refusal of a call: its status and its message (the server names the field at fault), and its whole answer. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly field?: string,
    readonly code?: string,
    /** The parsed JSON answer, for refusals that say more than a message (e.g. a list of issues). */
    readonly body?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let token: string | undefined;
let onUnauthorized: (() => void) | undefined;

/** Sets the login token calls carry, and what happens when the server no longer accepts it. */
export function configureApi(options: { token: string | undefined; onUnauthorized?: () => void }): void {
  token = options.token;
  onUnauthorized = options.onUnauthorized;
}

/** The current login token, for the event stream. */
export function currentToken(): string | undefined {
  return token;
}

/**
 * Calls the API with `Authorization: Bearer <token>`; answers the parsed JSON, or throws an {@link ApiError} with
 * the server's message. A 401 means the session ended: the dashboard signs out.
 */
export async function api<T = unknown>(method: string, path: string, body?: unknown, options: { anonymous?: boolean } = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (token && !options.anonymous) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  return call<T>(path, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) }, options.anonymous ?? false);
}

/**
 * Sends a file as the raw request body (its type as `Content-Type`, its name percent-encoded in `X-File-Name`, as
 * header values must be Latin-1) and answers the parsed JSON, like {@link api}.
 */
export async function apiUpload<T = unknown>(method: 'POST' | 'PUT', path: string, file: Blob, fileName?: string): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', 'content-type': file.type || 'application/octet-stream' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (fileName) headers['x-file-name'] = encodeURIComponent(fileName);
  return call<T>(path, { method, headers, body: file }, false);
}

async function call<T>(path: string, init: RequestInit, anonymous: boolean): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { ...init, cache: 'no-store', credentials: 'omit' });
  } catch {
    throw new ApiError(0, texts().serverUnreachable);
  }
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!response.ok) {
    const record = (json ?? {}) as { message?: unknown; field?: unknown; code?: unknown };
    const message = typeof record.message === 'string' ? record.message : texts().serverAnswered(response.status, response.statusText);
    if (response.status === 401 && !anonymous) onUnauthorized?.();
    const retryAfter = response.headers.get('retry-after');
    throw new ApiError(response.status, response.status === 429 && retryAfter ? texts().waitSeconds(message, retryAfter) : message, typeof record.field === 'string' ? record.field : undefined, typeof record.code === 'string' ? record.code : undefined, json);
  }
  return json as T;
}

/** A message for any error a call may throw. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}

/** Bytes the API served: the body, its type and the file name the server gave it (`Content-Disposition`). */
export interface FetchedFile {
  readonly blob: Blob;
  readonly contentType: string;
  readonly fileName: string | undefined;
}

/**
 * Fetches a file from the API (e.g. media a customer sent) with the `Authorization` header — never a token in the
 * URL, so `<img src>` cannot load it: the caller makes an object URL of the blob. Throws an {@link ApiError} like
 * {@link api}.
 */
export async function apiFile(path: string, options: { signal?: AbortSignal } = {}): Promise<FetchedFile> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  let response: Response;
  try {
    response = await fetch(path, { headers, cache: 'no-store', credentials: 'omit', ...(options.signal ? { signal: options.signal } : {}) });
  } catch (caught) {
    if (options.signal?.aborted) throw caught;
    throw new ApiError(0, texts().serverUnreachable);
  }
  if (!response.ok) {
    let message = texts().serverAnswered(response.status, response.statusText);
    try {
      const record = (await response.json()) as { message?: unknown; code?: unknown };
      if (typeof record.message === 'string') message = record.message;
    } catch {
      // Not JSON: the status says enough.
    }
    if (response.status === 401) onUnauthorized?.();
    throw new ApiError(response.status, message);
  }
  const blob = await response.blob();
  return { blob, contentType: response.headers.get('content-type') ?? blob.type, fileName: fileNameOf(response.headers.get('content-disposition')) };
}

/** The `filename` of a `Content-Disposition` header (`filename*` first), or `undefined`. */
export function fileNameOf(disposition: string | null): string | undefined {
  if (!disposition) return undefined;
  const extended = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(disposition)?.[1];
  if (extended) {
    try {
      return decodeURIComponent(extended.trim());
    } catch {
      // Fall back to the plain name.
    }
  }
  const plain = /filename\s*=\s*(?:"([^"]*)"|([^;]+))/.exec(disposition);
  const name = (plain?.[1] ?? plain?.[2])?.trim();
  return name ? name : undefined;
}
