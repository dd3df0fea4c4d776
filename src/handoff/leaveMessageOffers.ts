import { ActivityTypes, TurnContext, type Activity, type ConversationReference } from 'botbuilder';
import { messageWithButtons } from '../../dialogs/buttons';
import type { HandoffContext } from '../../dialogs/handoffRequest';
import { textsFor } from '../../dialogs/texts/textsFor';
import type { DocumentCollection, DocumentStore } from '../storage/engine/documentStore';
import { handoffIdOf } from './handoffConversation';
import type { HandoffService } from './handoffService';
import { formatOpening, nextOpening } from './openingHours';
import type { Queue } from './routing/routingModel';

/** Payload of the "Leave a message" quick reply. */
export const LEAVE_MESSAGE_PAYLOAD = 'cmd:leave-message';

/** How long the offer to leave a message stands. */
const OFFER_TTL_MS = 24 * 60 * 60 * 1000;

/** A request refused out of hours, kept so that "Leave a message" can queue it as it was. */
type OfferDocument = { _id: string; reference: string; request: string; queueId: string; opensAt?: Date; timeZone?: string; expiresAt: Date };

/**
 * Out of hours, the customer is told when the team is back — the queue's next opening, in their language and the
 * queue's time zone — and offered "Leave a message". Tapping it queues the request as it was for the opening (the
 * queue's agents are offered it once it opens) and asks the customer to write their message, which the agent who
 * takes the request sees with the conversation. The offer is kept in the store for a day, so any instance takes the tap.
 *
 * @example
 * const offers = await LeaveMessageOffers.open(store, handoff);
 * const offer = await offers.offer(reference, request, queue); // a message with a "Leave a message" quick reply
 */
export class LeaveMessageOffers {
  private constructor(
    private readonly offers: DocumentCollection<OfferDocument>,
    private readonly handoff: HandoffService,
    private readonly now: () => Date,
  ) {}

  /** Opens the collection `handoffLeaveMessageOffers` of `store`. */
  static async open(store: DocumentStore, handoff: HandoffService, clock?: () => Date): Promise<LeaveMessageOffers> {
    const offers = await store.collection<OfferDocument>('handoffLeaveMessageOffers', [{ keys: { expiresAt: 1 }, expireAfterSeconds: 0 }]);
    return new LeaveMessageOffers(offers, handoff, clock ?? (() => new Date()));
  }

  /**
   * Records the refused request and returns the message naming the next opening, with the "Leave a message" button;
   * `undefined` when the queue does not open within a month (a message left there would wait for nobody).
   */
  async offer(reference: Partial<ConversationReference>, request: HandoffContext, queue: Queue): Promise<Partial<Activity> | undefined> {
    const now = this.now();
    const opensAt = queue.hours ? nextOpening(queue.hours, now) : undefined;
    if (opensAt === undefined) return undefined;
    const texts = textsFor(request.language);
    const id = handoffIdOf(reference.channelId ?? '', reference.conversation?.id ?? '');
    const document: OfferDocument = { _id: id, reference: JSON.stringify(reference), request: JSON.stringify(request), queueId: queue.id, expiresAt: new Date(now.getTime() + OFFER_TTL_MS) };
    if (queue.hours) Object.assign(document, { opensAt, timeZone: queue.hours.timeZone });
    await this.offers.replaceOne({ _id: id }, document, { upsert: true });
    const text = texts.nextOpening(queue.hours ? formatOpening(request.language, queue.hours.timeZone, opensAt) : '');
    return messageWithButtons(text, [{ label: texts.leaveMessageLabel, payload: LEAVE_MESSAGE_PAYLOAD }]);
  }

  /**
   * Takes a tap on "Leave a message": queues the offered request even though its queue is closed, and returns what to
   * tell the customer; `undefined` when `activity` is no such tap or no offer stands (the bot then handles it).
   */
  async take(activity: Partial<Activity>): Promise<Partial<Activity>[] | undefined> {
    if (activity.type !== ActivityTypes.Message || activity.text?.trim() !== LEAVE_MESSAGE_PAYLOAD) return undefined;
    const id = handoffIdOf(activity.channelId ?? '', activity.conversation?.id ?? '');
    const offer = await this.offers.findOne({ _id: id });
    if (!offer) return undefined;
    const request = JSON.parse(offer.request) as HandoffContext;
    const reference = { ...(JSON.parse(offer.reference) as Partial<ConversationReference>), ...TurnContext.getConversationReference(activity) };
    const outcome = await this.handoff.requestHandoff(reference, request, { evenIfClosed: true, informBot: true });
    await this.offers.deleteOne({ _id: id });
    if (!outcome.accepted) return outcome.notices.map((text) => ({ type: ActivityTypes.Message, text }));
    const texts = textsFor(request.language);
    const when = offer.opensAt && offer.timeZone ? formatOpening(request.language, offer.timeZone, offer.opensAt) : '';
    return [{ type: ActivityTypes.Message, text: texts.leaveMessageQueued(when) }];
  }
}
