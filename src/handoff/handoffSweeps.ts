import { positionsInQueues } from './queueStanding';
import { NoteActions } from './noteActions';
import type { HandoffConversation, HandoffState } from './handoffConversation';
import type { WorkItem } from './assignmentStore';

/** How long a record and its work item must disagree, unchanged, before the sweep repairs them. */
const REPAIR_AFTER_MS = 30_000;

/** States of a conversation that is not closed. */
const OPEN_STATES: readonly HandoffState[] = ['queued', 'assigned', 'waiting', 'wrapUp'];

/** What time decides: offers not accepted, wrap-ups, inactivity, queue updates, distribution. */
export abstract class HandoffSweeps extends NoteActions {
  private sweeping: Promise<void> | undefined;
  /** Records and work items that disagreed at the last sweep: what they were, and since when (see {@link repairHalfDone}). */
  private suspects = new Map<string, { readonly shape: string; readonly since: number }>();

  /**
   * One pass over what time decides: offers not accepted in time go to the next agent, wrap-ups end, inactive
   * conversations close, waiting customers hear their new place, queued conversations are distributed. Passes never
   * overlap within a process; instances may run them side by side.
   */
  sweep(): Promise<void> {
    this.sweeping ??= this.runSweep().finally(() => {
      this.sweeping = undefined;
    });
    return this.sweeping;
  }

  /** Resolves when the running sweep and distribution (if any), and the bot notices under way, are done. */
  async sweepsDone(): Promise<void> {
    await this.sweeping;
    await this.options.distributor.idle();
    await this.botNoticesDone();
  }

  protected async runSweep(): Promise<void> {
    const now = this.now();
    const settings = this.options.settings;
    await this.options.distributor.expireOffers(now);
    for (const ended of await this.options.conversations.find({ state: 'wrapUp', endedAt: { $lte: new Date(now.getTime() - settings.wrapUpSeconds * 1000) } })) {
      await this.completeWrapUp(ended);
    }
    const idleSince = new Date(now.getTime() - settings.inactivityCloseMinutes * 60 * 1000);
    for (const idle of await this.options.conversations.find({ state: { $in: ['assigned', 'waiting'] }, lastMessageAt: { $lt: idleSince } })) {
      await this.closeNow(idle, 'inactivity');
    }
    await this.closeConversationsOfGoneAccounts();
    await this.repairHalfDone();
    await this.sendQueueUpdates(now);
    await this.options.distributor.distribute();
  }

  /**
   * Closes every open conversation of LINE account `accountId`, which was deleted or disabled: nobody can reach its
   * customers any more, so none stays queued, offered or assigned. The reason (`accountRemoved`) is recorded and the
   * agents' screens are told; nothing is sent to the customer.
   *
   * @returns how many conversations were closed.
   * @example await handoff.lineAccountGone('shop-tokyo');
   */
  async lineAccountGone(accountId: string): Promise<number> {
    let closed = 0;
    for (const conversation of await this.options.conversations.find({ lineAccountId: accountId, state: { $in: [...OPEN_STATES] } })) {
      if (await this.closeNow(conversation, 'accountRemoved')) closed += 1;
    }
    if (closed > 0) this.log.info({ lineAccountId: accountId, closed }, 'conversations of a removed LINE account closed');
    return closed;
  }

  /**
   * Makes the assignment store follow the handoff records where a process died between a record's transition and the
   * work item's (the record is the authority): work of a conversation no longer with people is withdrawn, a queued
   * conversation without work is queued again, an assigned one whose work went elsewhere is queued again. A mismatch
   * is repaired only when sweeps find it unchanged for {@link REPAIR_AFTER_MS}, so an operation still in flight on
   * another instance is never taken for a half-done one.
   */
  protected async repairHalfDone(): Promise<void> {
    const [records, work] = await Promise.all([this.options.conversations.inStates(OPEN_STATES), this.options.assignments.openWork()]);
    const recordById = new Map(records.map((record) => [record.id, record]));
    const workById = new Map(work.map((item) => [item.conversationKey, item]));
    const now = this.now().getTime();
    const suspects = new Map<string, { readonly shape: string; readonly since: number }>();
    for (const id of new Set([...recordById.keys(), ...workById.keys()])) {
      const item = workById.get(id);
      const record = recordById.get(id) ?? (await this.options.conversations.get(id));
      if (agrees(record, item)) continue;
      // The record's version moves with unrelated writes (queue notices); its state and agent, and the work item's
      // version, move with every step of an operation.
      const shape = `${record?.state}:${record?.agentId}:${item?.state}:${item?.version}`;
      const earlier = this.suspects.get(id);
      const since = earlier?.shape === shape ? earlier.since : now;
      if (now - since < REPAIR_AFTER_MS) {
        suspects.set(id, { shape, since });
        continue;
      }
      this.log.warn({ handoffId: id, state: record?.state, work: item?.state }, 'repairing a handoff change a process left half-done');
      if (item) await this.options.assignments.withdraw(id);
      if (record?.state === 'queued') await this.options.assignments.enqueue({ conversationKey: id, queueId: record.queueId, units: record.units, at: record.queuedAt });
      if (record?.state === 'assigned') await this.requeue(record, { keepWait: true, change: 'requeue', tell: 'requestReceived' });
    }
    this.suspects = suspects;
    this.options.distributor.kick();
  }

  /** What {@link lineAccountGone} does for every account that went while no instance was told (e.g. across a restart). */
  protected async closeConversationsOfGoneAccounts(): Promise<void> {
    const accounts = this.options.lineAccounts;
    if (!accounts) return;
    const open = await this.options.conversations.inStates(OPEN_STATES);
    const accountIds = new Set(open.flatMap((conversation) => (conversation.lineAccountId === undefined ? [] : [conversation.lineAccountId])));
    for (const accountId of accountIds) {
      if (!(await accounts.get(accountId))) await this.lineAccountGone(accountId);
    }
  }

  protected async sendQueueUpdates(now: Date): Promise<void> {
    const queued = await this.options.conversations.inStates(['queued']);
    const positions = positionsInQueues(queued);
    const interval = this.options.settings.queueUpdateSeconds * 1000;
    // One read of recent waits per queue per sweep, however long the queue.
    const waitsByQueue = new Map<string, Promise<number[]>>();
    for (const conversation of queued) {
      const waits = waitsByQueue.get(conversation.queueId) ?? this.recentWaits(conversation.queueId);
      waitsByQueue.set(conversation.queueId, waits);
      const position = positions.get(conversation.id);
      if (position === undefined || conversation.offeredAgentId !== undefined) continue;
      const told = conversation.notifiedPosition;
      // Only better news, and not too often: a long queue must not spam its customers.
      if (told !== undefined && position >= told) continue;
      if (conversation.notifiedAt && now.getTime() - conversation.notifiedAt.getTime() < interval) continue;
      const workstream = await this.workstreamFor(conversation.language, conversation.workstreamId);
      const notices = await this.queueStandingNotices(conversation, workstream, { position, waits });
      await this.tellCustomer(conversation, `position-${position}-${now.getTime()}`, notices);
    }
  }
}


/** Whether a conversation's work item is what its record's state implies. */
function agrees(record: HandoffConversation | undefined, item: WorkItem | undefined): boolean {
  switch (record?.state) {
    case 'queued':
      return item !== undefined && item.state !== 'assigned';
    case 'assigned':
      return item?.state === 'assigned' && item.agentId === record.agentId;
    case 'wrapUp':
      return item === undefined || (item.state === 'assigned' && item.agentId === record.agentId);
    default:
      return item === undefined;
  }
}
