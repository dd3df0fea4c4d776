import { randomUUID } from 'node:crypto';
import { ActivityTypes, type Activity } from 'botbuilder';
import type { AgentFile, NewAgentFile } from '../attachments/agentFileRepository';
import { closeQuietly } from '../attachments/attachmentContentRules';
import { DuplicateKeyError } from '../storage/engine/documentStore';
import { AGENT_ENTITY_TYPE } from './agentMessageEntity';
import { HandoffActionError } from './handoffActionError';
import { ACCOUNT_GONE_MESSAGE } from './handoffBase';
import type { HandoffConversation } from './handoffConversation';
import type { AgentPresence } from './routing/routingModel';
import { CustomerSide } from './customerSide';
import { isBotSticker, LINE_STICKER_CONTENT_TYPE, lineStickerImageUrl } from '../../adapters/line/lineStickers';
import type { SentActivity } from './customerMessenger';
import type { AgentMessage, HandoffActor, HandoffConversationView, TransferTarget } from './handoffServiceModel';

/** What agents do: presence, accept or decline offers, end, step away, transfer, write and send files, mark read. */
export abstract class AgentActions extends CustomerSide {
  /** Sets an agent's presence. Going offline gives back offers and queues the agent's conversations again. */
  async setPresence(agentId: string, presence: AgentPresence): Promise<{ readonly presence: AgentPresence; readonly capacity: number; readonly load: number }> {
    const profile = await this.profileOf(agentId);
    const capacity = await this.options.assignments.upsertAgent({ id: agentId, capacity: profile.capacity, presence });
    this.options.events.publish({ type: 'presence', agentId, presence });
    if (presence === 'offline') {
      for (const offered of await this.options.conversations.find({ state: 'queued', offeredAgentId: agentId })) await this.endOffer(offered, agentId, 'declined');
      for (const assigned of await this.options.conversations.find({ state: 'assigned', agentId })) {
        await this.requeue(assigned, { excludeAgentId: agentId, keepWait: true, change: 'requeue', tell: 'requestReceived' });
      }
    }
    if (presence === 'available') this.options.distributor.kick();
    const after = (await this.options.assignments.agent(agentId)) ?? capacity;
    return { presence: after.presence, capacity: after.capacity, load: after.capacity - after.free };
  }

  /** The agent's presence and load (offline and idle when never set). */
  async presenceOf(agentId: string): Promise<{ readonly presence: AgentPresence; readonly capacity: number; readonly load: number }> {
    const profile = await this.profileOf(agentId);
    const capacity = await this.options.assignments.agent(agentId);
    return capacity ? { presence: capacity.presence, capacity: capacity.capacity, load: capacity.capacity - capacity.free } : { presence: 'offline', capacity: profile.capacity, load: 0 };
  }

  /** Closes `conversation` (reason `accountRemoved`) when its LINE account was deleted or disabled; whether it did. */
  protected async closeIfAccountGone(conversation: HandoffConversation): Promise<boolean> {
    const accounts = this.options.lineAccounts;
    if (!accounts || conversation.lineAccountId === undefined || (await accounts.get(conversation.lineAccountId))) return false;
    await this.closeNow(conversation, 'accountRemoved');
    return true;
  }

