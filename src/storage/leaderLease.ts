import { randomUUID } from 'node:crypto';
import { DuplicateKeyError, type DocumentCollection, type DocumentStore } from './engine/documentStore';

/** Collection of the leases; one document per lease name. */
export const LEASES_COLLECTION = 'leases';

type LeaseDocument = {
  _id: string;
  owner: string;
  expiresAt: Date;
};

/** Options of {@link LeaderLease.open}. */
export interface LeaderLeaseOptions {
  /** What the lease is for, e.g. `sweep`: one holder per name across every instance sharing the store. */
  readonly name: string;
  /** How long a holder keeps the lease without renewing it; another instance may take it over afterwards. */
  readonly ttlMs: number;
  /** This holder's id (default: a fresh UUID, so each process and each handle is its own holder). */
  readonly owner?: string;
  /** The clock in milliseconds (default `Date.now`). Instances' clocks must agree to well within `ttlMs`. */
  readonly now?: () => number;
}

/**
 * A named lease in the shared store, so that work meant to run once per cluster (the handoff sweep) runs on one
 * instance: a compare-and-set on one document `{ _id: name, owner, expiresAt }`. {@link tryAcquire} takes the lease
 * when nobody holds it or its holder let it expire, and renews it when this holder has it; {@link release} gives it
 * up at shutdown so another instance takes over at its next attempt instead of after the expiry.
 *
 * A lease is not a lock: a holder stalled past its expiry (a long pause, a slow store) may still be finishing work
 * when the next holder starts. Work done under it must itself be safe to repeat (conditional writes); the lease only
 * keeps instances from doing the same work side by side all the time.
 *
 * @example
 * ```ts
 * const lease = await LeaderLease.open(store, { name: 'sweep', ttlMs: 15_000 });
 * if (await lease.tryAcquire()) await handoff.sweep();
 * await lease.release(); // at shutdown
 * ```
 */
export class LeaderLease {
  /** This holder's id, as stored in the lease document's `owner`. */
  readonly owner: string;
  private readonly now: () => number;
  private heldUntil = 0;

  private constructor(
    private readonly collection: DocumentCollection<LeaseDocument>,
    private readonly options: LeaderLeaseOptions,
  ) {
    if (!(options.ttlMs > 0)) throw new RangeError('a lease needs a positive ttlMs');
    this.owner = options.owner ?? randomUUID();
    this.now = options.now ?? Date.now;
  }

  /** Opens the lease collection of `store` for the lease `options.name` (no attempt to take it yet). */
  static async open(store: DocumentStore, options: LeaderLeaseOptions): Promise<LeaderLease> {
    return new LeaderLease(await store.collection<LeaseDocument>(LEASES_COLLECTION), options);
  }

  /**
   * Takes the lease when it is free or expired, or renews it when this holder has it; `false` when another holder's
   * lease is still running.
   */
  async tryAcquire(): Promise<boolean> {
    const now = this.now();
    const expiresAt = new Date(now + this.options.ttlMs);
    const name = this.options.name;
    // The common case, a renewal (or the takeover of an expired lease), is one conditional write.
    const taken = await this.collection.findOneAndUpdate({ _id: name, $or: [{ owner: this.owner }, { expiresAt: { $lte: new Date(now) } }] }, { $set: { owner: this.owner, expiresAt } });
    if (taken) return this.hold(expiresAt);
    try {
      await this.collection.insertOne({ _id: name, owner: this.owner, expiresAt });
      return this.hold(expiresAt);
    } catch (error) {
      if (!(error instanceof DuplicateKeyError)) throw error;
      this.heldUntil = 0;
      return false;
    }
  }

  /** Whether this holder has the lease by its last {@link tryAcquire} and it has not expired since. */
  isHeld(): boolean {
    return this.heldUntil > this.now();
  }

  /** Gives the lease up when this holder has it (nothing otherwise), so another holder may take it at once. */
  async release(): Promise<void> {
    this.heldUntil = 0;
    await this.collection.deleteOne({ _id: this.options.name, owner: this.owner });
  }

  private hold(expiresAt: Date): true {
    this.heldUntil = expiresAt.getTime();
    return true;
  }
}
