import { z } from 'zod';
import type { IndexSpec } from '../storage/engine/documentStore.js';

/** A customer as stored in `customers`. */
export type CustomerDocument = {
  _id: string;
  channelId: string;
  userId: string;
  accountIds?: string[];
  displayName?: string;
  pictureUrl?: string;
  language?: string;
  firstSeenAt: Date;
  lastSeenAt: Date;
  contactId?: string;
  tags?: string[];
  /** When the customer is deleted unless seen again (customers without it are kept). */
  expiresAt?: Date;
};

/** One user of one channel (`line:U4af…`), as seen in conversations. */
export interface Customer {
  /** `{channelId}:{userId}`. */
  readonly id: string;
  readonly channelId: string;
  readonly userId: string;
  /** The LINE accounts (our account ids) this user has written to. */
  readonly accountIds: readonly string[];
  readonly displayName: string | undefined;
  readonly pictureUrl: string | undefined;
  /** BCP-47 tag, when the channel told it. */
  readonly language: string | undefined;
  readonly firstSeenAt: Date;
  readonly lastSeenAt: Date;
  /** The contact this customer is linked to, if any. */
  readonly contactId: string | undefined;
  /** Labels routing rules test, e.g. `vip`; lower-case, set by admins. */
  readonly tags: readonly string[];
}

/** Input of {@link CustomerRepository.recordSeen}. */
export interface CustomerSighting {
  /** Bot Framework channel id, e.g. `line`. */
  readonly channelId: string;
  readonly userId: string;
  /** Our LINE account id the user wrote to. */
  readonly accountId?: string;
  readonly displayName?: string;
  readonly pictureUrl?: string;
  readonly language?: string;
  /** When the user was seen (the event's time). */
  readonly at: Date;
}

/** Validation of a {@link CustomerSighting}. */
export const sightingSchema = z.object({
  channelId: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, 'must be a channel id such as line'),
  userId: z.string().min(1, 'must not be empty').max(128),
  accountId: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be an account id').optional(),
  displayName: z.string().max(200).optional(),
  pictureUrl: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2048).optional(),
  language: z.string().regex(/^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/, 'must be a BCP-47 language tag').optional(),
  at: z.date({ error: 'must be a Date' }).refine((date) => !Number.isNaN(date.getTime()), 'must be a valid Date'),
});

/** The shape of a customer id: `{channelId}:{userId}`. */
export const CUSTOMER_ID = /^[a-z0-9][a-z0-9_-]{0,31}:.+$/;

/** Indexes of `customers`: the contact link and the expiry (TTL). */
export const CUSTOMER_INDEXES: readonly IndexSpec[] = [{ keys: { contactId: 1 }, sparse: true }, { keys: { expiresAt: 1 }, expireAfterSeconds: 0 }];

/**
 * Checks that an id has the customer shape `{channelId}:{userId}`.
 *
 * @example isCustomerId('line:U4af4980629d3f6e1a7b0c2d5e8f91a3b') // true
 */
export function isCustomerId(value: string): boolean {
  return CUSTOMER_ID.test(value);
}

/** The public view of a stored customer. */
export function toCustomer(document: CustomerDocument): Customer {
  return {
    id: document._id,
    channelId: document.channelId,
    userId: document.userId,
    accountIds: document.accountIds ?? [],
    displayName: document.displayName,
    pictureUrl: document.pictureUrl,
    language: document.language,
    firstSeenAt: document.firstSeenAt,
    lastSeenAt: document.lastSeenAt,
    contactId: document.contactId,
    tags: document.tags ?? [],
  };
}
