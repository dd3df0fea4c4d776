import assert from 'node:assert/strict';
import type { DocumentStore } from '../../src/storage/engine/documentStore.js';
import {
  ContactExternalIdTakenError,
  ContactNotFoundError,
  CustomerAlreadyLinkedError,
  CustomerNotFoundError,
  CustomerRepository,
  CustomerValidationError,
  type Customer,
} from '../../src/customers/customerRepository.js';
import { OTHER_USER_ID, USER_ID } from '../fixtures/lineEvents.js';
import { describeEachBackend } from '../storage/engine/storageBackends.js';

const CUSTOMER_ID = `line:${USER_ID}`;
const T0 = new Date('2026-11-02T09:00:00.000Z');

function minutesAfter(start: Date, minutes: number): Date {
  return new Date(start.getTime() + minutes * 60_000);
}

/** A clock that moves one second at each reading, so that `updatedAt` orders writes. */
function tickingClock(): () => Date {
  let current = T0.getTime();
  return () => new Date((current += 1_000));
}

/** Runs `action` and returns the field its {@link CustomerValidationError} names. */
async function invalidField(action: () => Promise<unknown>): Promise<string> {
  try {
    await action();
  } catch (error) {
    assert.ok(error instanceof CustomerValidationError, `expected a CustomerValidationError, got ${String(error)}`);
    assert.equal(error.code, 'customer_invalid');
    return error.field;
  }
  assert.fail('expected a validation error');
}