  /**
   * The agent takes a conversation: one offered to them, or (pick mode) one waiting in a pick queue they serve.
   * The customer is told who joined.
   */
  async accept(id: string, agentId: string): Promise<HandoffConversationView> {
    const conversation = await this.require(id);
    const profile = await this.profileOf(agentId);
    if (conversation.state !== 'queued') throw new HandoffActionError('conflict', `the conversation is ${conversation.state}, not waiting for an agent`);
    if (await this.closeIfAccountGone(conversation)) throw new HandoffActionError('channel_gone', ACCOUNT_GONE_MESSAGE);
    const now = this.now();
    if (conversation.offeredAgentId === agentId) {
      if ((await this.options.assignments.accept(id, agentId)) !== 'assigned') throw new HandoffActionError('conflict', 'the offer is no longer open (it expired or was withdrawn)');
    } else if (conversation.offeredAgentId !== undefined) {
      throw new HandoffActionError('conflict', 'the conversation is offered to another agent');
    } else {
      const queue = await this.options.config.queues.get(conversation.queueId);
      if (!profile.queueIds.includes(conversation.queueId)) throw new HandoffActionError('forbidden', 'you do not serve this queue');
      if (queue?.distribution !== 'pick') throw new HandoffActionError('conflict', 'conversations of this queue are offered to agents, not picked');
      if (!profile.languages.includes(conversation.language)) throw new HandoffActionError('conflict', `you do not serve the customer's language (${conversation.language})`);
      const offered = await this.options.assignments.offer(id, agentId, now);
      if (offered === 'agent_unavailable') throw new HandoffActionError('conflict', 'set your presence to available with free capacity to take a conversation');
      if (offered === 'not_queued' || (await this.options.assignments.accept(id, agentId)) !== 'assigned') throw new HandoffActionError('conflict', 'someone else took the conversation');
    }
    const assigned = await this.move('accept', conversation, { $set: { agentId, lastAgentId: agentId, assignedAt: now, lastMessageAt: now }, $unset: { offeredAgentId: true, offeredAt: true } });
    // Whatever moved the record out of `queued` meanwhile (a cancel, a close) withdraws the work item after its own
    // write, which gives this capacity back: nothing to undo here.
    if (!assigned) throw new HandoffActionError('conflict', 'the customer withdrew the request');
    this.log.info({ handoffId: id, agentId, waitedMs: now.getTime() - conversation.queuedAt.getTime() }, 'conversation assigned');
    if (conversation.offeredAgentId === agentId) this.options.events.publish({ type: 'offerEnded', conversationId: id, queueId: assigned.queueId, agentId, reason: 'accepted' });
    const workstream = await this.workstreamFor(assigned.language, assigned.workstreamId);
    await this.tellCustomer(assigned, 'assigned', [await this.automatedText(workstream, assigned.language, 'agentAssigned', { AgentName: profile.displayName })]);
    return this.view(assigned);
  }

  /** The agent turns the offer down; the conversation goes to the next agent. */
  async decline(id: string, agentId: string): Promise<HandoffConversationView> {
    const conversation = await this.require(id);
    if (conversation.state !== 'queued' || conversation.offeredAgentId !== agentId) throw new HandoffActionError('conflict', 'the conversation is not offered to you');
    const after = await this.endOffer(conversation, agentId, 'declined');
    if (!after) throw new HandoffActionError('conflict', 'the offer is no longer open');
    return this.view(after);
  }

  /**
   * Ends or closes a conversation. An assigned (or waiting) conversation ends: the customer is told, the bot resumes
   * and asks the survey when the workstream has one, and the agent keeps it in wrap-up (its capacity held) for the
   * configured time or until they close it again. A supervisor may also close a queued one.
   */
  async close(id: string, actor: HandoffActor): Promise<HandoffConversationView> {
    const conversation = await this.require(id);
    this.assertActsOn(conversation, actor);
    switch (conversation.state) {
      case 'assigned':
      case 'waiting': {
        const ended = await this.endByAgent(conversation, actor.kind === 'supervisor' ? 'supervisor' : 'agent');
        if (actor.kind === 'supervisor') await this.recordAction(conversation, actor, 'close');
        return this.view(ended);
      }
      case 'wrapUp': {
        if (actor.kind === 'agent' && (await this.wrapUpCodes.isRequired(conversation.workstreamId)) && !(await this.journal.wrapUpOf(conversation.id, conversation.cycle))?.code) {
          throw new HandoffActionError('wrap_up_code_required', `the workstream '${conversation.workstreamId}' requires a wrap-up code: choose one before closing`);
        }
        const closed = (await this.completeWrapUp(conversation)) ?? conversation;
        if (actor.kind === 'supervisor') await this.recordAction(conversation, actor, 'close');
        return this.view(closed);
      }
      case 'queued': {
        if (actor.kind !== 'supervisor') throw new HandoffActionError('conflict', 'a waiting conversation is declined, not closed');
        const closed = (await this.closeNow(conversation, 'supervisor')) ?? conversation;
        await this.recordAction(conversation, actor, 'close');
        return this.view(closed);
      }
      case 'closed':
        throw new HandoffActionError('conflict', 'the conversation is closed already');
    }
  }

