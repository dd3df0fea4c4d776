import type { MetricObjectWithValues, MetricValue } from 'prom-client';
import type { Config } from '../config';

/** What the main thread gives a turn worker thread at its start. */
export interface TurnThreadData {
  readonly config: Config;
  /** The server's public base URL (links to agents' files; the simulator's Messaging API when it runs). */
  readonly publicUrl: string;
}

/** Messages from the main thread to the turn worker thread. */
export type ToTurnThread =
  /** Conversations with newly admitted events: run them now. */
  | { readonly type: 'run'; readonly conversations: readonly string[] }
  /** Answer `idle` once every turn started so far and its writes are done. */
  | { readonly type: 'idle'; readonly id: number }
  /** Answer `metrics` with this thread's registry. */
  | { readonly type: 'metrics'; readonly id: number }
  /** Finish running turns, release leases, close the store and end. */
  | { readonly type: 'stop' };

/** The thread's metrics, as prom-client serialises a registry. */
export type ThreadMetrics = MetricObjectWithValues<MetricValue<string>>[];

/** Messages from the turn worker thread to the main thread. */
export type FromTurnThread =
  | { readonly type: 'ready' }
  | { readonly type: 'idle'; readonly id: number }
  | { readonly type: 'metrics'; readonly id: number; readonly metrics: ThreadMetrics }
  /** Starting failed (e.g. the store could not be opened); the thread ends. */
  | { readonly type: 'failed'; readonly error: string };
