import { backoffDelayMs } from '../../shared/retry';
import { readEventStream } from './eventStreamReader';
import type { HandoffEvent } from './types';

/** `paused`: the server ended this tab's stream because the user opened more tabs than it serves; reload to resume. */
export type StreamStatus = 'connecting' | 'open' | 'reconnecting' | 'stopped' | 'paused';

type Listener = (event: HandoffEvent) => void;

/** Longest silence before the stream is taken for dead (the server sends a heartbeat every 15 s). */
const SILENCE_LIMIT_MS = 45_000;
/** Reconnection delays: random below a ceiling that starts at 1 s and doubles up to 30 s (full jitter). */
const RECONNECT_BACKOFF = { baseDelayMs: 1_000, maxDelayMs: 30_000 } as const;

/**
 * The handoff's live events (`GET /api/handoff/events`, Server-Sent Events). EventSource cannot send an
 * `Authorization` header, and the token must never go in a URL, so the stream is read with fetch() and a
 * ReadableStream (parsed by {@link readEventStream}). A dropped stream reconnects with exponential backoff (a random
 * delay below 1 s, doubling to 30 s: the shared retry helper's full jitter); every
 * successful (re)connection is announced so screens re-read their lists (events missed meanwhile are not replayed).
 * A stream the server ends with `event: superseded` (the user has more tabs open than it serves) is not reconnected:
 * reconnecting would only end another tab's stream in turn.
 */
export class HandoffEventStream {
  private readonly listeners = new Set<Listener>();
  private readonly connectListeners = new Set<() => void>();
  private readonly statusListeners = new Set<(status: StreamStatus) => void>();
  private controller: AbortController | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private silenceTimer: ReturnType<typeof setTimeout> | undefined;
  /** Reconnections tried since the stream was last open. */
  private retries = 0;
  private running = false;
  private connectedBefore = false;
  status: StreamStatus = 'stopped';

  constructor(private readonly token: () => string | undefined, private readonly onUnauthorized: () => void) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    void this.connect();
  }

  stop(): void {
    this.running = false;
    clearTimeout(this.retryTimer);
    clearTimeout(this.silenceTimer);
    this.controller?.abort();
    this.setStatus('stopped');
  }

  /** Calls `listener` with every event; returns the function that stops it. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Calls `listener` after every reconnection (not the first connection): the time to re-read lists. */
  onReconnect(listener: () => void): () => void {
    this.connectListeners.add(listener);
    return () => this.connectListeners.delete(listener);
  }

  onStatus(listener: (status: StreamStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  private setStatus(status: StreamStatus): void {
    this.status = status;
    for (const listener of this.statusListeners) listener(status);
  }

  private async connect(): Promise<void> {
    const token = this.token();
    if (!this.running || !token) return;
    this.setStatus(this.connectedBefore ? 'reconnecting' : 'connecting');
    const controller = new AbortController();
    this.controller = controller;
    try {
      const response = await fetch('/api/handoff/events', { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' }, cache: 'no-store', credentials: 'omit', signal: controller.signal });
      if (response.status === 401) {
        this.running = false;
        this.setStatus('stopped');
        this.onUnauthorized();
        return;
      }
      if (!response.ok || !response.body) throw new Error(`event stream answered ${response.status}`);
      this.retries = 0;
      this.setStatus('open');
      const reconnected = this.connectedBefore;
      this.connectedBefore = true;
      if (reconnected) for (const listener of this.connectListeners) listener();
      if ((await this.read(response.body, controller)) === 'superseded') {
        this.running = false;
        this.setStatus('paused');
        return;
      }
    } catch {
      // Dropped, refused or timed out: retried below.
    }
    clearTimeout(this.silenceTimer);
    if (!this.running || (controller.signal.aborted && this.controller !== controller)) return;
    this.scheduleRetry();
  }

  private scheduleRetry(): void {
    if (!this.running) return;
    this.setStatus('reconnecting');
    this.retries += 1;
    const delay = backoffDelayMs(this.retries, RECONNECT_BACKOFF);
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => void this.connect(), delay);
  }

  private async read(body: ReadableStream<Uint8Array>, controller: AbortController): Promise<'ended' | 'superseded'> {
    const watch = (): void => {
      clearTimeout(this.silenceTimer);
      this.silenceTimer = setTimeout(() => controller.abort(), SILENCE_LIMIT_MS);
    };
    watch();
    const end = await readEventStream(body, {
      onChunk: watch,
      onEvent: (event) => {
        if (event.type === 'superseded') return 'stop';
        this.dispatch(event.type, event.data);
        return undefined;
      },
    });
    if (end === 'ended') return 'ended';
    clearTimeout(this.silenceTimer);
    return 'superseded';
  }

  private dispatch(type: string, data: string): void {
    let event: HandoffEvent;
    try {
      event = JSON.parse(data) as HandoffEvent;
    } catch {
      return;
    }
    if (event.type !== type) return;
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        console.error('event listener failed', error);
      }
    }
  }
}