  /**
   * The agent steps away without ending the conversation (`waiting`): their capacity is freed and the customer is told;
   * when the customer writes again the conversation is queued for the same agent first.
   */
  async wait(id: string, agentId: string): Promise<HandoffConversationView> {
    const conversation = await this.require(id);
    this.assertActsOn(conversation, { kind: 'agent', userId: agentId });
    if (conversation.state !== 'assigned') throw new HandoffActionError('conflict', `the conversation is ${conversation.state}, not assigned`);
    const waiting = await this.move('stepAway', conversation, {}, { where: { agentId } });
    if (!waiting) throw new HandoffActionError('conflict', 'the conversation changed meanwhile');
    await this.options.assignments.release(id, agentId);
    const profile = await this.options.config.agents.get(agentId);
    const workstream = await this.workstreamFor(waiting.language, waiting.workstreamId);
    await this.tellCustomer(waiting, 'waiting', [await this.automatedText(workstream, waiting.language, 'agentLeft', { AgentName: profile?.displayName })]);
    this.options.distributor.kick();
    return this.view(waiting);
  }

  /**
   * Moves a conversation to another queue and/or agent, with a note for whoever takes it. A named agent gets the
   * offer at once and must be available with free capacity (a supervisor's transfer assigns them outright).
   */
  async transfer(id: string, actor: HandoffActor, target: TransferTarget): Promise<HandoffConversationView> {
    const conversation = await this.require(id);
    this.assertActsOn(conversation, actor);
    if (target.queueId === undefined && target.agentId === undefined) throw new HandoffActionError('invalid', 'name a queueId, an agentId or both');
    const allowed = actor.kind === 'supervisor' ? ['assigned', 'queued', 'waiting'] : ['assigned'];
    if (!allowed.includes(conversation.state)) throw new HandoffActionError('conflict', `a ${conversation.state} conversation cannot be transferred`);
    const queueId = target.queueId ?? conversation.queueId;
    const queue = await this.options.config.queues.get(queueId);
    if (!queue) throw new HandoffActionError('invalid', `queue '${queueId}' does not exist`);
    if (!queue.languages.includes(conversation.language)) throw new HandoffActionError('language_not_served', `queue '${queueId}' does not serve ${conversation.language}`);
    const targetAgent = target.agentId === undefined ? undefined : await this.options.config.agents.get(target.agentId);
    if (target.agentId !== undefined) {
      if (!targetAgent) throw new HandoffActionError('invalid', `agent '${target.agentId}' has no agent profile`);
      if (target.agentId === conversation.agentId && conversation.state === 'assigned') throw new HandoffActionError('conflict', 'the conversation is assigned to that agent already');
      if (!targetAgent.languages.includes(conversation.language)) throw new HandoffActionError('language_not_served', `${targetAgent.displayName} does not serve the customer's language (${conversation.language})`);
      if (actor.kind === 'agent') {
        const capacity = await this.options.assignments.agent(target.agentId);
        if (!capacity || capacity.presence !== 'available' || capacity.free < conversation.units) throw new HandoffActionError('conflict', `${targetAgent.displayName} is not available with free capacity`);
      }
    }

    const now = this.now();
    const note = target.note?.trim();
    const moved = await this.requeue(conversation, {
      queueId,
      keepWait: false,
      change: 'transfer',
      // A supervisor's named agent is assigned outright: no offer to anyone meanwhile.
      ...(actor.kind === 'supervisor' && targetAgent ? { distribute: false } : {}),
      ...(conversation.agentId !== undefined && conversation.state === 'assigned' ? { excludeAgentId: conversation.agentId } : {}),
      ...(note ? { note: { at: now, byUserId: actor.userId, text: note } } : {}),
      tell: 'requestReceived',
    });
    if (!moved) throw new HandoffActionError('conflict', 'the conversation changed meanwhile');
    await this.recordAction(conversation, actor, 'transfer', { toQueueId: queueId, toAgentId: target.agentId, text: note }, moved);
    if (target.agentId === undefined || !targetAgent) {
      this.options.distributor.kick();
      return this.view(moved);
    }
    if (actor.kind === 'supervisor') return this.view(await this.forceAssign(moved, targetAgent));
    const offered = await this.options.distributor.offerTo(moved, target.agentId);
    if (!offered) this.options.distributor.kick();
    return this.view(offered ?? moved);
  }

