import assert from 'node:assert/strict';
import type { messagingApi } from '@line/bot-sdk';
import { ActivityTypes, CardFactory, MessageFactory, type Activity, type Attachment, type CardAction } from 'botbuilder';
import { activityToLineMessages } from '../../../adapters/line/activityToLineMessages.js';
import { LineMessageMappingError, type LineMessageMappingErrorCode } from '../../../adapters/line/lineMessageMappingError.js';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function assertMappingError(run: () => unknown, code: LineMessageMappingErrorCode, field: string): void {
  assert.throws(run, (err: unknown) => {
    assert.ok(err instanceof LineMessageMappingError, `expected a LineMessageMappingError, got ${String(err)}`);
    assert.equal(err.code, code);
    assert.equal(err.field, field);
    return true;
  });
}

function texts(messages: messagingApi.Message[]): string[] {
  return messages.map((message) => {
    assert.equal(message.type, 'text');
    return (message as messagingApi.TextMessage).text;
  });
}

function flexOf(message: messagingApi.Message | undefined): messagingApi.FlexMessage {
  assert.ok(message, 'expected a message');
  assert.equal(message.type, 'flex');
  return message as messagingApi.FlexMessage;
}

function bubbleOf(message: messagingApi.Message | undefined): messagingApi.FlexBubble {
  const { contents } = flexOf(message);
  assert.equal(contents.type, 'bubble');
  return contents as messagingApi.FlexBubble;
}

function footerActions(bubble: messagingApi.FlexBubble): messagingApi.Action[] {
  assert.ok(bubble.footer, 'expected a footer');
  return bubble.footer.contents.map((component) => {
    assert.equal(component.type, 'button');
    return (component as messagingApi.FlexButton).action;
  });
}

function suggested(actions: CardAction[], text = 'Choose one'): Partial<Activity> {
  return { type: ActivityTypes.Message, text, suggestedActions: { to: [], actions } };
}

/** The one LINE action a single suggested action becomes. */
function actionOf(action: CardAction): messagingApi.Action | undefined {
  const [message] = activityToLineMessages(suggested([action]));
  return message?.quickReply?.items?.[0]?.action;
}

function heroCards(count: number): Attachment[] {
  return Array.from({ length: count }, (_, i) => CardFactory.heroCard(`Card ${i + 1}`, [`https://cdn.example.com/${i + 1}.png`], ['Pick']));
}

