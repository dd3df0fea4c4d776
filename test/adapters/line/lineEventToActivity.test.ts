import assert from 'node:assert/strict';
import type { Activity, Attachment } from 'botbuilder';
import { lineEventToActivity, type LineEventMappingContext } from '../../../adapters/line/lineEventToActivity.js';
import {
  BOT_USER_ID,
  EVENT_TIMESTAMP,
  GROUP_ID,
  OTHER_USER_ID,
  ROOM_ID,
  USER_ID,
  accountLinkEvent,
  activatedEvent,
  audioMessageEvent,
  beaconEvent,
  botResumedEvent,
  botSuspendedEvent,
  deactivatedEvent,
  deliveryEvent,
  fileMessageEvent,
  followEvent,
  groupSource,
  imageMessageEvent,
  joinEvent,
  leaveEvent,
  locationMessageEvent,
  memberJoinedEvent,
  memberLeftEvent,
  membershipEvent,
  mentionTextMessageEvent,
  messageEditedEvent,
  messageStickerMessageEvent,
  moduleEvent,
  postbackEvent,
  roomSource,
  stickerMessageEvent,
  textMessageEvent,
  unfollowEvent,
  unknownTypeEvent,
  unsendEvent,
  userSource,
  videoMessageEvent,
  videoPlayCompleteEvent,
} from '../../fixtures/lineEvents.js';

const ctx: LineEventMappingContext = {
  accountId: 'default',
  destination: BOT_USER_ID,
  dataApiBaseUrl: 'https://api-data.line.me',
  serviceUrl: 'https://bot.example.com/api/line/default',
};

const profile = { displayName: 'Sakura Tanaka', pictureUrl: 'https://profile.line-scdn.net/0h1a2b3c', language: 'ja' };

const user = { id: USER_ID, role: 'user' };
const bot = { id: BOT_USER_ID, role: 'bot' };
const personal = { id: `default:user:${USER_ID}`, conversationType: 'personal', isGroup: false };
const group = { id: `default:group:${GROUP_ID}`, conversationType: 'group', isGroup: true };

function map(event: Parameters<typeof lineEventToActivity>[0], context: LineEventMappingContext = ctx): Partial<Activity> {
  const activity = lineEventToActivity(event, context);
  assert.ok(activity, `expected an activity for a ${event.type} event`);
  return activity;
}

function onlyAttachment(activity: Partial<Activity>): Attachment {
  assert.equal(activity.attachments?.length, 1);
  const attachment = activity.attachments?.[0];
  assert.ok(attachment);
  return attachment;
}

function contentUrlOf(messageId: string): string {
  return `https://api-data.line.me/v2/bot/message/${messageId}/content`;
}