  /**
   * Sends the agent's message to the customer through the conversation's channel. Only the assigned agent may; files
   * only when the workstream lets agents send them. Sending again with the same `clientMessageId` sends nothing.
   */
  async sendAgentMessage(id: string, agentId: string, message: AgentMessage): Promise<{ readonly messageId: string; readonly duplicate: boolean }> {
    const conversation = await this.requireServing(id, agentId);
    const attachments = [...(message.attachments ?? []), ...(await this.options.agentFiles.attachmentsFor(conversation, message.files ?? []))];
    if (attachments.length > 0) {
      const workstream = await this.workstreamFor(conversation.language, conversation.workstreamId);
      if (!workstream.allowAgentAttachments) throw new HandoffActionError('forbidden', `workstream '${workstream.id}' does not let agents send files`);
    }
    if (message.sticker && !isBotSticker(message.sticker.packageId, message.sticker.stickerId)) {
      throw new HandoffActionError('invalid', `sticker ${message.sticker.packageId}/${message.sticker.stickerId} is not one LINE lets bots send`);
    }
    if (!message.text?.trim() && attachments.length === 0 && !message.sticker) throw new HandoffActionError('invalid', 'a message needs text, a sticker or an attachment');
    const sticker = message.sticker ? stickerAttachment(conversation.channelId, message.sticker) : undefined;
    const quickReplies = message.quickReplies?.map((label) => label.trim()).filter(Boolean) ?? [];
    const messageId = message.clientMessageId ?? randomUUID();
    const key = `${id}|${messageId}`;
    const now = this.now();
    try {
      await this.agentMessages.insertOne({ _id: key, handoffId: id, agentId, at: now, delivered: false });
    } catch (error) {
      if (!(error instanceof DuplicateKeyError)) throw error;
      const earlier = await this.agentMessages.findOne({ _id: key });
      // Delivered before: nothing to do. Not delivered: the earlier attempt failed midway; sending again with the
      // same delivery id lets LINE drop a copy it already accepted.
      if (earlier?.delivered) return { messageId, duplicate: true };
    }
    const profile = await this.options.config.agents.get(agentId);
    const activity: Partial<Activity> = {
      type: ActivityTypes.Message,
      ...(message.text?.trim() ? { text: message.text } : {}),
      ...(attachments.length > 0 || sticker ? { attachments: [...attachments.map((attachment) => ({ ...attachment })), ...(sticker ? [sticker] : [])] } : {}),
      ...(quickReplies.length > 0 ? { suggestedActions: { to: [], actions: quickReplies.map((label) => ({ type: 'imBack', title: label, value: label })) } } : {}),
      entities: [{ type: AGENT_ENTITY_TYPE, agentId, name: profile?.displayName ?? '' }],
    };
    let response: SentActivity | undefined;
    try {
      // The agent's answer may spend the reply token the customer's last unanswered message left: it goes free.
      [response] = await this.options.messenger.send(conversation.reference, [activity], `agent-message:${key}`, { useKeptReplyToken: true });
    } catch (error) {
      this.log.warn({ err: error, handoffId: id, agentId }, 'an agent message was not delivered');
      if (await this.closeIfAccountGone(conversation)) throw new HandoffActionError('channel_gone', ACCOUNT_GONE_MESSAGE);
      throw new HandoffActionError('delivery_failed', `the message did not reach the customer (${error instanceof Error ? error.message : String(error)}); send it again with the same clientMessageId`);
    }
    await this.agentMessages.updateOne({ _id: key }, { $set: { delivered: true, ...(response?.id ? { activityId: response.id } : {}) } });
    if (response) await this.deliveryMarks.record(id, 'agent', [response], now);
    await this.options.conversations.transition(id, { states: ['assigned'] }, { $set: { lastMessageAt: now, unread: 0 } });
    this.options.events.publish({
      type: 'message',
      conversationId: id,
      queueId: conversation.queueId,
      agentId,
      message: {
        id: response?.id,
        author: 'agent',
        agentId,
        agentName: profile?.displayName ?? '',
        clientMessageId: messageId,
        text: activity.text,
        attachments: [...attachments.map((attachment) => ({ ...attachment })), ...(sticker ? [sticker] : [])],
        ...(quickReplies.length > 0 ? { quickReplies } : {}),
        at: now.toISOString(),
        ...(response?.via ? { delivery: response.via } : {}),
      },
    });
    return { messageId, duplicate: false };
  }

