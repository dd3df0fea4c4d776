import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, apiFile, errorMessage, type FetchedFile } from './api';
import { formatNumber } from './format';

/**
 * Waits before asking again for media the server does not have yet: the server copies a customer's photo from LINE
 * beside the turn, so the message can reach the screen a moment before its bytes are kept.
 */
const NOT_YET_DELAYS_MS = [1_000, 2_000, 4_000, 8_000];

/**
 * The media customers sent in one conversation, as the server keeps them
 * (`GET /api/agent/conversations/:id/attachments/:messageId`, with the `Authorization` header). Each file is fetched
 * once while the conversation is open (a failed fetch is forgotten, so it can be tried again); screens make their
 * own object URLs of the blobs and revoke them when they go away.
 *
 * @example const media = new ConversationMedia(`/api/agent/conversations/${id}`); await media.get('5251545');
 */
export class ConversationMedia {
  private readonly files = new Map<string, Promise<FetchedFile>>();

  constructor(private readonly conversationPath: string) {}

  /** The stored media of the customer's LINE message `messageId`. */
  get(messageId: string): Promise<FetchedFile> {
    const known = this.files.get(messageId);
    if (known) return known;
    const loading = apiFile(`${this.conversationPath}/attachments/${encodeURIComponent(messageId)}`);
    this.files.set(messageId, loading);
    loading.catch(() => this.files.delete(messageId));
    return loading;
  }
}

export type StoredFileState =
  | { readonly status: 'idle' | 'loading' }
  | { readonly status: 'ready'; readonly url: string; readonly file: FetchedFile }
  | { readonly status: 'failed'; readonly error: string; readonly missing: boolean };

/**
 * Loads one stored file while `enabled`, as an object URL that lives as long as the component (revoked when it
 * unmounts or the file changes). A 404 is asked again a few times (the copy may still be on its way); `retry` starts
 * over after a failure.
 */
export function useStoredFile(media: ConversationMedia, messageId: string, enabled: boolean): { state: StoredFileState; retry: () => void } {
  const [state, setState] = useState<StoredFileState>({ status: 'idle' });
  const [attempt, setAttempt] = useState(0);
  const url = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (!enabled) return undefined;
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    setState({ status: 'loading' });
    const load = (tries: number): void => {
      media.get(messageId).then(
        (file) => {
          if (cancelled) return;
          url.current = URL.createObjectURL(file.blob);
          setState({ status: 'ready', url: url.current, file });
        },
        (caught: unknown) => {
          if (cancelled) return;
          const missing = caught instanceof ApiError && caught.status === 404;
          const delay = missing ? NOT_YET_DELAYS_MS[tries] : undefined;
          if (delay !== undefined) timer = setTimeout(() => load(tries + 1), delay);
          else setState({ status: 'failed', error: errorMessage(caught), missing });
        },
      );
    };
    load(0);
    return () => {
      cancelled = true;
      clearTimeout(timer);
      if (url.current) URL.revokeObjectURL(url.current);
      url.current = undefined;
    };
  }, [media, messageId, enabled, attempt]);
  return { state, retry: () => setAttempt((current) => current + 1) };
}

/** Saves a blob under `fileName` through a temporary link (the object URL is revoked once the download started). */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

/** `12 KB`, `3.4 MB`. */
export function fileSize(bytes: number): string {
  const unit = (value: number, name: 'kilobyte' | 'megabyte', digits: number): string => formatNumber(value, { style: 'unit', unit: name, unitDisplay: 'short', maximumFractionDigits: digits, minimumFractionDigits: digits });
  // Intl spells bytes out ("10 byte"); the symbol reads the same in every language.
  if (bytes < 1024) return `${formatNumber(bytes)} B`;
  if (bytes < 1024 * 1024) return unit(Math.round(bytes / 1024), 'kilobyte', 0);
  return unit(bytes / (1024 * 1024), 'megabyte', 1);
}
