import assert from 'node:assert/strict';
import { HandoffHarness } from '../support/handoffHarness';

function lineUser(n: number): string {
  return `U${n.toString(16).padStart(32, 'c')}`;
}

describe('admin contacts API: list, search, edit, unlink and merge', () => {
  let h: HandoffHarness;
  beforeEach(async () => {
    h = await HandoffHarness.start();
  });
  afterEach(() => h.close());

  /** Two customers who wrote in, each with a contact made from their profile. */
  async function twoContacts(): Promise<{ first: string; second: string }> {
    h.server.fake.api.setProfile(lineUser(1), { displayName: 'Aiko Tanaka', language: 'ja' });
    h.server.fake.api.setProfile(lineUser(2), { displayName: 'Aiko T.', language: 'ja' });
    await h.say(lineUser(1), 'hello');
    await h.say(lineUser(2), 'hello again');
    const customers = h.server.app.customers;
    const first = await customers.createContactFromCustomer(`line:${lineUser(1)}`, { name: 'Aiko Tanaka', email: 'aiko@example.com' });
    const second = await customers.createContactFromCustomer(`line:${lineUser(2)}`, { name: 'Aiko T.', phone: '+81 90 1234 5678', notes: 'prefers LINE' });
    return { first: first.id, second: second.id };
  }

  it('lists and searches contacts, and shows one with its customers', async () => {
    const { first } = await twoContacts();
    const all = await h.admin('GET', '/api/admin/contacts');
    assert.equal((all.json.items as unknown[]).length, 2);
    const found = await h.admin('GET', '/api/admin/contacts?q=aiko%40ex');
    assert.deepEqual((found.json.items as { id: string }[]).map((contact) => contact.id), [first]);
    const one = await h.admin('GET', `/api/admin/contacts/${first}`);
    assert.deepEqual((one.json.customers as { id: string }[]).map((customer) => customer.id), [`line:${lineUser(1)}`]);
    assert.equal((await h.call('wrong-key-wrong-key', 'GET', '/api/admin/contacts')).status, 401);
  });

  it('edits a contact, clearing a field with an empty value,', async () => {
    const { first } = await twoContacts();
    const edited = await h.admin('PATCH', `/api/admin/contacts/${first}`, { name: 'Aiko Tanaka-Sato', email: '', phone: '090-1111-2222', notes: 'VIP since 2024' });
    assert.equal(edited.json.name, 'Aiko Tanaka-Sato');
    assert.equal(edited.json.email, undefined);
    assert.equal(edited.json.phone, '090-1111-2222');
    assert.equal((await h.call(null, 'PATCH', `/api/admin/contacts/${first}`, { email: 'nope' })).status, 401);
    assert.equal((await h.admin('GET', `/api/admin/contacts/${first}`)).json.contact && ((await h.admin('GET', `/api/admin/contacts/${first}`)).json.contact as { notes?: string }).notes, 'VIP since 2024');
  });

  it('unlinks a customer profile from its contact', async () => {
    const { first } = await twoContacts();
    await h.admin('DELETE', `/api/admin/contacts/${first}/customers/${encodeURIComponent(`line:${lineUser(1)}`)}`);
    assert.deepEqual((await h.admin('GET', `/api/admin/contacts/${first}`)).json.customers, []);
    assert.equal(await h.server.app.customers.contactIdOf(`line:${lineUser(1)}`), undefined);
  });

  it('merges two duplicates: the customers of both end up on one, empty fields are filled, the other is deleted', async () => {
    const { first, second } = await twoContacts();
    const merged = await h.admin('POST', `/api/admin/contacts/${first}/merge`, { fromContactId: second });
    const contact = merged.json.contact as { id: string; email?: string; phone?: string; notes?: string };
    assert.equal(contact.id, first);
    assert.equal(contact.email, 'aiko@example.com');
    assert.equal(contact.phone, '+81 90 1234 5678');
    assert.equal(contact.notes, 'prefers LINE');
    assert.deepEqual((merged.json.customers as { id: string }[]).map((customer) => customer.id).sort(), [`line:${lineUser(1)}`, `line:${lineUser(2)}`].sort());
    assert.equal(await h.server.app.customers.getContact(second), undefined);
    assert.equal(await h.server.app.customers.contactIdOf(`line:${lineUser(2)}`), first);
  });

  it('refuses merging a contact into itself (400 naming the field) and an unknown one (404); agents may not use it', async () => {
    const { first } = await twoContacts();
    const agent = await h.createAgent('kenji', undefined, ['agent']);
    const self = await h.call(agent.token, 'POST', `/api/admin/contacts/${first}/merge`, { fromContactId: first });
    assert.equal(self.status, 403);
    const supervisor = await h.createAgent('sachiko', undefined, ['supervisor']);
    const itself = await h.call(supervisor.token, 'POST', `/api/admin/contacts/${first}/merge`, { fromContactId: first });
    assert.equal(itself.status, 400, itself.text);
    assert.equal(itself.json.field, 'fromContactId');
    const unknown = await h.call(supervisor.token, 'POST', `/api/admin/contacts/${first}/merge`, { fromContactId: 'c_00000000000000000000' });
    assert.equal(unknown.status, 404, unknown.text);
    const badEmail = await h.call(supervisor.token, 'PATCH', `/api/admin/contacts/${first}`, { email: 'not an email' });
    assert.equal(badEmail.status, 400, badEmail.text);
    assert.equal(badEmail.json.field, 'email');
    const notLinked = await h.call(supervisor.token, 'DELETE', `/api/admin/contacts/${first}/customers/${encodeURIComponent(`line:${lineUser(2)}`)}`);
    assert.equal(notLinked.status, 404);
  });

  it('are described in the OpenAPI document', async () => {
    const document = (await (await fetch(`${h.url}/api/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    assert.ok(document.paths['/api/admin/contacts']?.get);
    assert.ok(document.paths['/api/admin/contacts/{contactId}']?.patch);
    assert.ok(document.paths['/api/admin/contacts/{contactId}/customers/{customerId}']?.delete);
    assert.ok(document.paths['/api/admin/contacts/{contactId}/merge']?.post);
  });
});
