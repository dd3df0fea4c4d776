import assert from 'node:assert/strict';
import { validateMessages } from '../../src/simulator/lineMessageRules';

const bubble = (body: unknown = { type: 'box', layout: 'vertical', contents: [{ type: 'text', text: 'hi' }] }) => ({ type: 'bubble', body });
const buttons = (actions: unknown[]) => ({
  type: 'template',
  altText: 'Choose',
  template: { type: 'buttons', text: 'Choose one', actions },
});
const postback = (data: string) => ({ type: 'postback', label: 'Go', data });

describe('validateMessages', () => {
  const accepted: Array<[string, unknown]> = [
    ['a text', { type: 'text', text: 'hello' }],
    ['a sticker', { type: 'sticker', packageId: '446', stickerId: '1988' }],
    ['an audio with duration', { type: 'audio', originalContentUrl: 'https://example.com/a.m4a', duration: 60000 }],
    ['a location', { type: 'location', title: 'Office', address: 'Bangkok', latitude: 13.7, longitude: 100.5 }],
    ['a flex bubble', { type: 'flex', altText: 'card', contents: bubble() }],
    ['a flex carousel of 12', { type: 'flex', altText: 'cards', contents: { type: 'carousel', contents: Array.from({ length: 12 }, () => bubble()) } }],
    ['buttons with 4 actions', buttons([1, 2, 3, 4].map((n) => postback(`n=${n}`)))],
    ['a confirm', { type: 'template', altText: 'Sure?', template: { type: 'confirm', text: 'Sure?', actions: [postback('yes'), postback('no')] } }],
    ['a uri action to tel:', buttons([{ type: 'uri', label: 'Call', uri: 'tel:+6620000000' }])],
    ['a datetime picker', buttons([{ type: 'datetimepicker', label: 'When', data: 'pick', mode: 'datetime' }])],
    ['postback data of 300', buttons([postback('d'.repeat(300))])],
  ];
  for (const [name, message] of accepted) {
    it(`accepts ${name}`, () => {
      assert.deepEqual(validateMessages([message]), []);
    });
  }

  const refused: Array<[string, unknown, string]> = [
    ['an unknown type', { type: 'file', fileName: 'a.pdf' }, 'messages[0].type'],
    ['an empty text', { type: 'text', text: '' }, 'messages[0].text'],
    ['a sticker without stickerId', { type: 'sticker', packageId: '446' }, 'messages[0].stickerId'],
    ['a sticker of a package bots may not send', { type: 'sticker', packageId: '26162', stickerId: '1' }, 'messages[0].stickerId'],
    ['a sticker outside its package', { type: 'sticker', packageId: '446', stickerId: '10855' }, 'messages[0].stickerId'],
    ['an image without preview', { type: 'image', originalContentUrl: 'https://example.com/a.jpg' }, 'messages[0].previewImageUrl'],
    ['a video over http', { type: 'video', originalContentUrl: 'https://example.com/a.mp4', previewImageUrl: 'http://example.com/a.jpg' }, 'messages[0].previewImageUrl'],
    ['an audio without duration', { type: 'audio', originalContentUrl: 'https://example.com/a.m4a' }, 'messages[0].duration'],
    ['a flex without altText', { type: 'flex', contents: bubble() }, 'messages[0].altText'],
    ['a flex altText over 400', { type: 'flex', altText: 'a'.repeat(401), contents: bubble() }, 'messages[0].altText'],
    ['a flex that is not a container', { type: 'flex', altText: 'x', contents: { type: 'box' } }, 'messages[0].contents.type'],
    ['a flex carousel of 13', { type: 'flex', altText: 'x', contents: { type: 'carousel', contents: Array.from({ length: 13 }, () => bubble()) } }, 'messages[0].contents.contents'],
    ['a flex image over http', { type: 'flex', altText: 'x', contents: bubble({ type: 'box', layout: 'vertical', contents: [{ type: 'image', url: 'http://example.com/i.png' }] }) }, 'messages[0].contents.body.contents[0].url'],
    ['a template without altText', { type: 'template', template: { type: 'confirm', text: 'ok?', actions: [postback('a'), postback('b')] } }, 'messages[0].altText'],
    ['buttons with 5 actions', buttons([1, 2, 3, 4, 5].map((n) => postback(`n=${n}`))), 'messages[0].template.actions'],
    ['a confirm with 1 action', { type: 'template', altText: 'x', template: { type: 'confirm', text: 'ok?', actions: [postback('a')] } }, 'messages[0].template.actions'],
    ['postback data of 301', buttons([postback('d'.repeat(301))]), 'messages[0].template.actions[0].data'],
    ['a template action label of 21', buttons([{ type: 'message', label: 'l'.repeat(21), text: 'x' }]), 'messages[0].template.actions[0].label'],
    ['a uri action with a javascript: URI', buttons([{ type: 'uri', label: 'x', uri: 'javascript:alert(1)' }]), 'messages[0].template.actions[0].uri'],
    ['a quick reply label of 21', { type: 'text', text: 'x', quickReply: { items: [{ type: 'action', action: { type: 'message', label: 'l'.repeat(21), text: 'x' } }] } }, 'messages[0].quickReply.items[0].action.label'],
    ['a quick reply without a label', { type: 'text', text: 'x', quickReply: { items: [{ type: 'action', action: { type: 'message', text: 'x' } }] } }, 'messages[0].quickReply.items[0].action.label'],
  ];
  for (const [name, message, property] of refused) {
    it(`refuses ${name} at ${property}`, () => {
      assert.deepEqual(validateMessages([message]).map((detail) => detail.property), [property]);
    });
  }

  it('refuses a non-array, an empty array and six messages', () => {
    assert.deepEqual(validateMessages({ type: 'text' }), [{ message: 'Must be an array', property: 'messages' }]);
    assert.deepEqual(validateMessages([]), [{ message: 'Size must be between 1 and 5', property: 'messages' }]);
    assert.deepEqual(validateMessages(Array.from({ length: 6 }, () => ({ type: 'text', text: 'x' }))), [{ message: 'Size must be between 1 and 5', property: 'messages' }]);
  });
});
