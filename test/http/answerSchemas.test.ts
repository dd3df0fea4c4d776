import assert from 'node:assert/strict';
import type { z } from 'zod';
import type { CustomerPurgeResult } from '../../src/customers/customerPurge';
import { automatedMessagesSchema } from '../../src/http/schemas/automatedMessageSchemas';
import { channelAccountSchema, channelAccountViewSchema } from '../../src/http/schemas/channelSchemas';
import { contactSchema, customerPurgeSchema, customerSchema } from '../../src/http/schemas/customerSchemas';
import { deadLineEventSchema } from '../../src/http/schemas/lineEventSchemas';
import { lineUsageReportSchema } from '../../src/http/schemas/lineUsageSchemas';
import { lineUsageReport } from '../../src/metrics/lineUsageReport';
import type { LineMonthUsage } from '../../src/metrics/lineUsageRepository';
import type { ChannelAccountView } from '../../src/channels/channelAccountRepository';
import type { Contact, Customer } from '../../src/customers/customerRepository';
import type { DeadInboxEvent } from '../../src/inbox/lineEventInboxRepository';
import { AUTOMATED_MESSAGE_KEYS, type AutomatedMessages } from '../../dialogs/texts/automatedMessages';

/**
 * The router serialises every answer through its schema and drops what the schema does not name, so a field the server
 * adds to one of its types would silently never reach the client. Each value below fills every field of the server's
 * type (optional ones included); the schema must keep all of them.
 */
function assertKeepsEverything(schema: z.ZodType, value: object): void {
  const wire = (input: unknown): unknown => JSON.parse(JSON.stringify(input));
  assert.deepEqual(wire(schema.parse(value)), wire(value));
}

const at = new Date('2026-03-04T05:06:07Z');

describe('answer schemas keep every field of the server’s types', () => {
  it('LINE channel accounts', () => {
    const account: ChannelAccountView = {
      id: 'acme', name: 'Acme', channelId: '1234567890', hasSecret: true, hasAccessToken: true, accessTokenLast4: 'wxyz',
      apiBaseUrl: 'https://api.line.me', dataApiBaseUrl: 'https://api-data.line.me', defaultLanguage: 'ja', enabled: true, origin: 'admin', createdAt: at, updatedAt: at,
    };
    assertKeepsEverything(channelAccountViewSchema, account);
    assertKeepsEverything(channelAccountSchema, { ...account, callbackUrl: 'https://support.example.com/api/line/acme' });
  });

  it('customers, contacts and a purge', () => {
    const customer: Customer = {
      id: 'line:U1', channelId: 'line', userId: 'U1', accountIds: ['acme'], displayName: 'Aiko', pictureUrl: 'https://profile.line-scdn.net/a',
      language: 'ja', firstSeenAt: at, lastSeenAt: at, contactId: 'c_0123456789abcdef0123', tags: ['vip'],
    };
    assertKeepsEverything(customerSchema, customer);
    const contact: Contact = { id: 'c_0123456789abcdef0123', name: 'Aiko Tanaka', email: 'aiko@example.com', phone: '+81 3 1234 5678', externalId: 'crm-1', notes: 'prefers LINE', createdAt: at, updatedAt: at };
    assertKeepsEverything(contactSchema, contact);
    const deleted: CustomerPurgeResult = { customerId: 'line:U1', activities: 1, conversations: 2, attachments: 3, agentFiles: 4, surveys: 5, customers: 1, contacts: 1, handoffs: 6, inboxEvents: 7 };
    assertKeepsEverything(customerPurgeSchema, { deleted });
  });

  it('LINE dead letters and the push meter', () => {
    const dead: DeadInboxEvent = { accountId: 'acme', webhookEventId: '01H', conversation: 'acme:user:U1', eventType: 'message', attempts: 5, lastError: 'HTTP 500', receivedAt: at, diedAt: at, undeliveredMessages: 2 };
    assertKeepsEverything(deadLineEventSchema, dead);
    const usage: LineMonthUsage = { accountId: 'acme', month: '2026-03', replyMessages: 1, pushMessages: 2, replyRequests: 3, pushRequests: 4, replyFallbacks: 5, failures: 6, quota: { limit: 200, consumption: 150, readAt: at } };
    assertKeepsEverything(lineUsageReportSchema, lineUsageReport({ id: 'acme', name: 'Acme' }, '2026-03', usage));
  });

  it('automated messages', () => {
    const messages = Object.fromEntries(AUTOMATED_MESSAGE_KEYS.map((key) => [key, `text of ${key}`])) as AutomatedMessages;
    assertKeepsEverything(automatedMessagesSchema, messages);
  });

  it('notices a field the schema does not name', () => {
    assert.throws(() => assertKeepsEverything(contactSchema, { id: 'c_1', name: 'x', createdAt: at, updatedAt: at, nickname: 'dropped' }));
  });
});
