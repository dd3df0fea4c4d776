import assert from 'node:assert/strict';
import type { Activity } from 'botbuilder';
import type { DocumentStore, StoredDocument } from '../../src/storage/engine/documentStore.js';
import { TranscriptRepository } from '../../src/transcripts/transcriptRepository.js';
import { describeEachBackend } from '../storage/engine/storageBackends.js';

const CUSTOMER = 'U4af4980629a1b2c3d4e5f60718293a4b';
const OTHER_CUSTOMER = 'U9bb1c2d3e4f5a6b7c8d9e0f1a2b3c4d5';
const BOT = 'Ubot0000000000000000000000000000';
const T0 = Date.parse('2025-03-01T09:00:00.000Z');
const DAY_MS = 24 * 60 * 60 * 1000;

function conversationOf(userId: string): string {
  return `default:user:${userId}`;
}

/** A LINE-shaped message from the customer, as the LINE adapter builds it. */
function fromCustomer(id: string, text: string, at: number, userId = CUSTOMER): Activity {
  return {
    type: 'message',
    id,
    text,
    channelId: 'line',
    serviceUrl: 'https://api.line.me',
    timestamp: new Date(at),
    conversation: { id: conversationOf(userId), isGroup: false, conversationType: 'personal', name: '' },
    from: { id: userId, name: 'Aiko', role: 'user' },
    recipient: { id: BOT, name: 'Shop bot', role: 'bot' },
  } as Activity;
}

/** The bot's reply to `userId`. */
function fromBot(id: string, text: string, at: number, userId = CUSTOMER): Activity {
  return {
    type: 'message',
    id,
    text,
    channelId: 'line',
    timestamp: new Date(at),
    conversation: { id: conversationOf(userId), isGroup: false, conversationType: 'personal', name: '' },
    from: { id: BOT, name: 'Shop bot', role: 'bot' },
    recipient: { id: userId, name: 'Aiko', role: 'user' },
  } as Activity;
}

