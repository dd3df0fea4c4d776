import type { webhook } from '@line/bot-sdk';
import { z } from 'zod';
import { newMessageId, newOpaqueToken, newWebhookEventId } from './lineIds.js';

/** Largest image a simulated user may send, in bytes (decoded). */
export const MAX_SIMULATED_IMAGE_BYTES = 5 * 1024 * 1024;

/** What the simulator page asks a simulated user to do; validated before anything reaches the webhook. */
export const userEventInputSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('text'), text: z.string().min(1).max(5000) }),
  z.object({ kind: z.literal('sticker'), packageId: z.string().regex(/^\d{1,20}$/), stickerId: z.string().regex(/^\d{1,20}$/) }),
  z.object({
    kind: z.literal('image'),
    contentType: z.enum(['image/jpeg', 'image/png', 'image/gif', 'image/webp']),
    dataBase64: z.string().min(1).max(Math.ceil(MAX_SIMULATED_IMAGE_BYTES / 3) * 4).regex(/^[A-Za-z0-9+/]+={0,2}$/),
  }),
  z.object({
    kind: z.literal('postback'),
    data: z.string().max(300),
    params: z.record(z.string(), z.string().max(100)).optional(),
  }),
  z.object({
    kind: z.literal('location'),
    title: z.string().max(100).optional(),
    address: z.string().max(100).optional(),
    latitude: z.number().min(-90).max(90),
    longitude: z.number().min(-180).max(180),
  }),
  z.object({ kind: z.literal('follow') }),
  z.object({ kind: z.literal('unfollow') }),
]);

/** A validated request from the page; see {@link userEventInputSchema}. */
export type UserEventInput = z.infer<typeof userEventInputSchema>;

/** What a simulated event needs from its surroundings. */
export interface UserEventContext {
  readonly userId: string;
  readonly now: number;
  /** Issues a reply token for the user's chat (the fake API's `issueReplyToken`). */
  readonly issueReplyToken: () => string;
  /** Whether a follow comes from a user who had blocked the bot (`follow.isUnblocked`). */
  readonly isUnblocked: boolean;
}

/** A LINE-shaped webhook event, and the bytes the fake content API must serve for it, if any. */
export interface SimulatedUserEvent {
  readonly event: webhook.Event;
  readonly content?: { readonly messageId: string; readonly contentType: string; readonly body: Buffer };
}

/**
 * Builds the webhook event LINE would send for a user's action: fresh ULID `webhookEventId`, `mode: 'active'`,
 * a user source, a reply token for every kind but `unfollow`, numeric message ids and quote tokens.
 *
 * @example buildUserEvent({ kind: 'text', text: 'hi' }, { userId, now: Date.now(), issueReplyToken, isUnblocked: false })
 */
export function buildUserEvent(input: UserEventInput, context: UserEventContext): SimulatedUserEvent {
  const base = {
    timestamp: context.now,
    mode: 'active' as const,
    webhookEventId: newWebhookEventId(context.now),
    deliveryContext: { isRedelivery: false },
    source: { type: 'user' as const, userId: context.userId },
  };
  switch (input.kind) {
    case 'unfollow':
      return { event: { ...base, type: 'unfollow' } };
    case 'follow':
      return { event: { ...base, type: 'follow', replyToken: context.issueReplyToken(), follow: { isUnblocked: context.isUnblocked } } };
    case 'postback':
      return {
        event: {
          ...base,
          type: 'postback',
          replyToken: context.issueReplyToken(),
          postback: { data: input.data, ...(input.params !== undefined ? { params: input.params } : {}) },
        },
      };
    default: {
      const messageId = newMessageId();
      const common = { id: messageId, quoteToken: newOpaqueToken(), markAsReadToken: newOpaqueToken() };
      const message = messageContent(input, common);
      const event: webhook.MessageEvent = { ...base, type: 'message', replyToken: context.issueReplyToken(), message };
      if (input.kind !== 'image') return { event };
      return { event, content: { messageId, contentType: input.contentType, body: Buffer.from(input.dataBase64, 'base64') } };
    }
  }
}

function messageContent(
  input: Extract<UserEventInput, { kind: 'text' | 'sticker' | 'image' | 'location' }>,
  common: { id: string; quoteToken: string; markAsReadToken: string },
): webhook.MessageContent {
  switch (input.kind) {
    case 'text':
      return { ...common, type: 'text', text: input.text };
    case 'sticker':
      return { ...common, type: 'sticker', packageId: input.packageId, stickerId: input.stickerId, stickerResourceType: 'STATIC' };
    case 'image':
      return { ...common, type: 'image', contentProvider: { type: 'line' } };
    case 'location': {
      // LINE's location messages carry no quote token.
      const { quoteToken: _quoteToken, ...rest } = common;
      return {
        ...rest,
        type: 'location',
        latitude: input.latitude,
        longitude: input.longitude,
        ...(input.title !== undefined ? { title: input.title } : {}),
        ...(input.address !== undefined ? { address: input.address } : {}),
      };
    }
  }
}