describe('activityToLineMessages', () => {
  describe('activity types', () => {
    it('maps a plain text message to one text message', () => {
      assert.deepEqual(activityToLineMessages(MessageFactory.text('Hello, how can I help?')), [
        { type: 'text', text: 'Hello, how can I help?' },
      ]);
    });

    it('treats an activity without a type as a message, as TurnContext does', () => {
      assert.deepEqual(activityToLineMessages({ text: 'hi' }), [{ type: 'text', text: 'hi' }]);
    });

    it('returns [] for typing and other non-message activities', () => {
      assert.deepEqual(activityToLineMessages({ type: ActivityTypes.Typing }), []);
      assert.deepEqual(activityToLineMessages({ type: ActivityTypes.Event, name: 'handoff', text: 'ignored' }), []);
      assert.deepEqual(activityToLineMessages({ type: ActivityTypes.EndOfConversation, text: 'bye' }), []);
    });

    it('returns [] for empty or whitespace-only text without attachments', () => {
      assert.deepEqual(activityToLineMessages({ type: 'message', text: '' }), []);
      assert.deepEqual(activityToLineMessages({ type: 'message', text: ' \n\t ' }), []);
      assert.deepEqual(activityToLineMessages({ type: 'message' }), []);
    });

    it('drops whitespace-only text but keeps the attachments', () => {
      const activity = MessageFactory.contentUrl('https://cdn.example.com/a.jpg', 'image/jpeg', undefined, '   ');
      assert.deepEqual(activityToLineMessages(activity), [
        { type: 'image', originalContentUrl: 'https://cdn.example.com/a.jpg', previewImageUrl: 'https://cdn.example.com/a.jpg' },
      ]);
    });
  });

  describe('text splitting', () => {
    it('keeps a text of exactly 5,000 characters in one message', () => {
      const text = 'x'.repeat(5000);
      assert.deepEqual(texts(activityToLineMessages({ type: 'message', text })), [text]);
    });

    it('splits 12,000 characters into 3 messages of at most 5,000 that join back to the original', () => {
      const text = 'lorem ipsum dolor sit amet, '.repeat(500).slice(0, 12_000);
      assert.equal(text.length, 12_000);
      const parts = texts(activityToLineMessages({ type: 'message', text }));
      assert.equal(parts.length, 3);
      for (const part of parts) assert.ok(part.length <= 5000, `part of ${part.length} characters`);
      assert.equal(parts.join(''), text);
    });

    it('prefers breaking after a newline over a later space', () => {
      const first = `${'a '.repeat(2000)}end of paragraph\n`;
      const text = `${first}${'b '.repeat(2000)}`;
      const parts = texts(activityToLineMessages({ type: 'message', text }));
      assert.equal(parts.length, 2);
      assert.equal(parts[0], first);
      assert.equal(parts.join(''), text);
    });

    it('breaks at whitespace rather than inside a word', () => {
      const text = `${'word '.repeat(999)}abcdefghij${'x'.repeat(100)}`;
      const parts = texts(activityToLineMessages({ type: 'message', text }));
      assert.equal(parts.length, 2);
      assert.equal(parts[0], 'word '.repeat(999));
      assert.ok(parts[1]?.startsWith('abcdefghij'));
    });

    it('never splits a surrogate pair at the 5,000 boundary', () => {
      // The emoji occupies code units 4999 and 5000: a naive cut at 5000 would split it.
      const text = `${'a'.repeat(4999)}😀${'b'.repeat(100)}`;
      const parts = texts(activityToLineMessages({ type: 'message', text }));
      assert.equal(parts.length, 2);
      assert.equal(parts[0], 'a'.repeat(4999));
      assert.equal(parts[1], `😀${'b'.repeat(100)}`);
      for (const part of parts) assert.doesNotMatch(part, LONE_SURROGATE);
      assert.equal(parts.join(''), text);
    });

    it('keeps a long run of emoji intact across several messages', () => {
      const text = '🍣'.repeat(6000);
      const parts = texts(activityToLineMessages({ type: 'message', text }));
      assert.equal(parts.length, 3);
      for (const part of parts) {
        assert.ok(part.length <= 5000);
        assert.doesNotMatch(part, LONE_SURROGATE);
      }
      assert.equal(parts.join(''), text);
    });

    it('does not split a ZWJ emoji sequence', () => {
      const family = '👨‍👩‍👧';
      const text = `${'a'.repeat(4997)}${family}tail`;
      const parts = texts(activityToLineMessages({ type: 'message', text }));
      assert.equal(parts[0], 'a'.repeat(4997));
      assert.equal(parts[1], `${family}tail`);
    });

    it('breaks Japanese text without spaces after a full stop', () => {
      const sentence = 'お問い合わせありがとうございます。';
      const text = sentence.repeat(400);
      const parts = texts(activityToLineMessages({ type: 'message', text }));
      assert.ok(parts.length >= 2);
      for (const part of parts) {
        assert.ok(part.length <= 5000);
        assert.ok(part.endsWith('。'), 'each part ends at a sentence end');
      }
      assert.equal(parts.join(''), text);
    });
  });

  describe('suggested actions', () => {
    it('become the quick reply of the last message only', () => {
      const activity: Partial<Activity> = {
        ...MessageFactory.suggestedActions(['Yes', 'No'], 'Here is the photo'),
        attachments: [{ contentType: 'image/png', contentUrl: 'https://cdn.example.com/p.png' }],
      };
      const messages = activityToLineMessages(activity);
      assert.equal(messages.length, 2);
      assert.equal(messages[0]?.quickReply, undefined);
      assert.deepEqual(messages[1]?.quickReply, {
        items: [
          { type: 'action', action: { type: 'message', label: 'Yes', text: 'Yes' } },
          { type: 'action', action: { type: 'message', label: 'No', text: 'No' } },
        ],
      });
    });

    it('keep the first 13 of 20 actions', () => {
      const titles = Array.from({ length: 20 }, (_, i) => `Option ${i + 1}`);
      const [message] = activityToLineMessages(MessageFactory.suggestedActions(titles, 'Pick one'));
      const items = message?.quickReply?.items ?? [];
      assert.equal(items.length, 13);
      assert.deepEqual(
        items.map((item) => item.action?.label),
        titles.slice(0, 13),
      );
    });

    it('put the quick reply on the last part of a split text', () => {
      const messages = activityToLineMessages(suggested([{ type: 'imBack', title: 'OK', value: 'ok' }], 'z '.repeat(3000)));
      assert.equal(messages.length, 2);
      assert.equal(messages[0]?.quickReply, undefined);
      assert.equal(messages[1]?.quickReply?.items?.length, 1);
    });

    it('use the action image as imageUrl only when it is HTTPS', () => {
      const [message] = activityToLineMessages(
        suggested([
          { type: 'imBack', title: 'Sushi', value: 'sushi', image: 'https://cdn.example.com/sushi.png' },
          { type: 'imBack', title: 'Ramen', value: 'ramen', image: 'http://cdn.example.com/ramen.png' },
        ]),
      );
      const items = message?.quickReply?.items ?? [];
      assert.equal(items[0]?.imageUrl, 'https://cdn.example.com/sushi.png');
      assert.equal(items[1]?.imageUrl, undefined);
      assert.ok(items[1] && !('imageUrl' in items[1]));
    });

    it('add no quick reply when the action list is empty', () => {
      const [message] = activityToLineMessages(suggested([]));
      assert.ok(message && !('quickReply' in message));
    });

    it('throw when there is no message to carry them', () => {
      assertMappingError(() => activityToLineMessages(suggested([{ type: 'imBack', title: 'A', value: 'a' }], '')), 'quick_reply_without_message', 'suggestedActions');
    });

    it('do not mutate the activity', () => {
      const activity = suggested([{ type: 'imBack', title: 'A', value: 'a' }], 'Hi');
      const before = structuredClone(activity);
      activityToLineMessages(activity);
      assert.deepEqual(activity, before);
    });
  });

  describe('card actions', () => {
    it('imBack → message action with the value as text', () => {
      assert.deepEqual(actionOf({ type: 'imBack', title: 'Track order', value: 'track my order' }), {
        type: 'message',
        label: 'Track order',
        text: 'track my order',
      });
    });

    it('postBack → postback action with the value as data', () => {
      assert.deepEqual(actionOf({ type: 'postBack', title: 'Refund', value: 'action=refund&id=42' }), {
        type: 'postback',
        label: 'Refund',
        data: 'action=refund&id=42',
      });
      assert.deepEqual(actionOf({ type: 'postBack', title: 'Seven', value: 7 }), { type: 'postback', label: 'Seven', data: '7' });
    });

    it('messageBack → postback with JSON data and displayText', () => {
      assert.deepEqual(
        actionOf({ type: 'messageBack', title: 'Rate 5', text: 'rate', displayText: '★★★★★', value: { rating: 5 } }),
        { type: 'postback', label: 'Rate 5', data: '{"rating":5}', displayText: '★★★★★' },
      );
      assert.deepEqual(actionOf({ type: 'messageBack', title: 'Help', text: 'help', value: undefined }), {
        type: 'postback',
        label: 'Help',
        data: 'help',
        displayText: 'help',
      });
    });

    it('openUrl → uri action; call → tel: uri', () => {
      assert.deepEqual(actionOf({ type: 'openUrl', title: 'Open', value: 'https://example.com/faq' }), {
        type: 'uri',
        label: 'Open',
        uri: 'https://example.com/faq',
      });
      assert.deepEqual(actionOf({ type: 'openUrl', title: 'Add friend', value: 'line://ti/p/@example' }), {
        type: 'uri',
        label: 'Add friend',
        uri: 'line://ti/p/@example',
      });
      assert.deepEqual(actionOf({ type: 'call', title: 'Call us', value: '+81 3 1234 5678' }), {
        type: 'uri',
        label: 'Call us',
        uri: 'tel:+81312345678',
      });
      assert.deepEqual(actionOf({ type: 'call', title: 'Call', value: 'tel:0120123456' }), { type: 'uri', label: 'Call', uri: 'tel:0120123456' });
    });

    it('openUrl with a scheme LINE cannot open → invalid_url', () => {
      assertMappingError(
        () => actionOf({ type: 'openUrl', title: 'FTP', value: 'ftp://example.com/file' }),
        'invalid_url',
        'suggestedActions.actions[0].value',
      );
      assertMappingError(() => actionOf({ type: 'openUrl', title: 'JS', value: 'javascript:alert(1)' }), 'invalid_url', 'suggestedActions.actions[0].value');
    });

    it('other action types → message action with the title', () => {
      assert.deepEqual(actionOf({ type: 'showImage', title: 'See photo', value: 'https://cdn.example.com/a.png' }), {
        type: 'message',
        label: 'See photo',
        text: 'See photo',
      });
    });

    it('truncates labels to 20 characters with an ellipsis', () => {
      const action = actionOf({ type: 'imBack', title: 'Talk to a human agent please', value: 'agent' });
      assert.equal(action?.label, 'Talk to a human age…');
      assert.equal(action?.label?.length, 20);
      assert.equal(actionOf({ type: 'imBack', title: 'x'.repeat(20), value: 'x' })?.label, 'x'.repeat(20));
    });

    it('does not split an emoji when truncating a label', () => {
      const label = actionOf({ type: 'imBack', title: `${'a'.repeat(18)}😀😀`, value: 'x' })?.label ?? '';
      assert.equal(label, `${'a'.repeat(18)}…`);
      assert.doesNotMatch(label, LONE_SURROGATE);
    });

    it('falls back to the value for a missing title, and throws when nothing can be the label', () => {
      assert.deepEqual(actionOf({ type: 'imBack', title: '', value: 'yes' }), { type: 'message', label: 'yes', text: 'yes' });
      assertMappingError(() => actionOf({ type: 'postBack', title: '', value: null }), 'missing_label', 'suggestedActions.actions[0].title');
    });

    it('accepts postback data of 300 characters and rejects 301', () => {
      assert.equal((actionOf({ type: 'postBack', title: 'Go', value: 'd'.repeat(300) }) as messagingApi.PostbackAction).data?.length, 300);
      assertMappingError(
        () => actionOf({ type: 'postBack', title: 'Go', value: 'd'.repeat(301) }),
        'postback_data_too_long',
        'suggestedActions.actions[0].value',
      );
    });

    it('rejects messageBack values whose JSON is too long for postback data', () => {
      assertMappingError(
        () => actionOf({ type: 'messageBack', title: 'Go', text: 'go', value: { blob: 'z'.repeat(300) } }),
        'postback_data_too_long',
        'suggestedActions.actions[0].value',
      );
    });

    it('rejects message action text above 300 characters', () => {
      assertMappingError(() => actionOf({ type: 'imBack', title: 'Long', value: 'q'.repeat(301) }), 'action_text_too_long', 'suggestedActions.actions[0].value');
    });
  });

  describe('hero and thumbnail cards', () => {
    it('map a hero card to a flex bubble with hero image, title, subtitle, text and button footer', () => {
      const card = CardFactory.heroCard(
        'Premium plan',
        'Unlimited chats and priority support.',
        ['https://cdn.example.com/premium.png'],
        [
          { type: 'imBack', title: 'Choose', value: 'choose premium' },
          { type: 'postBack', title: 'Details', value: 'plan=premium' },
          { type: 'openUrl', title: 'Website', value: 'https://example.com/plans' },
        ],
        { subtitle: '¥1,200 / month' },
      );
      const messages = activityToLineMessages(MessageFactory.attachment(card));
      assert.equal(messages.length, 1);
      const flex = flexOf(messages[0]);
      assert.equal(flex.altText, 'Premium plan');
      assert.deepEqual(flex.contents, {
        type: 'bubble',
        hero: { type: 'image', url: 'https://cdn.example.com/premium.png', size: 'full', aspectRatio: '20:13', aspectMode: 'cover' },
        body: {
          type: 'box',
          layout: 'vertical',
          contents: [
            { type: 'text', text: 'Premium plan', weight: 'bold', size: 'lg', wrap: true },
            { type: 'text', text: '¥1,200 / month', size: 'sm', color: '#888888', wrap: true },
            { type: 'text', text: 'Unlimited chats and priority support.', size: 'sm', wrap: true, margin: 'md' },
          ],
        },
        footer: {
          type: 'box',
          layout: 'vertical',
          spacing: 'sm',
          contents: [
            { type: 'button', style: 'link', height: 'sm', action: { type: 'message', label: 'Choose', text: 'choose premium' } },
            { type: 'button', style: 'link', height: 'sm', action: { type: 'postback', label: 'Details', data: 'plan=premium' } },
            { type: 'button', style: 'link', height: 'sm', action: { type: 'uri', label: 'Website', uri: 'https://example.com/plans' } },
          ],
        },
      });
    });

    it('comes after the text, in order', () => {
      const messages = activityToLineMessages(MessageFactory.attachment(CardFactory.heroCard('Card'), 'Intro'));
      assert.deepEqual(
        messages.map((message) => message.type),
        ['text', 'flex'],
      );
    });

    it('leaves out a non-HTTPS image instead of failing', () => {
      const bubble = bubbleOf(activityToLineMessages(MessageFactory.attachment(CardFactory.heroCard('Old', ['http://cdn.example.com/a.png'])))[0]);
      assert.equal(bubble.hero, undefined);
      assert.ok(bubble.body);
    });

    it('maps the card tap to the bubble action', () => {
      const card = CardFactory.heroCard('Tap me', [], [], { tap: { type: 'openUrl', title: '', value: 'https://example.com' } });
      const bubble = bubbleOf(activityToLineMessages(MessageFactory.attachment(card))[0]);
      assert.deepEqual(bubble.action, { type: 'uri', uri: 'https://example.com' });
    });

    it('maps a thumbnail card to a bubble with a square image', () => {
      const card = CardFactory.thumbnailCard('Order #42', 'Shipped', ['https://cdn.example.com/box.png'], ['Track']);
      const bubble = bubbleOf(activityToLineMessages(MessageFactory.attachment(card))[0]);
      const hero = bubble.hero as messagingApi.FlexImage;
      assert.equal(hero.url, 'https://cdn.example.com/box.png');
      assert.equal(hero.aspectRatio, '1:1');
      assert.deepEqual(footerActions(bubble), [{ type: 'message', label: 'Track', text: 'Track' }]);
    });

    it('uses the text as alt text when there is no title, truncates it to 400, and never leaves it empty', () => {
      const noTitle = activityToLineMessages(MessageFactory.attachment(CardFactory.heroCard('', 'Only text', [], [])));
      assert.equal(flexOf(noTitle[0]).altText, 'Only text');

      const long = activityToLineMessages(MessageFactory.attachment(CardFactory.heroCard('T'.repeat(1000))));
      const altText = flexOf(long[0]).altText;
      assert.equal(altText.length, 400);
      assert.ok(altText.endsWith('…'));

      const buttonsOnly = activityToLineMessages(MessageFactory.attachment(CardFactory.heroCard('', [], ['Yes', 'No'])));
      assert.ok(flexOf(buttonsOnly[0]).altText.length > 0);
      assert.equal(bubbleOf(buttonsOnly[0]).body, undefined);
    });

    it('rejects a card with nothing to show', () => {
      assertMappingError(() => activityToLineMessages(MessageFactory.attachment(CardFactory.heroCard(''))), 'empty_card', 'attachments[0].content');
    });

    it('rejects a button without a label, naming it', () => {
      const card = CardFactory.heroCard('Card', [], [{ type: 'postBack', title: '', value: undefined }]);
      assertMappingError(() => activityToLineMessages(MessageFactory.attachment(card)), 'missing_label', 'attachments[0].content.buttons[0].title');
    });

    it('rejects postback data above 300 characters in a card button', () => {
      const card = CardFactory.heroCard('Card', [], [{ type: 'postBack', title: 'Go', value: 'p'.repeat(301) }]);
      assertMappingError(
        () => activityToLineMessages(MessageFactory.attachment(card)),
        'postback_data_too_long',
        'attachments[0].content.buttons[0].value',
      );
    });
  });

  describe('carousels and lists', () => {
    it('maps 3 hero cards in carousel layout to one flex carousel', () => {
      const messages = activityToLineMessages(MessageFactory.carousel(heroCards(3)));
      assert.equal(messages.length, 1);
      const flex = flexOf(messages[0]);
      assert.equal(flex.contents.type, 'carousel');
      const carousel = flex.contents as messagingApi.FlexCarousel;
      assert.equal(carousel.contents.length, 3);
      assert.deepEqual(
        carousel.contents.map((bubble) => (bubble.hero as messagingApi.FlexImage).url),
        ['https://cdn.example.com/1.png', 'https://cdn.example.com/2.png', 'https://cdn.example.com/3.png'],
      );
      assert.equal(flex.altText, 'Card 1\nCard 2\nCard 3');
    });

    it('splits 13 cards into 2 carousels of 12 and 1', () => {
      const messages = activityToLineMessages(MessageFactory.carousel(heroCards(13)));
      assert.equal(messages.length, 2);
      const sizes = messages.map((message) => (flexOf(message).contents as messagingApi.FlexCarousel).contents.length);
      assert.deepEqual(sizes, [12, 1]);
      for (const message of messages) assert.equal(flexOf(message).contents.type, 'carousel');
    });

    it('sends each card as its own bubble with list layout', () => {
      const messages = activityToLineMessages(MessageFactory.list(heroCards(3)));
      assert.equal(messages.length, 3);
      for (const message of messages) assert.equal(bubbleOf(message).type, 'bubble');
    });

    it('sends a single card in carousel layout as a bubble', () => {
      const messages = activityToLineMessages(MessageFactory.carousel(heroCards(1)));
      assert.equal(bubbleOf(messages[0]).type, 'bubble');
    });

    it('keeps the attachment order when a carousel is interrupted by another attachment', () => {
      const [a, b, c] = heroCards(3);
      assert.ok(a && b && c);
      const image: Attachment = { contentType: 'image/jpeg', contentUrl: 'https://cdn.example.com/x.jpg' };
      const messages = activityToLineMessages(MessageFactory.carousel([a, b, image, c]));
      assert.deepEqual(
        messages.map((message) => (message.type === 'flex' ? message.contents.type : message.type)),
        ['carousel', 'image', 'bubble'],
      );
    });
  });

  describe('media attachments', () => {
    it('maps an image, using thumbnailUrl as preview when given', () => {
      const activity: Partial<Activity> = {
        type: 'message',
        attachments: [
          { contentType: 'image/jpeg', contentUrl: 'https://cdn.example.com/a.jpg', thumbnailUrl: 'https://cdn.example.com/a_s.jpg' },
          { contentType: 'image/png', contentUrl: 'https://cdn.example.com/b.png' },
        ],
      };
      assert.deepEqual(activityToLineMessages(activity), [
        { type: 'image', originalContentUrl: 'https://cdn.example.com/a.jpg', previewImageUrl: 'https://cdn.example.com/a_s.jpg' },
        { type: 'image', originalContentUrl: 'https://cdn.example.com/b.png', previewImageUrl: 'https://cdn.example.com/b.png' },
      ]);
    });

    it('maps a video with its thumbnail as preview', () => {
      const attachment: Attachment = {
        contentType: 'video/mp4',
        contentUrl: 'https://cdn.example.com/howto.mp4',
        thumbnailUrl: 'https://cdn.example.com/howto.jpg',
      };
      assert.deepEqual(activityToLineMessages(MessageFactory.attachment(attachment)), [
        { type: 'video', originalContentUrl: 'https://cdn.example.com/howto.mp4', previewImageUrl: 'https://cdn.example.com/howto.jpg' },
      ]);
    });

    it('rejects a video without a thumbnail', () => {
      assertMappingError(
        () => activityToLineMessages(MessageFactory.contentUrl('https://cdn.example.com/howto.mp4', 'video/mp4')),
        'missing_preview_image',
        'attachments[0].thumbnailUrl',
      );
    });

    it('maps audio with its duration, defaulting to 60 seconds', () => {
      const activity: Partial<Activity> = {
        type: 'message',
        attachments: [
          { contentType: 'audio/m4a', contentUrl: 'https://cdn.example.com/a.m4a', content: { duration: 12_345 } },
          { contentType: 'audio/mpeg', contentUrl: 'https://cdn.example.com/b.mp3' },
        ],
      };
      assert.deepEqual(activityToLineMessages(activity), [
        { type: 'audio', originalContentUrl: 'https://cdn.example.com/a.m4a', duration: 12_345 },
        { type: 'audio', originalContentUrl: 'https://cdn.example.com/b.mp3', duration: 60_000 },
      ]);
    });

    it('rejects http:// media, naming the field', () => {
      assertMappingError(
        () => activityToLineMessages(MessageFactory.contentUrl('http://cdn.example.com/a.jpg', 'image/jpeg')),
        'insecure_url',
        'attachments[0].contentUrl',
      );
      assertMappingError(
        () =>
          activityToLineMessages({
            type: 'message',
            text: 'see',
            attachments: [
              { contentType: 'image/png', contentUrl: 'https://cdn.example.com/ok.png' },
              { contentType: 'video/mp4', contentUrl: 'https://cdn.example.com/v.mp4', thumbnailUrl: 'http://cdn.example.com/v.jpg' },
            ],
          }),
        'insecure_url',
        'attachments[1].thumbnailUrl',
      );
      assertMappingError(
        () => activityToLineMessages(MessageFactory.contentUrl('http://cdn.example.com/a.mp3', 'audio/mpeg')),
        'insecure_url',
        'attachments[0].contentUrl',
      );
    });

    it('rejects media without a URL (e.g. inline data)', () => {
      assertMappingError(
        () => activityToLineMessages(MessageFactory.attachment({ contentType: 'image/png', content: 'iVBORw0KGgo=' })),
        'invalid_url',
        'attachments[0].contentUrl',
      );
      assertMappingError(
        () => activityToLineMessages(MessageFactory.contentUrl('data:image/png;base64,iVBORw0KGgo=', 'image/png')),
        'insecure_url',
        'attachments[0].contentUrl',
      );
    });
  });

  describe('files, stickers and other attachments', () => {
    it('sends a file as a text message with its link', () => {
      const activity = MessageFactory.contentUrl('https://files.example.com/invoices/2026-11.pdf', 'application/pdf', 'Invoice November.pdf');
      assert.deepEqual(activityToLineMessages(activity), [
        { type: 'text', text: '📎 Invoice November.pdf\nhttps://files.example.com/invoices/2026-11.pdf' },
      ]);
    });

    it('names a file after its URL when it has no name', () => {
      const activity = MessageFactory.contentUrl('https://files.example.com/docs/terms%20of%20use.pdf', 'application/pdf');
      assert.deepEqual(texts(activityToLineMessages(activity)), ['📎 terms of use.pdf\nhttps://files.example.com/docs/terms%20of%20use.pdf']);
    });

    it('rejects a file link that is not HTTPS', () => {
      assertMappingError(
        () => activityToLineMessages(MessageFactory.contentUrl('http://files.example.com/a.pdf', 'application/pdf', 'a.pdf')),
        'insecure_url',
        'attachments[0].contentUrl',
      );
    });

    it('maps a LINE sticker attachment to a sticker message', () => {
      const activity = MessageFactory.attachment({ contentType: 'application/vnd.line.sticker+json', content: { packageId: '446', stickerId: 1988 } });
      assert.deepEqual(activityToLineMessages(activity), [{ type: 'sticker', packageId: '446', stickerId: '1988' }]);
    });

    it('rejects a sticker attachment without ids', () => {
      assertMappingError(
        () => activityToLineMessages(MessageFactory.attachment({ contentType: 'application/vnd.line.sticker+json', content: { packageId: '446' } })),
        'invalid_attachment',
        'attachments[0].content.stickerId',
      );
    });

    it('sends an adaptive card as its fallback text', () => {
      const card = CardFactory.adaptiveCard({
        type: 'AdaptiveCard',
        version: '1.5',
        body: [{ type: 'TextBlock', text: 'Your order shipped' }],
        fallbackText: 'Your order shipped. Track it at https://example.com/t/42',
      });
      assert.deepEqual(activityToLineMessages(MessageFactory.attachment(card)), [
        { type: 'text', text: 'Your order shipped. Track it at https://example.com/t/42' },
      ]);
    });

    it('rejects an adaptive card without fallback text as unsupported_attachment', () => {
      const card = CardFactory.adaptiveCard({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'Hi' }] });
      assertMappingError(() => activityToLineMessages(MessageFactory.attachment(card)), 'unsupported_attachment', 'attachments[0].contentType');
    });
  });

  describe('native LINE messages in channelData', () => {
    const sticker: messagingApi.StickerMessage = { type: 'sticker', packageId: '446', stickerId: '1988' };
    const flex: messagingApi.FlexMessage = {
      type: 'flex',
      altText: 'Receipt',
      contents: { type: 'bubble', body: { type: 'box', layout: 'vertical', contents: [{ type: 'text', text: 'Total ¥3,200' }] } },
    };

    it('sends a single LINE message object as is, ignoring text and attachments', () => {
      const activity: Partial<Activity> = {
        type: 'message',
        text: 'fallback for other channels',
        attachments: [{ contentType: 'image/png', contentUrl: 'http://not-even-https.example.com/a.png' }],
        channelData: sticker,
      };
      assert.deepEqual(activityToLineMessages(activity), [sticker]);
    });

    it('sends an array of LINE messages as is', () => {
      assert.deepEqual(activityToLineMessages({ type: 'message', text: 'x', channelData: [sticker, flex] }), [sticker, flex]);
    });

    it('sends { lineMessages: [...] } as is', () => {
      assert.deepEqual(activityToLineMessages({ type: 'message', channelData: { lineMessages: [flex, sticker] } }), [flex, sticker]);
    });

    it('adds suggested actions as the quick reply of the last native message without mutating it', () => {
      const activity: Partial<Activity> = {
        ...suggested([{ type: 'postBack', title: 'Receipt', value: 'receipt' }], 'ignored'),
        channelData: [sticker, flex],
      };
      const messages = activityToLineMessages(activity);
      assert.equal(messages.length, 2);
      assert.equal(messages[0], sticker);
      assert.deepEqual(messages[1], {
        ...flex,
        quickReply: { items: [{ type: 'action', action: { type: 'postback', label: 'Receipt', data: 'receipt' } }] },
      });
      assert.equal(flex.quickReply, undefined);
    });

    it('keeps a quick reply the native message already has', () => {
      const ownQuickReply: messagingApi.QuickReply = { items: [{ type: 'action', action: { type: 'location', label: 'Send location' } }] };
      const message: messagingApi.TextMessage = { type: 'text', text: 'Where are you?', quickReply: ownQuickReply };
      const [sent] = activityToLineMessages({ ...suggested([{ type: 'imBack', title: 'A', value: 'a' }]), channelData: message });
      assert.equal(sent?.quickReply, ownQuickReply);
    });

    it('ignores channelData that is not a LINE message', () => {
      const activity: Partial<Activity> = { type: 'message', text: 'hello', channelData: { notification: { alert: true } } };
      assert.deepEqual(activityToLineMessages(activity), [{ type: 'text', text: 'hello' }]);
      assert.deepEqual(activityToLineMessages({ type: 'message', text: 'hello', channelData: [{ foo: 1 }] }), [{ type: 'text', text: 'hello' }]);
      // An inbound LINE event (type "message") is not a sendable message.
      assert.deepEqual(activityToLineMessages({ type: 'message', text: 'hello', channelData: { type: 'message', message: { type: 'text' } } }), [
        { type: 'text', text: 'hello' },
      ]);
    });

    it('rejects lineMessages holding something other than LINE messages', () => {
      assertMappingError(
        () => activityToLineMessages({ type: 'message', channelData: { lineMessages: [sticker, { type: 'file' }] } }),
        'invalid_channel_data',
        'channelData.lineMessages[1]',
      );
      assertMappingError(
        () => activityToLineMessages({ type: 'message', channelData: { lineMessages: sticker } }),
        'invalid_channel_data',
        'channelData.lineMessages',
      );
    });
  });

  describe('LineMessageMappingError', () => {
    it('is an Error with a name, a stable code, the field and a message', () => {
      try {
        activityToLineMessages(MessageFactory.contentUrl('http://cdn.example.com/a.jpg', 'image/jpeg'));
        assert.fail('expected a throw');
      } catch (err) {
        assert.ok(err instanceof Error);
        assert.ok(err instanceof LineMessageMappingError);
        assert.equal(err.name, 'LineMessageMappingError');
        assert.equal(err.code, 'insecure_url');
        assert.equal(err.field, 'attachments[0].contentUrl');
        assert.match(err.message, /HTTPS/);
        assert.match(err.message, /http:\/\/cdn\.example\.com\/a\.jpg/);
      }
    });
  });
});