  /** Whether the serving agent may send files in conversation `id` now, and if not, why; the largest file they may send. */
  async fileSendingFor(id: string, agentId: string): Promise<{ readonly allowed: boolean; readonly reason: string | undefined; readonly maxBytes: number }> {
    const conversation = await this.requireServing(id, agentId);
    const workstream = await this.workstreamFor(conversation.language, conversation.workstreamId);
    const reason = workstream.allowAgentAttachments ? this.options.agentFiles.unavailableReason(conversation) : `the workstream '${workstream.name}' does not let agents send files`;
    return { allowed: reason === undefined, reason, maxBytes: this.options.agentFiles.maxBytes };
  }

  /**
   * Keeps a file the serving agent will send in conversation `id` (then named in {@link AgentMessage.files}).
   *
   * @throws {HandoffActionError} `forbidden` when the workstream does not let agents send files; `conflict` when the
   *   agent is not serving the conversation or its channel cannot fetch files from this server.
   */
  async uploadAgentFile(id: string, agentId: string, upload: Pick<NewAgentFile, 'contentType' | 'fileName' | 'content'>): Promise<AgentFile> {
    const conversation = await this.requireServing(id, agentId);
    const workstream = await this.workstreamFor(conversation.language, conversation.workstreamId);
    if (!workstream.allowAgentAttachments) {
      await closeQuietly(upload.content);
      throw new HandoffActionError('forbidden', `workstream '${workstream.id}' does not let agents send files`);
    }
    return this.options.agentFiles.upload(conversation, agentId, upload);
  }

  /** The public address of agent file `id` (or of its preview). */
  agentFileUrl(id: string, which: 'original' | 'preview' = 'original'): string {
    return this.options.agentFiles.urlOf(id, which);
  }

  /** Keeps the preview LINE shows of a picture the serving agent uploaded in conversation `id`. */
  async storeAgentFilePreview(id: string, agentId: string, fileId: string, contentType: string, content: AsyncIterable<Uint8Array>): Promise<AgentFile> {
    const conversation = await this.requireServing(id, agentId);
    return this.options.agentFiles.storePreview(conversation, fileId, contentType, content);
  }

  /** The serving agent has read the customer's messages: so they show as read on LINE too (with Chat mode on). */
  async markRead(id: string, agentId: string): Promise<void> {
    const read = await this.options.conversations.transition(id, { states: ['assigned', 'waiting', 'wrapUp'], where: { agentId } }, { $set: { unread: 0 } });
    if (!read) return;
    try {
      await this.options.messenger.markRead(read.reference);
    } catch (error) {
      this.log.warn({ err: error, handoffId: id }, 'could not mark the customer\'s messages read on their channel');
    }
  }

  /**
   * The serving agent is writing: the customer sees LINE's loading animation (refreshed while the agent keeps
   * writing, never more often than it needs) or a typing indicator on other channels.
   */
  async agentTyping(id: string, agentId: string): Promise<void> {
    const conversation = await this.requireServing(id, agentId);
    try {
      await this.options.messenger.showTyping(conversation.reference);
    } catch (error) {
      this.log.warn({ err: error, handoffId: id }, 'could not show the customer that the agent is writing');
    }
  }
}

/** The attachment a sticker is on the conversation's channel: a LINE sticker on LINE, its picture elsewhere. */
function stickerAttachment(channelId: string, sticker: { readonly packageId: string; readonly stickerId: string }): { contentType: string; content?: unknown; contentUrl?: string; thumbnailUrl?: string; name?: string } {
  const picture = lineStickerImageUrl(sticker.stickerId);
  if (channelId === 'line') return { contentType: LINE_STICKER_CONTENT_TYPE, content: { packageId: sticker.packageId, stickerId: sticker.stickerId }, thumbnailUrl: picture };
  return { contentType: 'image/png', contentUrl: picture, name: 'Sticker' };
}