describe('lineEventToActivity', () => {
  describe('fields every activity has', () => {
    it('maps a 1:1 text message to a complete message activity', () => {
      const event = textMessageEvent();
      assert.deepEqual(map(event), {
        type: 'message',
        channelId: 'line',
        id: event.message.id,
        timestamp: new Date(EVENT_TIMESTAMP),
        serviceUrl: 'https://bot.example.com/api/line/default',
        conversation: personal,
        from: user,
        recipient: bot,
        channelData: event,
        text: 'Hello, I would like to check my order status.',
      });
    });

    it('carries the raw event unchanged in channelData and the reply token nowhere else', () => {
      const event = textMessageEvent();
      const copy = structuredClone(event);
      const { channelData, ...rest } = map(event);
      assert.equal(channelData, event);
      assert.deepEqual(event, copy);
      assert.ok(event.replyToken);
      assert.ok(!JSON.stringify(rest).includes(event.replyToken));
    });

    it('takes from.name and locale from the sender profile', () => {
      const activity = map(textMessageEvent(), { ...ctx, profile });
      assert.deepEqual(activity.from, { id: USER_ID, name: 'Sakura Tanaka', role: 'user', properties: { pictureUrl: profile.pictureUrl } });
      assert.equal(activity.locale, 'ja');
    });

    it('carries the profile picture in from.properties', () => {
      const activity = map(textMessageEvent(), { ...ctx, profile: { displayName: 'Ken', pictureUrl: 'https://profile.line-scdn.net/0h1234' } });
      assert.deepEqual(activity.from, { id: USER_ID, name: 'Ken', role: 'user', properties: { pictureUrl: 'https://profile.line-scdn.net/0h1234' } });
    });

    it('sets no locale when the profile has no language', () => {
      const activity = map(textMessageEvent(), { ...ctx, profile: { displayName: 'Ken' } });
      assert.equal(activity.from?.name, 'Ken');
      assert.ok(!('locale' in activity));
    });

    it('maps a group source to a group conversation with the sender as from', () => {
      const activity = map(textMessageEvent({ source: groupSource(OTHER_USER_ID) }));
      assert.deepEqual(activity.conversation, group);
      assert.deepEqual(activity.from, { id: OTHER_USER_ID, role: 'user' });
    });

    it('maps a room source to a room conversation', () => {
      const activity = map(textMessageEvent({ source: roomSource() }));
      assert.deepEqual(activity.conversation, { id: `default:room:${ROOM_ID}`, conversationType: 'room', isGroup: true });
      assert.deepEqual(activity.from, user);
    });

    it('gives the same user distinct conversations in 1:1, group and room chats', () => {
      const ids = [userSource(), groupSource(), roomSource()].map((source) => map(textMessageEvent({ source })).conversation?.id);
      assert.deepEqual(ids, [`default:user:${USER_ID}`, `default:group:${GROUP_ID}`, `default:room:${ROOM_ID}`]);
    });

    it('puts the account id into the conversation id', () => {
      const activity = map(textMessageEvent(), { ...ctx, accountId: 'shop-b' });
      assert.equal(activity.conversation?.id, `shop-b:user:${USER_ID}`);
    });

    it("uses 'unknown' as from.id for a group message without userId", () => {
      const activity = map(textMessageEvent({ source: groupSource(null) }));
      assert.deepEqual(activity.from, { id: 'unknown', role: 'user' });
      assert.deepEqual(activity.conversation, group);
    });

    it('returns undefined for an event without a usable source', () => {
      const { source: _omitted, ...withoutSource } = textMessageEvent();
      assert.equal(lineEventToActivity(withoutSource, ctx), undefined);
      assert.equal(lineEventToActivity(textMessageEvent({ source: { type: 'user' } }), ctx), undefined);
      assert.equal(lineEventToActivity({ ...textMessageEvent(), source: { type: 'group', userId: USER_ID } }, ctx), undefined);
      assert.equal(lineEventToActivity({ ...textMessageEvent(), source: { type: 'channel', channelId: 'x' } }, ctx), undefined);
    });

    it('tolerates a missing timestamp by leaving timestamp out', () => {
      const { timestamp: _omitted, ...event } = textMessageEvent();
      const activity = map(event);
      assert.ok(!('timestamp' in activity));
      assert.equal(activity.text, 'Hello, I would like to check my order status.');
    });
  });

  describe('text messages', () => {
    it('maps mentions to mention entities with the mentioned substring, keeping emojis in channelData only', () => {
      const event = mentionTextMessageEvent();
      const activity = map(event);
      assert.equal(activity.text, '@All @example Good Morning!! (love)');
      assert.deepEqual(activity.entities, [
        { type: 'mention', mentioned: { id: 'all', name: 'All', role: 'user' }, text: '@All' },
        { type: 'mention', mentioned: { id: OTHER_USER_ID, name: 'example', role: 'user' }, text: '@example' },
      ]);
      assert.deepEqual(activity.channelData.message.emojis, event.message.emojis);
    });

    it('maps a mention of the bot itself to the recipient id', () => {
      const activity = map(
        textMessageEvent({
          source: groupSource(),
          message: { text: '@Support Bot where is my parcel?', mention: { mentionees: [{ type: 'user', index: 0, length: 12, isSelf: true }] } },
        }),
      );
      assert.deepEqual(activity.entities, [
        { type: 'mention', mentioned: { id: BOT_USER_ID, name: 'Support Bot', role: 'bot' }, text: '@Support Bot' },
      ]);
    });

    it("uses 'unknown' for a mentioned user who shares no user id", () => {
      const activity = map(
        textMessageEvent({
          source: groupSource(),
          message: { text: 'cc @Hiro', mention: { mentionees: [{ type: 'user', index: 3, length: 5 }] } },
        }),
      );
      assert.deepEqual(activity.entities, [{ type: 'mention', mentioned: { id: 'unknown', name: 'Hiro', role: 'user' }, text: '@Hiro' }]);
    });

    it('maps a quoted message to replyToId', () => {
      const activity = map(textMessageEvent({ message: { quotedMessageId: '530470398177860001' } }));
      assert.equal(activity.replyToId, '530470398177860001');
    });

    it('sets no replyToId or entities for a plain text', () => {
      const activity = map(textMessageEvent());
      assert.ok(!('replyToId' in activity));
      assert.ok(!('entities' in activity));
    });
  });

  describe('media messages', () => {
    it('maps an image stored by LINE to an image attachment on the content API', () => {
      const event = imageMessageEvent();
      const id = event.message.id;
      const activity = map(event);
      assert.equal(activity.type, 'message');
      assert.equal(activity.id, id);
      assert.equal(activity.text, undefined);
      assert.deepEqual(onlyAttachment(activity), {
        contentType: 'image/jpeg',
        name: `${id}.jpg`,
        contentUrl: contentUrlOf(id),
        thumbnailUrl: `${contentUrlOf(id)}/preview`,
        content: {
          lineMessageId: id,
          contentProvider: { type: 'line' },
          imageSet: { id: 'E005D41A7288F41B65593ED38FF6E9834B046AB36A37921A56BC236F13A91855', index: 1, total: 2 },
        },
      });
    });

    it('maps an externally hosted video to its own URLs', () => {
      const event = videoMessageEvent();
      const id = event.message.id;
      assert.deepEqual(onlyAttachment(map(event)), {
        contentType: 'video/mp4',
        name: `${id}.mp4`,
        contentUrl: 'https://media.example.com/videos/original.mp4',
        thumbnailUrl: 'https://media.example.com/videos/preview.jpg',
        content: {
          lineMessageId: id,
          contentProvider: {
            type: 'external',
            originalContentUrl: 'https://media.example.com/videos/original.mp4',
            previewImageUrl: 'https://media.example.com/videos/preview.jpg',
          },
          duration: 60000,
        },
      });
    });

    it('maps a video stored by LINE to the content API and its preview', () => {
      const event = videoMessageEvent({ message: { contentProvider: { type: 'line' } } });
      const attachment = onlyAttachment(map(event));
      assert.equal(attachment.contentUrl, contentUrlOf(event.message.id));
      assert.equal(attachment.thumbnailUrl, `${contentUrlOf(event.message.id)}/preview`);
    });

    it('maps an audio message to an audio/m4a attachment without thumbnail', () => {
      const event = audioMessageEvent();
      const id = event.message.id;
      const activity = map(event);
      assert.equal(activity.text, undefined);
      assert.deepEqual(onlyAttachment(activity), {
        contentType: 'audio/m4a',
        name: `${id}.m4a`,
        contentUrl: contentUrlOf(id),
        content: { lineMessageId: id, contentProvider: { type: 'line' }, duration: 8470 },
      });
    });

    it('maps a file message to an attachment named and typed after the file', () => {
      const event = fileMessageEvent();
      const id = event.message.id;
      const activity = map(event);
      assert.equal(activity.text, undefined);
      assert.deepEqual(onlyAttachment(activity), {
        contentType: 'application/pdf',
        name: 'invoice-2024-11.pdf',
        contentUrl: contentUrlOf(id),
        content: { lineMessageId: id, contentProvider: { type: 'line' }, fileSize: 204812 },
      });
    });

    const fileTypes: ReadonlyArray<[string, string]> = [
      ['contract.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
      ['budget.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      ['photos.zip', 'application/zip'],
      ['notes.txt', 'text/plain'],
      ['SCREENSHOT.PNG', 'image/png'],
      ['receipt.jpg', 'image/jpeg'],
      ['archive.tar.xyz', 'application/octet-stream'],
      ['README', 'application/octet-stream'],
      ['.constructor', 'application/octet-stream'],
    ];
    for (const [fileName, contentType] of fileTypes) {
      it(`guesses ${contentType} for a file named ${fileName}`, () => {
        assert.equal(onlyAttachment(map(fileMessageEvent({ message: { fileName } }))).contentType, contentType);
      });
    }

    it('builds content URLs from a base URL with a trailing slash without doubling it', () => {
      const event = imageMessageEvent();
      const attachment = onlyAttachment(map(event, { ...ctx, dataApiBaseUrl: 'http://127.0.0.1:3999/' }));
      assert.equal(attachment.contentUrl, `http://127.0.0.1:3999/v2/bot/message/${event.message.id}/content`);
    });
  });

  describe('location and sticker messages', () => {
    it('maps a location to text, a GeoCoordinates entity and a value', () => {
      const activity = map(locationMessageEvent());
      assert.equal(activity.type, 'message');
      assert.equal(activity.text, '1-3 Kioicho, Chiyoda-ku, Tokyo, 102-8282, Japan');
      assert.deepEqual(activity.entities, [{ type: 'GeoCoordinates', latitude: 35.67966, longitude: 139.73669, name: 'my location' }]);
      assert.deepEqual(activity.value, {
        title: 'my location',
        address: '1-3 Kioicho, Chiyoda-ku, Tokyo, 102-8282, Japan',
        latitude: 35.67966,
        longitude: 139.73669,
      });
    });

    it('uses the title as text for a location without address, and no text without either', () => {
      const titled = locationMessageEvent();
      delete titled.message.address;
      assert.equal(map(titled).text, 'my location');

      const bare = locationMessageEvent();
      delete bare.message.address;
      delete bare.message.title;
      const activity = map(bare);
      assert.ok(!('text' in activity));
      assert.deepEqual(activity.value, { latitude: 35.67966, longitude: 139.73669 });
      assert.deepEqual(activity.entities, [{ type: 'GeoCoordinates', latitude: 35.67966, longitude: 139.73669 }]);
    });

    it('maps a sticker to a sticker attachment without text', () => {
      const activity = map(stickerMessageEvent());
      assert.equal(activity.text, undefined);
      assert.deepEqual(onlyAttachment(activity), {
        contentType: 'application/vnd.line.sticker+json',
        thumbnailUrl: 'https://stickershop.line-scdn.net/stickershop/v1/sticker/1988/android/sticker.png',
        content: { packageId: '446', stickerId: '1988', stickerResourceType: 'ANIMATION', keywords: ['Moon', 'Smile', 'Happy', 'hi', 'Hello'] },
      });
    });

    it('maps a message sticker with its text', () => {
      const activity = map(messageStickerMessageEvent());
      assert.equal(activity.text, 'See you this weekend!');
      const attachment = onlyAttachment(activity);
      assert.equal(attachment.thumbnailUrl, 'https://stickershop.line-scdn.net/stickershop/v1/sticker/653764904/android/sticker.png');
      assert.deepEqual(attachment.content, {
        packageId: '26162',
        stickerId: '653764904',
        stickerResourceType: 'MESSAGE',
        keywords: ['bear', 'Brown', 'message'],
        text: 'See you this weekend!',
      });
    });

    it('returns undefined for a message type the SDK does not know', () => {
      const event = { ...textMessageEvent(), message: { id: '530470398177861234', type: 'hologram', quoteToken: 'q-1' } };
      assert.equal(lineEventToActivity(event, ctx), undefined);
    });
  });

  describe('postbacks', () => {
    it('maps a datetime-picker postback to a message with text and value', () => {
      const event = postbackEvent();
      const activity = map(event);
      assert.equal(activity.type, 'message');
      assert.equal(activity.id, event.webhookEventId);
      assert.equal(activity.text, 'action=book&storeId=12345');
      assert.deepEqual(activity.value, { data: 'action=book&storeId=12345', params: { datetime: '2024-12-25T10:30' } });
    });

    it('leaves params out when LINE sends none', () => {
      const event = postbackEvent({ postback: { data: 'menu=faq' } });
      delete event.postback.params;
      assert.deepEqual(map(event).value, { data: 'menu=faq' });
    });

    it('keeps rich menu switch params', () => {
      const activity = map(postbackEvent({ postback: { data: 'tab=b', params: { newRichMenuAliasId: 'richmenu-alias-b', status: 'SUCCESS' } } }));
      assert.deepEqual(activity.value, { data: 'tab=b', params: { newRichMenuAliasId: 'richmenu-alias-b', status: 'SUCCESS' } });
    });
  });

  describe('membership of chats', () => {
    it('maps follow to a conversationUpdate adding the user, keeping isUnblocked in channelData', () => {
      const event = followEvent({ follow: { isUnblocked: true } });
      const activity = map(event, { ...ctx, profile });
      assert.equal(activity.type, 'conversationUpdate');
      assert.equal(activity.id, event.webhookEventId);
      assert.deepEqual(activity.membersAdded, [{ id: USER_ID, name: 'Sakura Tanaka', role: 'user', properties: { pictureUrl: profile.pictureUrl } }]);
      assert.ok(!('membersRemoved' in activity));
      assert.equal(activity.channelData.follow.isUnblocked, true);
    });

    it('maps unfollow to a conversationUpdate removing the user', () => {
      const activity = map(unfollowEvent());
      assert.equal(activity.type, 'conversationUpdate');
      assert.deepEqual(activity.membersRemoved, [user]);
      assert.ok(!('membersAdded' in activity));
    });

    it('maps join to a conversationUpdate adding the bot', () => {
      const event = joinEvent();
      const activity = map(event);
      assert.equal(activity.type, 'conversationUpdate');
      assert.equal(activity.id, event.webhookEventId);
      assert.deepEqual(activity.conversation, group);
      assert.deepEqual(activity.from, { id: 'unknown', role: 'user' });
      assert.deepEqual(activity.membersAdded, [bot]);
    });

    it('maps leave to a conversationUpdate removing the bot', () => {
      const activity = map(leaveEvent({ source: roomSource(null) }));
      assert.equal(activity.type, 'conversationUpdate');
      assert.equal(activity.conversation?.id, `default:room:${ROOM_ID}`);
      assert.deepEqual(activity.membersRemoved, [bot]);
    });

    it('maps memberJoined to a conversationUpdate adding the joined users', () => {
      const activity = map(memberJoinedEvent());
      assert.equal(activity.type, 'conversationUpdate');
      assert.deepEqual(activity.membersAdded, [user, { id: OTHER_USER_ID, role: 'user' }]);
    });

    it('maps memberLeft to a conversationUpdate removing the users who left', () => {
      const activity = map(memberLeftEvent());
      assert.equal(activity.type, 'conversationUpdate');
      assert.deepEqual(activity.membersRemoved, [{ id: OTHER_USER_ID, role: 'user' }]);
    });
  });

  describe('changes to sent messages', () => {
    it('maps unsend to a messageDelete of the unsent message', () => {
      const event = unsendEvent({ unsend: { messageId: '530470398177865555' } });
      const activity = map(event);
      assert.equal(activity.type, 'messageDelete');
      assert.equal(activity.id, '530470398177865555');
      assert.deepEqual(activity.conversation, group);
      assert.deepEqual(activity.from, user);
    });

    it('maps messageEdited to a messageUpdate with the new text', () => {
      const event = messageEditedEvent({ message: { id: '530470398177867777', text: 'Meeting at 4 pm instead' } });
      const activity = map(event);
      assert.equal(activity.type, 'messageUpdate');
      assert.equal(activity.id, '530470398177867777');
      assert.equal(activity.text, 'Meeting at 4 pm instead');
      assert.deepEqual(activity.conversation, group);
    });
  });

  describe('other known events', () => {
    it('maps videoPlayComplete to an event carrying the trackingId', () => {
      const event = videoPlayCompleteEvent();
      const activity = map(event);
      assert.equal(activity.type, 'event');
      assert.equal(activity.name, 'videoPlayComplete');
      assert.equal(activity.id, event.webhookEventId);
      assert.deepEqual(activity.value, { trackingId: 'track-id-tutorial-01' });
      assert.deepEqual(activity.conversation, personal);
    });

    it('maps beacon to an event carrying the beacon', () => {
      const activity = map(beaconEvent({ beacon: { type: 'banner', dm: '1234567890abcdef' } }));
      assert.equal(activity.type, 'event');
      assert.equal(activity.name, 'beacon');
      assert.deepEqual(activity.value, { hwid: 'd41d8cd98f', type: 'banner', dm: '1234567890abcdef' });
    });

    it('maps accountLink to an event carrying the link result', () => {
      const activity = map(accountLinkEvent());
      assert.equal(activity.name, 'accountLink');
      assert.deepEqual(activity.value, { result: 'ok', nonce: 'fbQ0mBTPgHoPyy1HyxF2JsoWhDvGNnwq' });
    });

    it('maps membership to an event carrying the membership', () => {
      const activity = map(membershipEvent({ membership: { type: 'renewed', membershipId: 42 } }));
      assert.equal(activity.type, 'event');
      assert.equal(activity.name, 'membership');
      assert.deepEqual(activity.value, { type: 'renewed', membershipId: 42 });
    });

    it('maps activated to an event carrying chatControl', () => {
      const activity = map(activatedEvent());
      assert.equal(activity.name, 'activated');
      assert.deepEqual(activity.value, { expireAt: EVENT_TIMESTAMP + 3_600_000 });
    });

    it('maps deactivated to an event with an empty value', () => {
      const activity = map(deactivatedEvent());
      assert.equal(activity.type, 'event');
      assert.equal(activity.name, 'deactivated');
      assert.deepEqual(activity.value, {});
    });

    it('maps delivery to an event carrying the delivery', () => {
      const activity = map(deliveryEvent());
      assert.equal(activity.name, 'delivery');
      assert.deepEqual(activity.value, { data: 'd41d8cd98f00b204e9800998ecf8427e1c2b3a4d5e6f708192a3b4c5d6e7f809' });
    });

    it('maps module to an event when it has a source, and to undefined as LINE sends it (no source)', () => {
      assert.equal(lineEventToActivity(moduleEvent(), ctx), undefined);
      const activity = map(moduleEvent({ source: userSource() }));
      assert.equal(activity.name, 'module');
      assert.deepEqual(activity.value, { type: 'attached', botId: BOT_USER_ID, scopes: ['message:send', 'message:receive'] });
    });

    it('maps botSuspended and botResumed to events with empty values when they have a source, else undefined', () => {
      assert.equal(lineEventToActivity(botSuspendedEvent(), ctx), undefined);
      assert.equal(lineEventToActivity(botResumedEvent(), ctx), undefined);
      const suspended = map(botSuspendedEvent({ source: userSource() }));
      const resumed = map(botResumedEvent({ source: userSource() }));
      assert.deepEqual([suspended.type, suspended.name, suspended.value], ['event', 'botSuspended', {}]);
      assert.deepEqual([resumed.type, resumed.name, resumed.value], ['event', 'botResumed', {}]);
    });
  });

  describe('odd input', () => {
    it('returns undefined for an event type the SDK does not know', () => {
      assert.equal(lineEventToActivity(unknownTypeEvent(), ctx), undefined);
      assert.equal(lineEventToActivity(unknownTypeEvent('toString'), ctx), undefined);
    });

    it('returns undefined for a message event without a message', () => {
      const { message: _omitted, ...event } = textMessageEvent();
      assert.equal(lineEventToActivity(event, ctx), undefined);
      assert.equal(lineEventToActivity({ ...textMessageEvent(), message: null }, ctx), undefined);
    });

    it('returns undefined for an unsend without messageId', () => {
      assert.equal(lineEventToActivity({ ...unsendEvent(), unsend: {} }, ctx), undefined);
    });

    it('yields an empty members list for a memberJoined without members', () => {
      const activity = map({ ...memberJoinedEvent(), joined: { members: [{ type: 'user' }, 'U1'] } });
      assert.deepEqual(activity.membersAdded, []);
    });

    it('yields an empty postback for a postback without content', () => {
      const activity = map({ ...postbackEvent(), postback: 'storeId=1' });
      assert.equal(activity.text, '');
      assert.deepEqual(activity.value, { data: '' });
    });

    it('yields an empty text for a text message without text and ignores malformed mentions', () => {
      const event = { ...textMessageEvent(), message: { id: '530470398177869999', type: 'text', mention: { mentionees: [null, { type: 'all' }] } } };
      const activity = map(event);
      assert.equal(activity.text, '');
      assert.deepEqual(activity.entities, [{ type: 'mention', mentioned: { id: 'all', role: 'user' }, text: '' }]);
    });

    it('never throws on malformed events', () => {
      const malformed: Array<{ type: string; [k: string]: unknown }> = [
        { type: 'message' },
        { type: 'message', source: 'U4af4980629d3f6e1a7b0c2d5e8f91a3b', message: { type: 'text', text: 'x' } },
        { type: 'message', source: null, message: { type: 'text', text: 'x' } },
        { ...imageMessageEvent(), message: { type: 'image' } },
        { ...fileMessageEvent(), message: { type: 'file', id: '1', fileName: 42 } },
        { ...videoMessageEvent(), message: { type: 'video', id: '2', contentProvider: { type: 'external' } } },
        { ...stickerMessageEvent(), message: { type: 'sticker', id: '3' } },
        { ...locationMessageEvent(), message: { type: 'location', id: '4' } },
        { ...messageEditedEvent(), message: 'edited' },
        { ...memberLeftEvent(), left: null },
        { ...beaconEvent(), beacon: 'enter' },
        { ...followEvent(), follow: undefined, webhookEventId: 7 },
      ];
      for (const event of malformed) {
        assert.doesNotThrow(() => lineEventToActivity(event, ctx), JSON.stringify(event));
      }
      const results = malformed.map((event) => lineEventToActivity(event, ctx)?.type);
      assert.deepEqual(results, [
        undefined,
        undefined,
        undefined,
        undefined,
        'message',
        'message',
        'message',
        undefined,
        undefined,
        'conversationUpdate',
        'event',
        'conversationUpdate',
      ]);
    });
  });
});
