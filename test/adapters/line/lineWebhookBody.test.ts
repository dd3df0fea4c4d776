import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { validateSignature } from '@line/bot-sdk';
import { parseLineWebhookBody } from '../../../adapters/line/lineWebhookBody';

describe('LINE webhook signature and body', () => {
  it('matches LINE’s published signature test vector', () => {
    const body = Buffer.from('{"hello":"world"}');
    assert.equal(createHmac('sha256', 'test_secret').update(body).digest('base64'), 't7Hn4ZDHqs6e+wdvI5TyQIvzie0DmMUmuXEBqyyE/tM=');
    assert.equal(validateSignature(body, 'test_secret', 't7Hn4ZDHqs6e+wdvI5TyQIvzie0DmMUmuXEBqyyE/tM='), true);
    assert.equal(validateSignature(body, 'other_secret', 't7Hn4ZDHqs6e+wdvI5TyQIvzie0DmMUmuXEBqyyE/tM='), false);
    assert.equal(validateSignature(Buffer.from('{"hello":"world" }'), 'test_secret', 't7Hn4ZDHqs6e+wdvI5TyQIvzie0DmMUmuXEBqyyE/tM='), false);
    assert.equal(validateSignature(body, 'test_secret', 'short'), false);
  });

  it('accepts LINE’s verification body with no events', () => {
    const parsed = parseLineWebhookBody(Buffer.from('{"destination":"Uxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx","events":[]}'));
    assert.deepEqual(parsed, { destination: 'Uxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', events: [] });
  });

  it('keeps events of unknown types (they are ignored later, not refused)', () => {
    const parsed = parseLineWebhookBody(Buffer.from(JSON.stringify({ destination: 'U1', events: [{ type: 'somethingNew', webhookEventId: '01J', timestamp: 1 }] })));
    assert.ok(!('error' in parsed));
    assert.equal(parsed.events[0]?.type, 'somethingNew');
  });

  const malformed: [string, string, RegExp][] = [
    ['not JSON', '{"events": [', /not valid JSON/],
    ['an array', '[]', /JSON object/],
    ['no events', '{"destination":"U1"}', /events/],
    ['an event without webhookEventId', '{"events":[{"type":"follow","timestamp":1}]}', /webhookEventId/],
    ['an event without type', '{"events":[{"webhookEventId":"01J","timestamp":1}]}', /type/],
    ['an event without timestamp', '{"events":[{"type":"follow","webhookEventId":"01J"}]}', /timestamp/],
  ];
  for (const [what, body, reason] of malformed) {
    it(`refuses ${what}`, () => {
      const parsed = parseLineWebhookBody(Buffer.from(body));
      assert.ok('error' in parsed);
      assert.match(parsed.error, reason);
    });
  }
});