describeEachBackend('CustomerRepository', (backend) => {
  let store: DocumentStore;
  let customers: CustomerRepository;

  beforeEach(async () => {
    store = await backend.open();
    customers = new CustomerRepository(store, { now: tickingClock() });
  });

  afterEach(async () => {
    await store.close();
  });

  describe('recordSeen', () => {
    it('creates the customer the first time', async () => {
      const customer = await customers.recordSeen({
        channelId: 'line',
        userId: USER_ID,
        accountId: 'default',
        displayName: 'Aiko',
        pictureUrl: 'https://profile.line-scdn.net/0h1a2b3c',
        language: 'ja',
        at: T0,
      });
      const expected: Customer = {
        id: CUSTOMER_ID,
        channelId: 'line',
        userId: USER_ID,
        accountIds: ['default'],
        displayName: 'Aiko',
        pictureUrl: 'https://profile.line-scdn.net/0h1a2b3c',
        language: 'ja',
        firstSeenAt: T0,
        lastSeenAt: T0,
        contactId: undefined,
        tags: [],
      };
      assert.deepEqual(customer, expected);
      assert.deepEqual(await customers.get(CUSTOMER_ID), expected);
    });

    it('moves lastSeenAt forward, keeps firstSeenAt, adds accounts once and refreshes the profile', async () => {
      await customers.recordSeen({ channelId: 'line', userId: USER_ID, accountId: 'default', displayName: 'Aiko', at: T0 });
      await customers.recordSeen({ channelId: 'line', userId: USER_ID, accountId: 'default', at: minutesAfter(T0, 5) });
      const later = await customers.recordSeen({ channelId: 'line', userId: USER_ID, accountId: 'acme-th', displayName: 'Aiko T.', at: minutesAfter(T0, 10) });
      assert.deepEqual(later.firstSeenAt, T0);
      assert.deepEqual(later.lastSeenAt, minutesAfter(T0, 10));
      assert.deepEqual([...later.accountIds].sort(), ['acme-th', 'default']);
      assert.equal(later.displayName, 'Aiko T.');
      assert.deepEqual(await customers.get(CUSTOMER_ID), later);
    });

    it('keeps the earliest and latest times when events arrive out of order', async () => {
      await customers.recordSeen({ channelId: 'line', userId: USER_ID, accountId: 'default', at: minutesAfter(T0, 30) });
      const older = await customers.recordSeen({ channelId: 'line', userId: USER_ID, accountId: 'default', displayName: 'Aiko', at: T0 });
      assert.deepEqual(older.firstSeenAt, T0);
      assert.deepEqual(older.lastSeenAt, minutesAfter(T0, 30));
      assert.equal(older.displayName, 'Aiko', 'a profile is current whatever the event time');
      const same = await customers.recordSeen({ channelId: 'line', userId: USER_ID, at: minutesAfter(T0, 30) });
      assert.deepEqual(same.lastSeenAt, minutesAfter(T0, 30));
      assert.deepEqual(same.accountIds, ['default']);
    });

    it('keeps profile fields that a later sighting does not give', async () => {
      await customers.recordSeen({ channelId: 'line', userId: USER_ID, displayName: 'Aiko', language: 'ja', at: T0 });
      const customer = await customers.recordSeen({ channelId: 'line', userId: USER_ID, at: minutesAfter(T0, 1) });
      assert.equal(customer.displayName, 'Aiko');
      assert.equal(customer.language, 'ja');
      assert.deepEqual(customer.accountIds, []);
    });

    it('records users of different channels and users apart', async () => {
      await Promise.all([
        customers.recordSeen({ channelId: 'line', userId: USER_ID, at: T0 }),
        customers.recordSeen({ channelId: 'line', userId: OTHER_USER_ID, at: T0 }),
        customers.recordSeen({ channelId: 'webchat', userId: USER_ID, at: T0 }),
      ]);
      assert.ok(await customers.get(`line:${OTHER_USER_ID}`));
      assert.equal((await customers.get(`webchat:${USER_ID}`))?.channelId, 'webchat');
      assert.equal(await customers.get('line:Unobody'), undefined);
    });

    it('names the invalid field', async () => {
      assert.equal(await invalidField(() => customers.recordSeen({ channelId: 'LINE!', userId: USER_ID, at: T0 })), 'channelId');
      assert.equal(await invalidField(() => customers.recordSeen({ channelId: 'line', userId: '', at: T0 })), 'userId');
      assert.equal(await invalidField(() => customers.recordSeen({ channelId: 'line', userId: USER_ID, pictureUrl: 'javascript:alert(1)', at: T0 })), 'pictureUrl');
      assert.equal(await invalidField(() => customers.recordSeen({ channelId: 'line', userId: USER_ID, at: new Date(Number.NaN) })), 'at');
      assert.equal(await customers.get(CUSTOMER_ID), undefined);
    });
  });

  describe('contacts', () => {
    it('creates, reads and updates a contact; null clears a field', async () => {
      const contact = await customers.createContact({ name: 'Aiko Tanaka', email: 'aiko@example.com', phone: '+81 90-1234-5678', notes: 'Prefers LINE' });
      assert.match(contact.id, /^c_[0-9a-f]{20}$/);
      assert.deepEqual(await customers.getContact(contact.id), contact);

      const updated = await customers.updateContact(contact.id, { name: 'Aiko Suzuki', email: null, externalId: 'crm-42' });
      assert.equal(updated.name, 'Aiko Suzuki');
      assert.equal(updated.email, undefined);
      assert.equal(updated.phone, '+81 90-1234-5678');
      assert.equal(updated.notes, 'Prefers LINE');
      assert.equal(updated.externalId, 'crm-42');
      assert.deepEqual(updated.createdAt, contact.createdAt);
      assert.ok(updated.updatedAt > contact.updatedAt);
      assert.deepEqual(await customers.getContact(contact.id), updated);
      assert.deepEqual(await customers.searchContacts('aiko@example'), [], 'a cleared email is no longer searchable');
    });

    it('refuses an unknown contact', async () => {
      assert.equal(await customers.getContact('c_00000000000000000000'), undefined);
      await assert.rejects(customers.updateContact('c_00000000000000000000', { name: 'x' }), (error: unknown) => error instanceof ContactNotFoundError && error.code === 'contact_not_found');
    });

    it('names the invalid field', async () => {
      assert.equal(await invalidField(() => customers.createContact({ name: '' })), 'name');
      assert.equal(await invalidField(() => customers.createContact({ name: 'Aiko', email: 'not-an-email' })), 'email');
      assert.equal(await invalidField(() => customers.createContact({ name: 'Aiko', phone: '090 CALL ME' })), 'phone');
      assert.equal(await invalidField(() => customers.createContact({ name: 'Aiko', phone: '+1' })), 'phone');
      assert.equal(await invalidField(() => customers.createContact({ name: 'Aiko', phone: `+${'1'.repeat(40)}` })), 'phone');
      assert.equal(await invalidField(() => customers.createContact({ name: 'Aiko', notes: 'x'.repeat(5_001) })), 'notes');
      assert.equal(await invalidField(() => customers.createContact({ name: 'x'.repeat(201) })), 'name');
      const contact = await customers.createContact({ name: 'Aiko' });
      assert.equal(await invalidField(() => customers.updateContact(contact.id, { email: 'aiko@' })), 'email');
      assert.equal((await customers.getContact(contact.id))?.email, undefined);
    });

    it('keeps external ids unique, while any number of contacts have none', async () => {
      const first = await customers.createContact({ name: 'First', externalId: 'crm-1' });
      await customers.createContact({ name: 'No CRM 1' });
      await customers.createContact({ name: 'No CRM 2' });
      await assert.rejects(
        customers.createContact({ name: 'Second', externalId: 'crm-1' }),
        (error: unknown) => error instanceof ContactExternalIdTakenError && error.code === 'contact_external_id_taken' && error.externalId === 'crm-1',
      );
      const second = await customers.createContact({ name: 'Second', externalId: 'crm-2' });
      await assert.rejects(customers.updateContact(second.id, { externalId: 'crm-1' }), ContactExternalIdTakenError);
      assert.equal((await customers.getContact(second.id))?.externalId, 'crm-2');

      await customers.updateContact(first.id, { externalId: null });
      assert.equal((await customers.updateContact(second.id, { externalId: 'crm-1' })).externalId, 'crm-1');
    });

    it('deletes a contact and unlinks its customers', async () => {
      await customers.recordSeen({ channelId: 'line', userId: USER_ID, at: T0 });
      await customers.recordSeen({ channelId: 'line', userId: OTHER_USER_ID, at: T0 });
      const contact = await customers.createContact({ name: 'Aiko' });
      await customers.linkContact(CUSTOMER_ID, contact.id);
      await customers.linkContact(`line:${OTHER_USER_ID}`, contact.id);
      assert.equal((await customers.customersOfContact(contact.id)).length, 2);

      assert.equal(await customers.deleteContact(contact.id), true);
      assert.equal(await customers.deleteContact(contact.id), false);
      assert.equal(await customers.getContact(contact.id), undefined);
      assert.equal(await customers.contactIdOf(CUSTOMER_ID), undefined);
      assert.equal(await customers.contactIdOf(`line:${OTHER_USER_ID}`), undefined);
      assert.ok(await customers.get(CUSTOMER_ID), 'the customers themselves remain');
    });
  });

  describe('links', () => {
    it('links and unlinks a customer and a contact', async () => {
      await customers.recordSeen({ channelId: 'line', userId: USER_ID, at: T0 });
      const contact = await customers.createContact({ name: 'Aiko' });
      const linked = await customers.linkContact(CUSTOMER_ID, contact.id);
      assert.equal(linked.contactId, contact.id);
      assert.equal(await customers.contactIdOf(CUSTOMER_ID), contact.id);
      assert.deepEqual(
        (await customers.customersOfContact(contact.id)).map((customer) => customer.id),
        [CUSTOMER_ID],
      );

      assert.equal(await customers.unlinkContact(CUSTOMER_ID), true);
      assert.equal(await customers.unlinkContact(CUSTOMER_ID), false);
      assert.equal(await customers.contactIdOf(CUSTOMER_ID), undefined);
      assert.ok(await customers.getContact(contact.id), 'unlinking keeps the contact');
    });

    it('refuses a missing contact or customer', async () => {
      await customers.recordSeen({ channelId: 'line', userId: USER_ID, at: T0 });
      await assert.rejects(customers.linkContact(CUSTOMER_ID, 'c_ffffffffffffffffffff'), (error: unknown) => error instanceof ContactNotFoundError && error.contactId === 'c_ffffffffffffffffffff');
      const contact = await customers.createContact({ name: 'Aiko' });
      await assert.rejects(customers.linkContact('line:Unobody', contact.id), (error: unknown) => error instanceof CustomerNotFoundError && error.code === 'customer_not_found');
      assert.equal(await customers.contactIdOf(CUSTOMER_ID), undefined);
    });

    it('creates a contact from a customer profile and links it', async () => {
      await customers.recordSeen({ channelId: 'line', userId: USER_ID, displayName: 'Aiko', at: T0 });
      const contact = await customers.createContactFromCustomer(CUSTOMER_ID, { email: 'aiko@example.com' });
      assert.equal(contact.name, 'Aiko');
      assert.equal(contact.email, 'aiko@example.com');
      assert.equal(await customers.contactIdOf(CUSTOMER_ID), contact.id);

      await assert.rejects(
        customers.createContactFromCustomer(CUSTOMER_ID),
        (error: unknown) => error instanceof CustomerAlreadyLinkedError && error.code === 'customer_already_linked' && error.contactId === contact.id,
      );
      assert.equal((await customers.searchContacts('')).length, 1, 'no second contact was left behind');
    });

    it('names a contact without a display name after the user, or as overridden', async () => {
      await customers.recordSeen({ channelId: 'line', userId: USER_ID, at: T0 });
      await customers.recordSeen({ channelId: 'line', userId: OTHER_USER_ID, displayName: 'Ignored', at: T0 });
      const fallback = await customers.createContactFromCustomer(CUSTOMER_ID);
      assert.equal(fallback.name, `line user …${USER_ID.slice(-6)}`);
      const named = await customers.createContactFromCustomer(`line:${OTHER_USER_ID}`, { name: 'Kenji Sato' });
      assert.equal(named.name, 'Kenji Sato');
      await assert.rejects(customers.createContactFromCustomer('line:Unobody'), CustomerNotFoundError);
    });
  });

  describe('searchContacts', () => {
    beforeEach(async () => {
      await customers.createContact({ name: 'Aiko Tanaka', email: 'aiko.tanaka@example.com', phone: '+81 90-1234-5678' });
      await customers.createContact({ name: 'Kenji Sato', email: 'kenji@example.org', externalId: 'CRM-0042' });
      await customers.createContact({ name: 'Somchai Prasert', phone: '+66 81 555 0199' });
      await customers.createContact({ name: 'Akira Tanabe' });
    });

    function names(contacts: readonly { name: string }[]): string[] {
      return contacts.map((contact) => contact.name).sort();
    }

    it('matches name, email, phone and external id case-insensitively, by prefix or substring', async () => {
      assert.deepEqual(names(await customers.searchContacts('aIKo')), ['Aiko Tanaka']);
      assert.deepEqual(names(await customers.searchContacts('tana')), ['Aiko Tanaka', 'Akira Tanabe']);
      assert.deepEqual(names(await customers.searchContacts('EXAMPLE.ORG')), ['Kenji Sato']);
      assert.deepEqual(names(await customers.searchContacts('crm-0042')), ['Kenji Sato']);
      assert.deepEqual(names(await customers.searchContacts('+66 81 555')), ['Somchai Prasert']);
      assert.deepEqual(names(await customers.searchContacts('1234-5678')), ['Aiko Tanaka']);
      assert.deepEqual(await customers.searchContacts('nobody-by-that-name'), []);
    });

    it('returns at most the limit', async () => {
      assert.equal((await customers.searchContacts('a', 2)).length, 2);
      assert.equal((await customers.searchContacts('', 3)).length, 3);
      assert.equal((await customers.searchContacts('a', 0)).length, 1);
    });

    it('finds by prefix everywhere but by substring only among recent contacts', async () => {
      const bounded = new CustomerRepository(store, { searchScanLimit: 1, now: () => minutesAfter(T0, 60) });
      await bounded.createContact({ name: 'Newest Contact' });
      assert.deepEqual(names(await bounded.searchContacts('tanaka')), [], 'Aiko Tanaka is older than the scan window');
      assert.deepEqual(names(await bounded.searchContacts('aiko t')), ['Aiko Tanaka'], 'yet found by prefix');
      assert.deepEqual(names(await bounded.searchContacts('contact')), ['Newest Contact']);
    });
  });

  it('deletes a customer once', async () => {
    await customers.recordSeen({ channelId: 'line', userId: USER_ID, at: T0 });
    assert.equal(await customers.delete(CUSTOMER_ID), true);
    assert.equal(await customers.delete(CUSTOMER_ID), false);
    assert.equal(await customers.get(CUSTOMER_ID), undefined);
  });
});
