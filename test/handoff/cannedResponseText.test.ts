import assert from 'node:assert/strict';
import { renderCannedResponse } from '../../src/handoff/cannedResponseText';

describe('renderCannedResponse', () => {
  it('fills the customer, agent and queue names', () => {
    assert.equal(renderCannedResponse('{CustomerName}様、{QueueName}の{AgentName}です。', { CustomerName: '山田', AgentName: '佐藤', QueueName: 'お客様窓口' }), '山田様、お客様窓口の佐藤です。');
    assert.equal(renderCannedResponse('สวัสดีค่ะ คุณ{CustomerName}', { CustomerName: 'สมชาย' }), 'สวัสดีค่ะ คุณสมชาย');
  });

  it('drops a missing value without leaving a doubled space or a space before punctuation', () => {
    assert.equal(renderCannedResponse('Hi {CustomerName}, I am {AgentName}.', { AgentName: 'Mai' }), 'Hi, I am Mai.');
    assert.equal(renderCannedResponse('Hello {CustomerName} and welcome', {}), 'Hello and welcome');
  });

  it('leaves other braces as the agent wrote them', () => {
    assert.equal(renderCannedResponse('Order {OrderNumber} for {CustomerName}', { CustomerName: 'Ann' }), 'Order {OrderNumber} for Ann');
  });
});
