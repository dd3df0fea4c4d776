import { HandoffActionError } from './handoffActionError';
import type { HandoffConversation } from './handoffConversation';
import type { HandoffActor } from './handoffServiceModel';
import type { HandoffJournalEntry } from './notes/handoffJournal';
import { SupervisorActions } from './supervisorActions';

/** The longest internal or wrap-up note, in characters. */
export const MAX_NOTE_LENGTH = 5000;

/**
 * Internal notes and wrap-ups: written by the serving agent or a supervisor, read by whoever may see the
 * conversation, never sent to the customer.
 */
export abstract class NoteActions extends SupervisorActions {
  /** Adds an internal note to conversation `id` (its current cycle) and tells the live screens that may see it. */
  async addNote(id: string, actor: HandoffActor, text: string): Promise<HandoffJournalEntry> {
    const conversation = await this.require(id);
    this.assertWrites(conversation, actor);
    const trimmed = text.trim();
    if (!trimmed) throw new HandoffActionError('invalid', 'a note needs text');
    if (trimmed.length > MAX_NOTE_LENGTH) throw new HandoffActionError('invalid', `a note has at most ${MAX_NOTE_LENGTH} characters`);
    const entry = await this.journal.add({ handoffId: id, cycle: conversation.cycle, kind: 'note', byUserId: actor.userId, byRole: actor.kind, text: trimmed }, this.now());
    this.publishJournalEntry(conversation, entry);
    return entry;
  }

  /** Internal notes, recorded actions and wrap-ups of conversation `id`, every cycle, oldest first. */
  async journalOf(id: string): Promise<HandoffJournalEntry[]> {
    return this.journal.of(id);
  }

  /**
   * Writes the wrap-up of the current cycle: a note and/or a code from the admin-defined list (writing again replaces
   * both). The serving agent writes it while serving or in wrap-up; a supervisor at any time.
   */
  async setWrapUp(id: string, actor: HandoffActor, wrapUp: { readonly text?: string | undefined; readonly code?: string | undefined }): Promise<HandoffJournalEntry> {
    const conversation = await this.require(id);
    this.assertWrites(conversation, actor);
    const text = wrapUp.text?.trim();
    if (text && text.length > MAX_NOTE_LENGTH) throw new HandoffActionError('invalid', `a wrap-up note has at most ${MAX_NOTE_LENGTH} characters`);
    const code = wrapUp.code?.trim();
    if (code && !(await this.wrapUpCodes.get(code))) throw new HandoffActionError('invalid', `'${code}' is not a wrap-up code`);
    const entry = await this.journal.setWrapUp(id, conversation.cycle, actor.userId, actor.kind, { ...(text ? { text } : {}), ...(code ? { code } : {}) }, this.now());
    await this.options.wrapUps?.recordWrapUp(id, conversation.cycle, code || undefined);
    return entry;
  }

  /** The wrap-up of conversation `id`'s current cycle and whether its workstream requires a code. */
  async wrapUpStatus(id: string): Promise<{ readonly codeRequired: boolean; readonly wrapUp: HandoffJournalEntry | undefined }> {
    const conversation = await this.require(id);
    const [codeRequired, wrapUp] = await Promise.all([this.wrapUpCodes.isRequired(conversation.workstreamId), this.journal.wrapUpOf(id, conversation.cycle)]);
    return { codeRequired, wrapUp };
  }

  /** Agents write only on a conversation they serve (not closed); supervisors on any. */
  private assertWrites(conversation: HandoffConversation, actor: HandoffActor): void {
    if (actor.kind === 'supervisor') return;
    if (conversation.agentId !== actor.userId || conversation.state === 'queued' || conversation.state === 'closed') {
      throw new HandoffActionError('forbidden', 'only the agent serving the conversation (or a supervisor) writes its notes');
    }
  }
}