describeEachBackend('TranscriptRepository', (backend) => {
  let store: DocumentStore;
  let repository: TranscriptRepository;

  beforeEach(async () => {
    store = await backend.open();
    repository = await TranscriptRepository.open(store);
  });

  afterEach(async () => {
    await store.close();
  });

  describe('logActivity and getTranscriptActivities', () => {
    it('logs a turn’s activities together in their order, after earlier ones, and a replayed turn changes nothing', async () => {
      await repository.logActivity(fromCustomer('b0', 'Hello', T0));
      const turn = [fromCustomer('b1', 'Order 1234', T0 + 1000), fromBot('b2', 'Let me check.', T0 + 2000), fromBot('b3', 'It ships today.', T0 + 3000)];
      await repository.logActivities(turn);
      await repository.logActivities(turn);
      await repository.logActivity(fromCustomer('b4', 'Thanks', T0 + 4000));

      const page = await repository.getTranscriptActivities('line', conversationOf(CUSTOMER));
      assert.deepEqual(
        page.items.map((activity) => activity.id),
        ['b0', 'b1', 'b2', 'b3', 'b4'],
      );
      const conversation = await repository.getConversation('line', conversationOf(CUSTOMER));
      assert.equal(conversation?.activityCount, 5);
      assert.equal(conversation?.customerId, `line:${CUSTOMER}`);
      assert.equal(conversation?.firstActivityAt.getTime(), T0);
      assert.equal(conversation?.lastActivityAt.getTime(), T0 + 4000);
      await assert.rejects(repository.logActivities([fromCustomer('c1', 'x', T0), fromCustomer('c2', 'y', T0, OTHER_CUSTOMER)]), TypeError);
    });

    it('starts a conversation from a turn logged together: its customer, first and last activity', async () => {
      await repository.logActivities([fromBot('w1', 'Welcome!', T0), fromCustomer('w2', 'Hi', T0 + 500)]);
      const conversation = await repository.getConversation('line', conversationOf(CUSTOMER));
      assert.equal(conversation?.customerId, `line:${CUSTOMER}`);
      assert.equal(conversation?.activityCount, 2);
      assert.equal(conversation?.firstActivityAt.getTime(), T0);
      assert.equal(conversation?.lastActivityAt.getTime(), T0 + 500);
      const page = await repository.getTranscriptActivities('line', conversationOf(CUSTOMER));
      assert.deepEqual(page.items.map((activity) => activity.id), ['w1', 'w2']);
    });

    it('returns the activities in the order they were logged, whatever their timestamps say', async () => {
      await repository.logActivity(fromCustomer('a1', 'Where is my order?', T0 + 2000));
      await repository.logActivity(fromBot('a2', 'Let me check.', T0 + 1000));
      await repository.logActivity(fromCustomer('a3', 'Order 1234', T0));

      const page = await repository.getTranscriptActivities('line', conversationOf(CUSTOMER));

      assert.deepEqual(
        page.items.map((activity) => [activity.id, activity.text]),
        [
          ['a1', 'Where is my order?'],
          ['a2', 'Let me check.'],
          ['a3', 'Order 1234'],
        ],
      );
      assert.equal(page.continuationToken, '');
      const first = page.items[0];
      assert.ok(first?.timestamp instanceof Date);
      assert.equal(first.timestamp.getTime(), T0 + 2000);
      assert.deepEqual(first.from, { id: CUSTOMER, name: 'Aiko', role: 'user' });
    });

    it('stores a replayed activity once, also when both writes race', async () => {
      const activity = fromCustomer('replayed', 'hello', T0);
      await repository.logActivity(activity);
      await repository.logActivity(activity);
      const racing = fromCustomer('racing', 'again', T0 + 1);
      await Promise.all([repository.logActivity(racing), repository.logActivity(racing)]);

      const page = await repository.getTranscriptActivities('line', conversationOf(CUSTOMER));
      assert.deepEqual(
        page.items.map((item) => item.id),
        ['replayed', 'racing'],
      );
      const conversation = await repository.getConversation('line', conversationOf(CUSTOMER));
      assert.equal(conversation?.activityCount, 2);
    });

    it('gives an activity without id a generated one, so two of them are both kept', async () => {
      const { id: _ignored, ...withoutId } = fromBot('x', 'Welcome!', T0);
      await repository.logActivity(withoutId as Activity);
      await repository.logActivity({ ...withoutId, text: 'How can I help?' } as Activity);

      const page = await repository.getTranscriptActivities('line', conversationOf(CUSTOMER));
      assert.deepEqual(
        page.items.map((item) => item.text),
        ['Welcome!', 'How can I help?'],
      );
      const [first, second] = page.items;
      assert.ok(first?.id && second?.id, 'generated ids');
      assert.notEqual(first.id, second.id);
    });

    it('keeps payloads whose field names contain dots or start with $', async () => {
      const activity = { ...fromCustomer('p1', 'sticker', T0), channelData: { 'line.event': { $type: 'sticker', 'a.b': [1, { $c: true }] } } } as Activity;
      await repository.logActivity(activity);

      const [stored] = (await repository.getTranscriptActivities('line', conversationOf(CUSTOMER))).items;
      assert.deepEqual(stored?.channelData, { 'line.event': { $type: 'sticker', 'a.b': [1, { $c: true }] } });
    });

    it('stores one document per activity: the activity as JSON beside the fields it is queried by', async () => {
      const retained = await TranscriptRepository.open(store, { retentionDays: 30 });
      const now = Date.now();
      await retained.logActivity(fromCustomer('d1', 'hi', now));

      const raw = await store.collection<StoredDocument>('transcripts');
      const document = await raw.findOne({ _id: `line|${conversationOf(CUSTOMER)}|d1` });
      assert.ok(document, 'stored under channel|conversation|activity id');
      assert.equal(document.channelId, 'line');
      assert.equal(document.conversationId, conversationOf(CUSTOMER));
      assert.equal(document.customerId, `line:${CUSTOMER}`);
      assert.equal(document.seq, 1);
      assert.equal(document.role, 'user');
      assert.equal(document.type, 'message');
      assert.equal((document.timestamp as Date).getTime(), now);
      assert.equal((document.expiresAt as Date).getTime(), now + 30 * DAY_MS);
      assert.equal(typeof document.activity, 'string');
      assert.equal((JSON.parse(document.activity as string) as Activity).text, 'hi');
    });

    it('lets activities and conversations older than the retention period expire', async function () {
      // MongoDB's TTL monitor deletes expired documents only once a minute; the embedded store hides them at once.
      if (backend.name !== 'embedded') this.skip();
      const retained = await TranscriptRepository.open(store, { retentionDays: 30 });
      const now = Date.now();
      await retained.logActivity(fromCustomer('old', 'from last year', now - 40 * DAY_MS));
      await retained.logActivity(fromCustomer('new', 'from today', now, OTHER_CUSTOMER));

      assert.deepEqual((await retained.getTranscriptActivities('line', conversationOf(CUSTOMER))).items, []);
      assert.equal(await retained.getConversation('line', conversationOf(CUSTOMER)), undefined);
      assert.deepEqual(
        (await retained.getTranscriptActivities('line', conversationOf(OTHER_CUSTOMER))).items.map((item) => item.id),
        ['new'],
      );
    });

    it('declares its indexes on MongoDB: unique order per conversation, customer timeline, TTL', async function () {
      if (!backend.listIndexes) this.skip();
      await repository.logActivity(fromCustomer('i1', 'hi', T0));

      const indexes = await backend.listIndexes(store, 'transcripts');
      const byKey = new Map(indexes.map((index) => [JSON.stringify(index.key), index]));
      assert.equal(byKey.get(JSON.stringify({ channelId: 1, conversationId: 1, seq: 1 }))?.unique, true);
      assert.ok(byKey.has(JSON.stringify({ customerId: 1, timestamp: 1 })));
      assert.equal(byKey.get(JSON.stringify({ expiresAt: 1 }))?.expireAfterSeconds, 0);
    });

    it('sets no expiry without a retention period', async () => {
      await repository.logActivity(fromCustomer('d1', 'hi', T0));

      const raw = await store.collection<StoredDocument>('transcripts');
      const document = await raw.findOne({ _id: `line|${conversationOf(CUSTOMER)}|d1` });
      assert.ok(document);
      assert.equal(document.expiresAt, undefined);
    });

    it('pages by 20 with opaque continuation tokens', async () => {
      for (let i = 0; i < 45; i += 1) await repository.logActivity(fromCustomer(`m${i}`, `message ${i}`, T0 + i));

      const first = await repository.getTranscriptActivities('line', conversationOf(CUSTOMER));
      const second = await repository.getTranscriptActivities('line', conversationOf(CUSTOMER), first.continuationToken);
      const third = await repository.getTranscriptActivities('line', conversationOf(CUSTOMER), second.continuationToken);

      assert.deepEqual([first.items.length, second.items.length, third.items.length], [20, 20, 5]);
      assert.notEqual(first.continuationToken, '');
      assert.notEqual(second.continuationToken, '');
      assert.equal(third.continuationToken, '');
      assert.deepEqual(
        [...first.items, ...second.items, ...third.items].map((item) => item.id),
        Array.from({ length: 45 }, (_, i) => `m${i}`),
      );
    });

    it('ends exactly on a full page with an empty token', async () => {
      for (let i = 0; i < 20; i += 1) await repository.logActivity(fromCustomer(`m${i}`, `message ${i}`, T0 + i));

      const page = await repository.getTranscriptActivities('line', conversationOf(CUSTOMER));
      assert.equal(page.items.length, 20);
      assert.equal(page.continuationToken, '');
    });

    it('refuses a continuation token it did not issue', async () => {
      await assert.rejects(repository.getTranscriptActivities('line', conversationOf(CUSTOMER), 'not-a-token'), RangeError);
      await assert.rejects(repository.listTranscripts('line', Buffer.from('{"seq":1}').toString('base64url')), RangeError);
    });

    it('filters by startDate', async () => {
      for (let i = 0; i < 5; i += 1) await repository.logActivity(fromCustomer(`m${i}`, `message ${i}`, T0 + i * 60_000));

      const page = await repository.getTranscriptActivities('line', conversationOf(CUSTOMER), undefined, new Date(T0 + 2 * 60_000));
      assert.deepEqual(
        page.items.map((item) => item.id),
        ['m2', 'm3', 'm4'],
      );
    });

    it('rejects an activity without channel or conversation', async () => {
      const activity = fromCustomer('bad', 'x', T0);
      await assert.rejects(repository.logActivity({ ...activity, conversation: undefined } as unknown as Activity), TypeError);
      await assert.rejects(repository.logActivity({ ...activity, channelId: '' }), TypeError);
    });
  });

  describe('conversations', () => {
    it('names the first non-bot sender as the customer, also on the bot replies', async () => {
      await repository.logActivity(fromCustomer('c1', 'hi', T0));
      await repository.logActivity(fromBot('c2', 'hello!', T0 + 1000));

      const conversation = await repository.getConversation('line', conversationOf(CUSTOMER));
      assert.deepEqual(conversation, {
        channelId: 'line',
        conversationId: conversationOf(CUSTOMER),
        customerId: `line:${CUSTOMER}`,
        contactId: undefined,
        firstActivityAt: new Date(T0),
        lastActivityAt: new Date(T0 + 1000),
        activityCount: 2,
      });
      const activities = await repository.getCustomerActivities(`line:${CUSTOMER}`, { limit: 10 });
      assert.deepEqual(
        activities.map((activity) => activity.id),
        ['c2', 'c1'],
      );
    });

    it('takes the customer from the recipient when the bot speaks first', async () => {
      await repository.logActivity(fromBot('b1', 'Thanks for adding us as a friend!', T0));
      await repository.logActivity(fromCustomer('b2', 'hi', T0 + 1));

      const conversation = await repository.getConversation('line', conversationOf(CUSTOMER));
      assert.equal(conversation?.customerId, `line:${CUSTOMER}`);
    });

    it('tells the bot apart by its account when activities carry no roles', async () => {
      const base = { type: 'message', channelId: 'test', conversation: { id: 'convo1' } };
      await repository.logActivity({ ...base, id: '0', text: 'hi', from: { id: 'user', name: 'User1' }, recipient: { id: 'bot', name: 'Bot' } } as Activity);
      await repository.logActivity({ ...base, id: '1', text: 'echo: hi', from: { id: 'bot', name: 'Bot' }, recipient: { id: 'user', name: 'User1' } } as Activity);

      const conversation = await repository.getConversation('test', 'convo1');
      assert.equal(conversation?.customerId, 'test:user');
      assert.equal(conversation?.activityCount, 2);
      const raw = await store.collection<StoredDocument>('transcripts');
      const reply = await raw.findOne({ _id: 'test|convo1|1' });
      assert.equal(reply?.role, 'bot');
      assert.equal(reply?.customerId, 'test:user');
    });

    it('links new conversations through resolveContactId, asked once per conversation', async () => {
      const asked: string[] = [];
      const linked = await TranscriptRepository.open(store, {
        resolveContactId: async (customerId) => {
          asked.push(customerId);
          return customerId === `line:${CUSTOMER}` ? 'contact-42' : undefined;
        },
      });
      await linked.logActivity(fromCustomer('l1', 'hi', T0));
      await linked.logActivity(fromBot('l2', 'hello', T0 + 1));
      await linked.logActivity(fromCustomer('o1', 'hi', T0 + 2, OTHER_CUSTOMER));

      assert.equal((await linked.getConversation('line', conversationOf(CUSTOMER)))?.contactId, 'contact-42');
      assert.equal((await linked.getConversation('line', conversationOf(OTHER_CUSTOMER)))?.contactId, undefined);
      assert.deepEqual(asked, [`line:${CUSTOMER}`, `line:${OTHER_CUSTOMER}`]);
    });

    it('sets and clears a conversation contact', async () => {
      await repository.logActivity(fromCustomer('s1', 'hi', T0));

      assert.equal(await repository.setConversationContact('line', conversationOf(CUSTOMER), 'contact-7'), true);
      assert.equal((await repository.getConversation('line', conversationOf(CUSTOMER)))?.contactId, 'contact-7');
      assert.equal(await repository.setConversationContact('line', conversationOf(CUSTOMER), undefined), true);
      assert.equal((await repository.getConversation('line', conversationOf(CUSTOMER)))?.contactId, undefined);
      assert.equal(await repository.setConversationContact('line', 'default:user:Unknown', 'contact-7'), false);
      assert.equal(await repository.getConversation('line', 'default:user:Unknown'), undefined);
    });

    it('lists a channel’s transcripts oldest first, 20 a page', async () => {
      // Pairs share a first-activity time, so the order among equals must hold across pages too.
      for (let i = 0; i < 25; i += 1) {
        const userId = `U${String(i).padStart(32, '0')}`;
        await repository.logActivity(fromCustomer(`t${i}`, 'hi', T0 + Math.floor((24 - i) / 2) * 1000, userId));
      }
      await repository.logActivity({ ...fromCustomer('e1', 'hi', T0), channelId: 'emulator' });

      const first = await repository.listTranscripts('line');
      const second = await repository.listTranscripts('line', first.continuationToken);

      assert.equal(first.items.length, 20);
      assert.equal(second.items.length, 5);
      assert.equal(second.continuationToken, '');
      const all = [...first.items, ...second.items];
      assert.equal(new Set(all.map((info) => info.id)).size, 25);
      assert.ok(all.every((info) => info.channelId === 'line'));
      const created = all.map((info) => info.created.getTime());
      assert.deepEqual(
        created,
        [...created].sort((a, b) => a - b),
      );
      assert.equal(created[0], T0);
      assert.equal(created[24], T0 + 12_000);
      assert.deepEqual((await repository.listTranscripts('emulator')).items, [{ channelId: 'emulator', id: conversationOf(CUSTOMER), created: new Date(T0) }]);
    });

    it('lists a customer’s conversations, most recently active first', async () => {
      const other = (id: string, at: number, conversationId: string): Activity => ({ ...fromCustomer(id, 'hi', at), conversation: { id: conversationId } }) as Activity;
      await repository.logActivity(other('g1', T0, 'default:group:Cgroup1'));
      await repository.logActivity(fromCustomer('u1', 'hi', T0 + 1000));
      await repository.logActivity(other('g2', T0 + 2000, 'default:group:Cgroup1'));
      await repository.logActivity(fromCustomer('x1', 'hi', T0 + 3000, OTHER_CUSTOMER));

      const conversations = await repository.listConversationsOfCustomer(`line:${CUSTOMER}`, { limit: 10 });
      assert.deepEqual(
        conversations.map((conversation) => [conversation.conversationId, conversation.activityCount]),
        [
          ['default:group:Cgroup1', 2],
          [conversationOf(CUSTOMER), 1],
        ],
      );
      assert.equal((await repository.listConversationsOfCustomer(`line:${CUSTOMER}`, { limit: 1 })).length, 1);
    });
  });

  describe('customer queries', () => {
    it('returns a customer’s activities across conversations, newest first, before a given time', async () => {
      const inGroup = (id: string, at: number): Activity => ({ ...fromCustomer(id, id, at), conversation: { id: 'default:group:Cgroup1' } }) as Activity;
      await repository.logActivity(fromCustomer('a', 'a', T0));
      await repository.logActivity(inGroup('b', T0 + 1000));
      await repository.logActivity(fromBot('c', 'c', T0 + 2000));
      await repository.logActivity(fromCustomer('z', 'z', T0 + 1500, OTHER_CUSTOMER));

      const newest = await repository.getCustomerActivities(`line:${CUSTOMER}`, { limit: 2 });
      assert.deepEqual(
        newest.map((activity) => activity.id),
        ['c', 'b'],
      );
      const older = await repository.getCustomerActivities(`line:${CUSTOMER}`, { limit: 2, before: new Date(T0 + 1000) });
      assert.deepEqual(
        older.map((activity) => activity.id),
        ['a'],
      );
    });

    it('purges every conversation and activity of a customer, and nothing else', async () => {
      await repository.logActivity(fromCustomer('p1', 'my address is …', T0));
      await repository.logActivity(fromBot('p2', 'noted', T0 + 1));
      await repository.logActivity({ ...fromCustomer('p3', 'in a group', T0 + 2), conversation: { id: 'default:group:Cgroup1' } } as Activity);
      await repository.logActivity(fromCustomer('k1', 'keep me', T0 + 3, OTHER_CUSTOMER));

      const purged = await repository.purgeCustomer(`line:${CUSTOMER}`);

      assert.deepEqual(purged, { activities: 3, conversations: 2 });
      assert.deepEqual((await repository.getTranscriptActivities('line', conversationOf(CUSTOMER))).items, []);
      assert.equal(await repository.getConversation('line', conversationOf(CUSTOMER)), undefined);
      assert.deepEqual(await repository.listConversationsOfCustomer(`line:${CUSTOMER}`, { limit: 10 }), []);
      assert.deepEqual(
        (await repository.getTranscriptActivities('line', conversationOf(OTHER_CUSTOMER))).items.map((item) => item.text),
        ['keep me'],
      );
      assert.deepEqual(await repository.purgeCustomer(`line:${CUSTOMER}`), { activities: 0, conversations: 0 });
    });
  });

  describe('deleteTranscript', () => {
    it('deletes one conversation and its activities; the conversation can start again', async () => {
      await repository.logActivity(fromCustomer('d1', 'hi', T0));
      await repository.logActivity(fromBot('d2', 'hello', T0 + 1));
      await repository.logActivity(fromCustomer('k1', 'keep', T0 + 2, OTHER_CUSTOMER));

      await repository.deleteTranscript('line', conversationOf(CUSTOMER));

      assert.deepEqual((await repository.getTranscriptActivities('line', conversationOf(CUSTOMER))).items, []);
      assert.deepEqual(
        (await repository.listTranscripts('line')).items.map((info) => info.id),
        [conversationOf(OTHER_CUSTOMER)],
      );
      await repository.logActivity(fromCustomer('d3', 'back again', T0 + 10));
      const again = await repository.getTranscriptActivities('line', conversationOf(CUSTOMER));
      assert.deepEqual(
        again.items.map((item) => item.text),
        ['back again'],
      );
      assert.equal((await repository.getConversation('line', conversationOf(CUSTOMER)))?.activityCount, 1);
    });
  });
});
