import { DuplicateKeyError, type DocumentCollection, type DocumentStore, type Filter, type FindOptions, type Update } from '../storage/engine/documentStore';
import type { HandoffConversation, HandoffState } from './handoffConversation';

/** Collection of handoff records. */
export const HANDOFF_CONVERSATIONS_COLLECTION = 'handoffConversations';

type HandoffDocument = { _id: string } & Omit<HandoffConversation, 'id'>;

/** What starting a cycle needs; the repository fills in state, cycle, version and the per-cycle fields. */
export type NewHandoffCycle = Omit<
  HandoffConversation,
  | 'id'
  | 'state'
  | 'cycle'
  | 'version'
  | 'agentId'
  | 'offeredAgentId'
  | 'offeredAt'
  | 'declined'
  | 'lastAgentId'
  | 'assignedAt'
  | 'endedAt'
  | 'closedAt'
  | 'closeReason'
  | 'unread'
  | 'notes'
  | 'notifiedPosition'
  | 'notifiedAt'
  | 'firstQueueId'
  | 'transfers'
> & { readonly id: string };

/** Fields reset when a new cycle starts on an existing record. */
const CYCLE_FIELDS_CLEARED: Record<string, true> = {
  agentId: true,
  offeredAgentId: true,
  offeredAt: true,
  assignedAt: true,
  endedAt: true,
  closedAt: true,
  closeReason: true,
  notifiedPosition: true,
  notifiedAt: true,
  transfers: true,
};

/**
 * Told of every change of a record, after it is written, with the record as it is then; and of a closed record just
 * before a new cycle reuses it (its last chance to see the cycle that ended). Never throws.
 */
export interface HandoffRecordObserver {
  recordChanged(conversation: HandoffConversation): Promise<void>;
}

/**
 * Handoff records (one per conversation, see {@link HandoffConversation}). Every change is a conditional update on the
 * expected state (and version where it matters), so concurrent callers on any number of instances see each transition
 * happen once.
 *
 * @example
 * const conversations = await HandoffConversationRepository.open(store);
 * const started = await conversations.startCycle({ id, channelId: 'line', ... });
 * await conversations.transition(id, { states: ['queued'] }, { $set: { state: 'assigned' } });
 */
export class HandoffConversationRepository {
  private constructor(
    private readonly collection: DocumentCollection<HandoffDocument>,
    private readonly observer: HandoffRecordObserver | undefined,
  ) {}

  /** Opens the collection, with the indexes the sweeps and the agent views query by; `observer` hears of every change. */
  static async open(store: DocumentStore, observer?: HandoffRecordObserver): Promise<HandoffConversationRepository> {
    const collection = await store.collection<HandoffDocument>(HANDOFF_CONVERSATIONS_COLLECTION, [
      // Queues in order, per queue or across queues (the sweep, the distributor, positions).
      { keys: { state: 1, queueId: 1, queuedAt: 1, _id: 1 } },
      { keys: { state: 1, queuedAt: 1, _id: 1 } },
      // Recent waits of a queue (estimated wait), and the supervisor's assignments of the last 24 hours.
      { keys: { queueId: 1, assignedAt: 1 } },
      { keys: { assignedAt: 1 } },
      { keys: { agentId: 1, state: 1 } },
      // What an agent has served, latest first (contact access).
      { keys: { agentId: 1, requestedAt: -1 } },
      { keys: { customerId: 1 } },
      // Open conversations of a LINE account that was deleted or disabled.
      { keys: { lineAccountId: 1, state: 1 } },
      // Recently closed records (the report facts' repair).
      { keys: { state: 1, closedAt: 1 } },
    ]);
    return new HandoffConversationRepository(collection, observer);
  }

  /**
   * Starts a handoff cycle: creates the record, or reopens a closed one (keeping `lastAgentId`, notes and the cycle
   * count). A record that is open is left as it is.
   *
   * @returns the record and whether this call started the cycle.
   */
  async startCycle(cycle: NewHandoffCycle): Promise<{ readonly conversation: HandoffConversation; readonly started: boolean }> {
    const { id, ...given } = cycle;
    // MongoDB would store an undefined field as null; absent is what the readers expect.
    const fields = Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined));
    const cleared = { ...CYCLE_FIELDS_CLEARED, ...Object.fromEntries(Object.keys(given).filter((key) => !(key in fields)).map((key) => [key, true as const])) };
    for (;;) {
      // The cycle that ended is about to be overwritten: whatever its observer missed, it sees now.
      const ending = this.observer && (await this.collection.findOne({ _id: id, state: 'closed' }));
      if (ending) await this.observer?.recordChanged(toConversation(ending));
      const reopened = await this.collection.findOneAndUpdate(
        { _id: id, state: 'closed' },
        { $set: { ...fields, firstQueueId: cycle.queueId, state: 'queued', declined: [], unread: 0 }, $unset: cleared, $inc: { cycle: 1, version: 1 } },
      );
      if (reopened) return { conversation: await this.observed(toConversation(reopened)), started: true };
      try {
        const created: HandoffDocument = { _id: id, ...fields, firstQueueId: cycle.queueId, state: 'queued', cycle: 1, version: 1, declined: [], unread: 0, notes: [] } as unknown as HandoffDocument;
        await this.collection.insertOne(created);
        return { conversation: await this.observed(toConversation(created)), started: true };
      } catch (error) {
        if (!(error instanceof DuplicateKeyError)) throw error;
      }
      const existing = await this.collection.findOne({ _id: id });
      if (existing && existing.state !== 'closed') return { conversation: toConversation(existing), started: false };
    }
  }

  /** The record, or `undefined`. */
  async get(id: string): Promise<HandoffConversation | undefined> {
    const document = await this.collection.findOne({ _id: id });
    return document && toConversation(document);
  }

  /**
   * Applies `update` when the record is in one of `expected.states` (and at `expected.version` when given); the
   * version is incremented.
   *
   * @returns the record after the change, or `undefined` when it was not in the expected state.
   */
  async transition(
    id: string,
    expected: { readonly states: readonly HandoffState[]; readonly version?: number; readonly where?: Filter },
    update: Update,
  ): Promise<HandoffConversation | undefined> {
    const filter: Filter = { ...expected.where, _id: id, state: { $in: [...expected.states] } };
    if (expected.version !== undefined) filter['version'] = expected.version;
    const changed = await this.collection.findOneAndUpdate(filter, { ...update, $inc: { ...update.$inc, version: 1 } });
    return changed && this.observed(toConversation(changed));
  }

  private async observed(conversation: HandoffConversation): Promise<HandoffConversation> {
    await this.observer?.recordChanged(conversation);
    return conversation;
  }

  /** Records matching `filter` (field names as in {@link HandoffConversation}, `_id` for the id). */
  async find(filter: Filter, options?: FindOptions): Promise<HandoffConversation[]> {
    return (await this.collection.find(filter, options)).map(toConversation);
  }

  /** Records in one of `states`. */
  inStates(states: readonly HandoffState[], extra: Filter = {}): Promise<HandoffConversation[]> {
    return this.find({ ...extra, state: { $in: [...states] } }, { sort: { queuedAt: 1, _id: 1 } });
  }

  /** Deletes every record of a customer (privacy purge). */
  deleteCustomer(customerId: string): Promise<number> {
    return this.collection.deleteMany({ customerId });
  }
}

function toConversation(document: HandoffDocument): HandoffConversation {
  const { _id, ...rest } = document;
  return {
    ...rest,
    id: _id,
    declined: rest.declined ?? [],
    notes: rest.notes ?? [],
    unread: rest.unread ?? 0,
  } as HandoffConversation;
}
