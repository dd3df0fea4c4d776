import { z } from 'zod';
import { dateTimeSchema } from '../api/commonSchemas';
import { contactListSchema, contactSchema } from './contactSchemas';

export { contactListSchema, contactSchema };

/** One user of one channel (`line:U4af…`), as seen in conversations. */
export const customerSchema = z
  .object({
    id: z.string().describe('`{channelId}:{userId}`'),
    channelId: z.string(),
    userId: z.string(),
    accountIds: z.array(z.string()).describe('the LINE accounts (our account ids) this user has written to'),
    displayName: z.string().optional(),
    pictureUrl: z.string().optional(),
    language: z.string().optional().describe('BCP-47, when the channel told it'),
    firstSeenAt: dateTimeSchema,
    lastSeenAt: dateTimeSchema,
    contactId: z.string().optional().describe('the contact this customer is linked to, if any'),
    tags: z.array(z.string()).describe('labels routing rules test, e.g. `vip`'),
  })
  .meta({ id: 'Customer' });

/** A contact with the customer profiles linked to it. */
export const contactWithCustomersSchema = z.object({ contact: contactSchema, customers: z.array(customerSchema) });

/** Query of `GET /api/admin/contacts`: longer searches are cut to 200 characters. */
export const contactSearchQuerySchema = z.object({ q: z.string().optional().transform((q) => (q ?? '').slice(0, 200)).describe('name, email, phone or external id') });

const optionalText = (max: number) => z.union([z.string().trim().max(max), z.null()]).optional();

/** Body of `PATCH /api/admin/contacts/:contactId`: absent fields stay, `null` or `""` clears an optional one. */
export const contactPatchBodySchema = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  email: optionalText(254),
  phone: optionalText(50),
  notes: optionalText(2000),
});

/** Body of `POST /api/admin/contacts/:contactId/merge`: the duplicate merged into the contact of the path. */
export const contactMergeBodySchema = z.strictObject({ fromContactId: z.string().trim().min(1).max(100) });

/** The `:contactId` of a contact's routes. */
export const contactParamsSchema = z.object({ contactId: z.string() });

/** `DELETE /api/admin/contacts/:contactId/customers/:customerId`. */
export const contactCustomerParamsSchema = z.object({ contactId: z.string(), customerId: z.string() });

/** The `:customerId` of a customer's routes. */
export const customerParamsSchema = z.object({ customerId: z.string().meta({ example: 'line:U4af4980629d3f6e1a7b0c2d5e8f91a3b' }) });

/** Body of `PUT /api/admin/customers/:customerId/tags`. */
export const customerTagsSchema = z.strictObject({ tags: z.array(z.string().trim().min(1).max(50)).max(50) });

/** `DELETE /api/admin/customers/:customerId`: what was deleted. */
export const customerPurgeSchema = z.object({
  deleted: z.object({
    customerId: z.string(),
    activities: z.number().int(),
    conversations: z.number().int(),
    attachments: z.number().int(),
    agentFiles: z.number().int().describe('files agents sent the customer'),
    surveys: z.number().int(),
    customers: z.number().int().describe('1 when the customer record (LINE profile) was deleted'),
    contacts: z.number().int().describe('1 when the linked contact was deleted too (only when no other customer uses it)'),
    handoffs: z.number().int().describe('handoff records'),
    inboxEvents: z.number().int().describe('LINE webhook events the inbox kept for their chats'),
  }),
});
