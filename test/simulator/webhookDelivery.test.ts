import assert from 'node:assert/strict';
import { validateSignature } from '@line/bot-sdk';
import { signWebhookBody } from '../../src/simulator/webhookDelivery';

describe('signWebhookBody', () => {
  it("matches LINE's test vector", () => {
    assert.equal(signWebhookBody(Buffer.from('{"hello":"world"}'), 'test_secret'), 't7Hn4ZDHqs6e+wdvI5TyQIvzie0DmMUmuXEBqyyE/tM=');
  });

  it('is what the SDK accepts, and only for the same bytes and secret', () => {
    const body = Buffer.from('{"destination":"U1","events":[]}');
    const signature = signWebhookBody(body, 'secret');
    assert.equal(validateSignature(body, 'secret', signature), true);
    assert.equal(validateSignature(Buffer.from('{"destination":"U1","events": []}'), 'secret', signature), false);
    assert.equal(validateSignature(body, 'other', signature), false);
  });
});
