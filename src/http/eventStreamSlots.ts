/** A live stream as {@link EventStreamSlots} sees it: something it can end. */
export interface ClosableStream {
  /** Ends the stream, telling the client why (it is no longer counted from then on). */
  close(reason: 'superseded'): void;
}

/** What {@link EventStreamSlots.admit} decided. */
export type StreamAdmission = { readonly admitted: true; readonly superseded: number } | { readonly admitted: false };

/**
 * Counts the live event streams of one process: at most `perOwner` per owner (a user, or the admin API key) and
 * `max` in all. An owner opening one stream too many gets it, and their oldest stream is closed: the tab in front of
 * the user works, and a stream left behind by a dropped connection cannot lock the user out. A stream past the
 * process-wide maximum is refused.
 *
 * @example
 * const slots = new EventStreamSlots({ perOwner: 5, max: 1_000 });
 * const admission = slots.admit(`user:${userId}`, stream);
 * if (!admission.admitted) return res.send(503);
 * res.on('close', () => slots.release(`user:${userId}`, stream));
 */
export class EventStreamSlots {
  /** Per owner, their streams oldest first. */
  private readonly byOwner = new Map<string, Set<ClosableStream>>();
  private total = 0;

  constructor(private readonly limits: { readonly perOwner: number; readonly max: number }) {}

  /** Live streams in all. */
  get size(): number {
    return this.total;
  }

  /** Live streams of `owner`. */
  countOf(owner: string): number {
    return this.byOwner.get(owner)?.size ?? 0;
  }

  /** Counts `stream` for `owner`, closing the owner's oldest streams past their share; refuses it when the process is full. */
  admit(owner: string, stream: ClosableStream): StreamAdmission {
    let superseded = 0;
    const own = this.byOwner.get(owner);
    while (own && own.size >= this.limits.perOwner) {
      const oldest = own.values().next();
      if (oldest.done) break;
      this.release(owner, oldest.value);
      oldest.value.close('superseded');
      superseded += 1;
    }
    if (this.total >= this.limits.max) return { admitted: false };
    const streams = own ?? new Set<ClosableStream>();
    streams.add(stream);
    this.byOwner.set(owner, streams);
    this.total += 1;
    return { admitted: true, superseded };
  }

  /** Stops counting `stream` (it ended); releasing it again changes nothing. */
  release(owner: string, stream: ClosableStream): void {
    const streams = this.byOwner.get(owner);
    if (!streams?.delete(stream)) return;
    this.total -= 1;
    if (streams.size === 0) this.byOwner.delete(owner);
  }
}
