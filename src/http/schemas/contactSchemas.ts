import { z } from 'zod';
import { dateTimeSchema } from '../api/commonSchemas';

/** A contact: a person known across channels, to whom customers may be linked. */
export const contactSchema = z
  .object({
    id: z.string().meta({ example: 'c_0123456789abcdef0123' }),
    name: z.string(),
    email: z.string().optional(),
    phone: z.string().optional(),
    externalId: z.string().optional().describe('the contact’s id in an external CRM; unique when present'),
    notes: z.string().optional(),
    createdAt: dateTimeSchema,
    updatedAt: dateTimeSchema,
  })
  .meta({ id: 'Contact', description: 'A contact (a person known across channels) a customer may be linked to.' });

/** A list of contacts (`GET /api/admin/contacts`, `GET /api/agent/contacts`). */
export const contactListSchema = z.object({ items: z.array(contactSchema) });

/** Body of `POST /api/agent/conversations/:id/contact`: link an existing contact, or create one from the customer. */
export const contactLinkSchema = z
  .union([
    z.strictObject({ contactId: z.string().trim().min(1).max(100) }),
    z.strictObject({
      create: z.strictObject({
        name: z.string().trim().min(1).max(200).optional(),
        email: z.string().trim().max(320).optional(),
        phone: z.string().trim().max(50).optional(),
        externalId: z.string().trim().max(200).optional(),
        notes: z.string().max(5000).optional(),
      }),
    }),
  ])
  .meta({ id: 'ContactLink', description: 'Link the conversation’s customer to an existing contact, or create a contact from the customer (fields given override what the customer’s profile supplies).' });

/** The customer and the contact they are linked to now. */
export const linkedContactSchema = z.object({ customerId: z.string(), contact: contactSchema });
