import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_SIMULATOR_PAGE_DIRECTORY } from '../../src/simulator/simulatorPageRoutes';
import { STICKER_PALETTE } from '../../src/simulator/stickerPalette';
import { runInFakeBrowser, type FakeBrowser, type FakeElement, type FetchCall } from './fakeBrowser';

const CONFIG = { accountId: 'default', webhookUrl: 'http://127.0.0.1:3978/api/line/default', bot: { userId: 'Ubot', displayName: 'Helpdesk' }, stickers: STICKER_PALETTE, webhookDeadlineMs: 2000 };

/** The page as `npm run build:simulator-page` built it: its markup and its one script bundle. */
function builtPage(): { readonly html: string; readonly script: string } {
  const html = readFileSync(path.join(DEFAULT_SIMULATOR_PAGE_DIRECTORY, 'index.html'), 'utf8');
  const scripts = [...html.matchAll(/<script\b[^>]*\bsrc="\/simulator\/assets\/([^"]+)"/g)].map((match) => match[1] ?? '');
  assert.equal(scripts.length, 1, 'the built page loads exactly one script');
  return { html, script: readFileSync(path.join(DEFAULT_SIMULATOR_PAGE_DIRECTORY, 'assets', scripts[0] ?? ''), 'utf8') };
}

describe('simulator page script', () => {
  const page = builtPage();
  let browser: FakeBrowser;
  let webhookStatus: number;

  const answer = (call: FetchCall): { status: number; json: unknown } => {
    if (call.path === '/simulator/api/config') return { status: 200, json: CONFIG };
    if (call.path.endsWith('/events')) return { status: 200, json: { webhookStatus, elapsedMs: 12 } };
    return { status: 200, json: {} };
  };
  const eventsSent = () => browser.fetches.filter((call) => call.path.endsWith('/events')).map((call) => call.body);
  const logItems = () => browser.byId('log').childNodes;
  const lastItem = (): FakeElement => {
    const items = logItems();
    const item = items[items.length - 1];
    assert.ok(item);
    return item;
  };
  const buttonsIn = (element: FakeElement) => element.findAll((node) => node.tagName === 'BUTTON' || node.tagName === 'A');

  beforeEach(async () => {
    webhookStatus = 200;
    browser = runInFakeBrowser(page.html, page.script, answer);
    await browser.settle();
  });

  it('starts as a stable LINE user, saves the profile and opens the stream', () => {
    const userId = browser.byId('user-id').textContent;
    assert.match(userId, /^U[0-9a-f]{32}$/);
    assert.equal(JSON.parse(browser.storage.get('lineSimulator.user.v1') ?? '{}').userId, userId);
    const profile = browser.fetches.find((call) => call.method === 'PUT');
    assert.equal(profile?.path, `/simulator/api/users/${userId}/profile`);
    assert.deepEqual(Object.keys(profile?.body as object), ['displayName', 'language']);
    assert.deepEqual(browser.streams.map((stream) => stream.url), [`/simulator/api/users/${userId}/stream`]);
    assert.equal(browser.byId('bot-name').textContent, 'Helpdesk');
    assert.equal(browser.byId('sticker-palette').childElementCount, STICKER_PALETTE.length);
  });

  it('sends typed text and marks it delivered', async () => {
    browser.byId('message-text').value = 'where is my order?';
    browser.byId('composer').dispatch('submit');
    await browser.settle();
    assert.deepEqual(eventsSent(), [{ kind: 'text', text: 'where is my order?' }]);
    assert.equal(browser.byId('message-text').value, '');
    assert.match(lastItem().textContent, /^where is my order\?delivered/);
  });

  it('shows a webhook refusal under the message and in the status line', async () => {
    webhookStatus = 401;
    browser.byId('message-text').value = 'hello';
    browser.byId('composer').dispatch('submit');
    await browser.settle();
    assert.match(lastItem().textContent, /Webhook answered 401 \(signature rejected\)/);
    assert.equal(browser.byId('status').className, 'status error');
  });

  it('renders bot text as text, with a reply badge and quick replies that act like LINE', async () => {
    const [stream] = browser.streams;
    stream?.emit('loading', { loadingSeconds: 10 });
    assert.equal(browser.byId('loading').hidden, false);
    stream?.emit('bot-message', {
      via: 'reply',
      at: Date.now(),
      message: {
        type: 'text',
        text: 'Hello <b>world</b>',
        quickReply: {
          items: [
            { type: 'action', action: { type: 'message', label: 'Yes', text: 'yes please' } },
            { type: 'action', action: { type: 'postback', label: 'No', data: 'answer=no', displayText: 'No thanks' } },
            { type: 'action', action: { type: 'uri', label: 'Site', uri: 'https://example.com/help' } },
            { type: 'action', action: { type: 'datetimepicker', label: 'When?', data: 'pick', mode: 'date' } },
          ],
        },
      },
    });
    assert.equal(browser.byId('loading').hidden, true);
    const bot = lastItem();
    assert.equal(bot.className, 'msg bot');
    assert.equal(bot.childNodes[0]?.textContent, 'Hello <b>world</b>');
    assert.match(bot.textContent, /reply/);

    const quickReplies = browser.byId('quick-replies');
    assert.equal(quickReplies.hidden, false);
    const [yes, , site, when] = quickReplies.childNodes;
    assert.equal(site?.tagName, 'A');
    assert.equal(site?.getAttribute('href'), 'https://example.com/help');
    assert.equal(site?.getAttribute('target'), '_blank');
    assert.equal(when?.textContent, 'When?');

    yes?.click();
    await browser.settle();
    assert.equal(quickReplies.hidden, true);
    assert.deepEqual(eventsSent(), [{ kind: 'text', text: 'yes please' }]);

    stream?.emit('bot-message', { via: 'reply', message: { type: 'text', text: 'Sure?', quickReply: { items: [{ type: 'action', action: { type: 'postback', label: 'No', data: 'answer=no', displayText: 'No thanks' } }] } } });
    browser.byId('quick-replies').childNodes[0]?.click();
    await browser.settle();
    assert.deepEqual(eventsSent()[1], { kind: 'postback', data: 'answer=no' });
    assert.match(lastItem().textContent, /^No thanks/);
  });

  it('sends a date picked in a datetime picker as postback params', async () => {
    browser.streams[0]?.emit('bot-message', {
      via: 'push',
      message: { type: 'template', altText: 'Book', template: { type: 'buttons', text: 'Pick a day', actions: [{ type: 'datetimepicker', label: 'Choose', data: 'book', mode: 'date' }] } },
    });
    const bot = lastItem();
    assert.match(bot.textContent, /push \(paid\)/);
    const [open] = buttonsIn(bot);
    open?.click();
    const form = bot.querySelector('form');
    assert.ok(form);
    const input = form.querySelector('input');
    assert.ok(input);
    assert.equal(input.getAttribute('type'), 'date');
    input.value = '2026-12-24';
    form.dispatch('submit');
    await browser.settle();
    assert.deepEqual(eventsSent(), [{ kind: 'postback', data: 'book', params: { date: '2026-12-24' } }]);
  });

  it('renders flex carousels, stickers and images without loading anything', () => {
    const [stream] = browser.streams;
    stream?.emit('bot-message', {
      via: 'reply',
      message: {
        type: 'flex',
        altText: 'Orders',
        contents: {
          type: 'carousel',
          contents: [
            { type: 'bubble', hero: { type: 'image', url: 'https://example.com/a.png' }, body: { type: 'box', layout: 'vertical', contents: [{ type: 'text', text: 'Order #1', weight: 'bold' }] }, footer: { type: 'box', layout: 'vertical', contents: [{ type: 'button', action: { type: 'message', label: 'Track', text: 'track 1' } }] } },
            { type: 'bubble', body: { type: 'box', layout: 'vertical', contents: [{ type: 'text', contents: [{ type: 'span', text: 'Order ' }, { type: 'span', text: '#2' }] }] } },
          ],
        },
      },
    });
    const flex = lastItem();
    assert.match(flex.textContent, /Flex · Orders/);
    assert.match(flex.textContent, /Order #1/);
    assert.match(flex.textContent, /Order #2/);
    assert.deepEqual(buttonsIn(flex).map((node) => [node.tagName, node.textContent]), [['A', 'Image'], ['BUTTON', 'Track']]);
    assert.equal(flex.findAll((node) => node.tagName === 'IMG').length, 0);

    stream?.emit('bot-message', { via: 'reply', message: { type: 'sticker', packageId: '446', stickerId: '1988' } });
    const sticker = lastItem().childNodes[0];
    assert.equal(sticker?.getAttribute('role'), 'img');
    assert.equal(sticker?.getAttribute('aria-label'), 'Sticker: Moon: Special Edition, sticker 1988 (package 446, sticker 1988)');
    assert.equal(sticker?.childNodes[0]?.textContent, STICKER_PALETTE[0]?.emoji);
    stream?.emit('bot-message', { via: 'reply', message: { type: 'image', originalContentUrl: 'https://example.com/big.jpg', previewImageUrl: 'https://example.com/small.jpg' } });
    assert.deepEqual(buttonsIn(lastItem()).map((node) => node.getAttribute('href')), ['https://example.com/big.jpg', 'https://example.com/small.jpg']);
  });

  it('sends stickers, follow and block, and failure requests', async () => {
    browser.byId('sticker-palette').childNodes[0]?.click();
    browser.byId('follow').click();
    browser.byId('unfollow').click();
    await browser.settle();
    assert.deepEqual(eventsSent(), [{ kind: 'sticker', packageId: '446', stickerId: '1988' }, { kind: 'follow' }, { kind: 'unfollow' }]);
    browser.byId('failure-status').value = '429';
    browser.byId('failure-count').value = '2';
    browser.byId('failure-path').value = '/v2/bot/message/push';
    browser.byId('failure-form').dispatch('submit');
    await browser.settle();
    assert.deepEqual(browser.fetches.at(-1), { method: 'POST', path: '/simulator/api/fail', body: { status: 429, count: 2, pathPrefix: '/v2/bot/message/push' } });
  });

  it('draws an unknown sticker as a generic card that still names its ids', () => {
    browser.streams[0]?.emit('bot-message', { via: 'push', message: { type: 'sticker', packageId: '6136', stickerId: '10551376' } });
    const card = lastItem().childNodes[0];
    assert.equal(card?.className, 'sticker unknown');
    assert.equal(card?.getAttribute('role'), 'img');
    assert.equal(card?.getAttribute('aria-label'), 'Sticker (package 6136, sticker 10551376)');
    assert.equal(card?.childNodes[1]?.textContent, 'Sticker 6136/10551376');
  });

  it('restores the chat and the quick replies still on offer after a reload, per user', async () => {
    browser.byId('message-text').value = 'hello';
    browser.byId('composer').dispatch('submit');
    await browser.settle();
    browser.streams[0]?.emit('bot-message', { via: 'reply', at: 1_700_000_000_000, message: { type: 'sticker', packageId: '789', stickerId: '10855' } });
    browser.streams[0]?.emit('bot-message', { via: 'reply', at: 1_700_000_000_000, message: { type: 'text', text: 'Pick one', quickReply: { items: [{ type: 'action', action: { type: 'message', label: 'Yes', text: 'yes' } }] } } });
    const userId = browser.byId('user-id').textContent;
    const before = logItems().map((item) => item.textContent);
    assert.equal(before.length, 3);

    const reloaded = runInFakeBrowser(page.html, page.script, answer, browser.storage);
    await reloaded.settle();
    assert.equal(reloaded.byId('user-id').textContent, userId);
    assert.deepEqual(reloaded.byId('log').childNodes.map((item) => item.textContent), before);
    assert.match(reloaded.byId('log').childNodes[0]?.textContent ?? '', /^hellodelivered/);
    assert.equal(reloaded.byId('log').childNodes[1]?.childNodes[0]?.getAttribute('aria-label'), 'Sticker: Sally: Special Edition, sticker 10855 (package 789, sticker 10855)');
    assert.equal(reloaded.byId('quick-replies').hidden, false);
    assert.deepEqual(reloaded.byId('quick-replies').childNodes.map((node) => node.textContent), ['Yes']);

    // A new user starts with an empty chat; the previous user's chat stays stored under their id.
    reloaded.byId('new-user').click();
    await reloaded.settle();
    assert.notEqual(reloaded.byId('user-id').textContent, userId);
    assert.equal(reloaded.byId('log').childElementCount, 0);
    assert.equal(reloaded.byId('quick-replies').hidden, true);
    assert.equal(JSON.parse(reloaded.storage.get(`lineSimulator.chat.v1.${userId}`) ?? '{}').entries.length, 3);
  });

  it('forgets quick replies once the user acts, and keeps at most the last 200 lines', async () => {
    const [stream] = browser.streams;
    stream?.emit('bot-message', { via: 'reply', message: { type: 'text', text: 'Sure?', quickReply: { items: [{ type: 'action', action: { type: 'message', label: 'Yes', text: 'yes' } }] } } });
    browser.byId('quick-replies').childNodes[0]?.click();
    await browser.settle();
    for (let i = 0; i < 205; i++) stream?.emit('bot-message', { via: 'push', message: { type: 'text', text: `line ${i}` } });
    const reloaded = runInFakeBrowser(page.html, page.script, answer, browser.storage);
    await reloaded.settle();
    const items = reloaded.byId('log').childNodes;
    assert.equal(items.length, 200);
    assert.match(items[0]?.textContent ?? '', /^line 5/);
    assert.match(items.at(-1)?.textContent ?? '', /^line 204/);
    assert.equal(reloaded.byId('quick-replies').hidden, true);
  });

  it('follows new messages to the end of the log, unless the user scrolled up to read', () => {
    const log = browser.byId('log-scroller');
    const newMessages = browser.byId('new-messages');
    log.scrollHeight = 1000;
    log.scrollTop = 0;
    browser.streams[0]?.emit('bot-message', { via: 'reply', message: { type: 'text', text: 'news' } });
    assert.equal(log.scrollTop, 1000);
    assert.equal(newMessages.hidden, true);

    log.scrollHeight = 2000;
    log.scrollTop = 500;
    log.dispatch('scroll');
    browser.streams[0]?.emit('bot-message', { via: 'reply', message: { type: 'text', text: 'more news' } });
    assert.equal(log.scrollTop, 500, 'reading older messages is not interrupted');
    assert.equal(newMessages.hidden, false);
    newMessages.click();
    assert.equal(log.scrollTop, 2000);
    assert.equal(newMessages.hidden, true);
  });

  it('shows what the user sends even when they had scrolled up', async () => {
    const log = browser.byId('log-scroller');
    log.scrollHeight = 3000;
    log.scrollTop = 0;
    log.dispatch('scroll');
    browser.byId('message-text').value = 'hi';
    browser.byId('composer').dispatch('submit');
    await browser.settle();
    assert.equal(log.scrollTop, 3000);
  });
});
