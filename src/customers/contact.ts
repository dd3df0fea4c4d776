import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { IndexSpec } from '../storage/engine/documentStore.js';

/** A contact as stored in `contacts`, with the keys search compares with. */
export type ContactDocument = {
  _id: string;
  name: string;
  email?: string;
  phone?: string;
  externalId?: string;
  notes?: string;
  createdAt: Date;
  updatedAt: Date;
  /** Lower-cased name, email and external id, and the phone's digits: what search compares with. */
  nameKey: string;
  emailKey?: string;
  phoneKey?: string;
  externalIdKey?: string;
};

/** A person as the business knows them; several customers (channels, accounts) may link to one contact. */
export interface Contact {
  /** `c_` followed by 20 hex digits. */
  readonly id: string;
  readonly name: string;
  readonly email: string | undefined;
  readonly phone: string | undefined;
  /** The contact's id in an external CRM; unique when present. */
  readonly externalId: string | undefined;
  readonly notes: string | undefined;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** Input of {@link CustomerRepository.createContact}. */
export interface NewContact {
  readonly name: string;
  readonly email?: string;
  readonly phone?: string;
  readonly externalId?: string;
  readonly notes?: string;
}

/** Changes of {@link CustomerRepository.updateContact}: absent fields stay, `null` clears an optional field. */
export interface ContactPatch {
  readonly name?: string;
  readonly email?: string | null;
  readonly phone?: string | null;
  readonly externalId?: string | null;
  readonly notes?: string | null;
}

/** A trimmed, non-empty text of at most `max` characters. */
export const optionalText = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);

/** Validation of each contact field. */
export const contactFields = {
  name: optionalText(200),
  email: z.string().trim().max(254).pipe(z.email({ error: 'must be an email address' })),
  phone: z
    .string()
    .trim()
    .regex(/^\+?[0-9][0-9 -]*[0-9]$/, 'may hold only digits, spaces, dashes and a leading +')
    .refine((phone) => phone.replace(/\D/g, '').length >= 4, 'must have at least 4 digits')
    .refine((phone) => phone.length <= 32, 'must be at most 32 characters'),
  externalId: optionalText(128),
  notes: optionalText(5_000),
};

/** Validation of a {@link NewContact}. */
export const newContactSchema = z.object({
  name: contactFields.name,
  email: contactFields.email.optional(),
  phone: contactFields.phone.optional(),
  externalId: contactFields.externalId.optional(),
  notes: contactFields.notes.optional(),
});

/** Validation of a {@link ContactPatch}. */
export const contactPatchSchema = z.object({
  name: contactFields.name.optional(),
  email: contactFields.email.nullable().optional(),
  phone: contactFields.phone.nullable().optional(),
  externalId: contactFields.externalId.nullable().optional(),
  notes: contactFields.notes.nullable().optional(),
});

/** The shape of a contact id: `c_` and 20 hex digits. */
export const CONTACT_ID = /^c_[0-9a-f]{20}$/;

/** Indexes of `contacts`: the unique external id, the search keys and recency. */
export const CONTACT_INDEXES: readonly IndexSpec[] = [
  { keys: { externalId: 1 }, unique: true, sparse: true },
  { keys: { nameKey: 1 } },
  { keys: { emailKey: 1 }, sparse: true },
  { keys: { phoneKey: 1 }, sparse: true },
  { keys: { externalIdKey: 1 }, sparse: true },
  { keys: { updatedAt: -1 } },
];

/** A new random contact id. */
export function newContactId(): string {
  return `c_${randomBytes(10).toString('hex')}`;
}

/** What search compares a field's value with: lower case, or a phone number's digits. */
export function searchKey(field: 'name' | 'email' | 'phone' | 'externalId', value: string): string {
  return field === 'phone' ? value.replace(/\D/g, '') : value.toLowerCase();
}

/** The public view of a stored contact. */
export function toContact(document: ContactDocument): Contact {
  return {
    id: document._id,
    name: document.name,
    email: document.email,
    phone: document.phone,
    externalId: document.externalId,
    notes: document.notes,
    createdAt: document.createdAt,
    updatedAt: document.updatedAt,
  };
}
