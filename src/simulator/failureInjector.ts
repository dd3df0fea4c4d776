import { STATUS_CODES } from 'node:http';

/** An injected failure: an HTTP status, or `'network'` for a destroyed socket. */
export type InjectedFailure = number | 'network';

/**
 * A queue of failures to inject into the next matching requests ("429 on demand").
 *
 * @example
 * const failures = new FailureInjector();
 * failures.add(1, 429, '/v2/bot/message/push');
 * failures.take('/v2/bot/message/reply'); // undefined
 * failures.take('/v2/bot/message/push'); // 429
 */
export class FailureInjector {
  private pending: { remaining: number; readonly failure: InjectedFailure; readonly pathPrefix: string }[] = [];

  /** Makes the next `count` requests whose path starts with `pathPrefix` fail; queued after earlier additions. */
  add(count: number, failure: InjectedFailure, pathPrefix = ''): void {
    if (count > 0) this.pending.push({ remaining: count, failure, pathPrefix });
  }

  /** The failure to inject into a request for `path`, using one up; `undefined` when it should succeed. */
  take(path: string): InjectedFailure | undefined {
    const entry = this.pending.find((candidate) => path.startsWith(candidate.pathPrefix));
    if (!entry) return undefined;
    entry.remaining -= 1;
    if (entry.remaining <= 0) this.pending = this.pending.filter((candidate) => candidate !== entry);
    return entry.failure;
  }

  /** Drops every pending failure. */
  clear(): void {
    this.pending = [];
  }
}

/** The LINE-like error message for an injected status. */
export function injectedFailureMessage(status: number): string {
  if (status === 429) return 'The API rate limit has been exceeded. Try again later.';
  return STATUS_CODES[status] ?? 'Injected failure';
}
