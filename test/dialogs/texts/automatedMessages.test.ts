import assert from 'node:assert/strict';
import { SUPPORTED_LANGUAGES } from '../../../dialogs/language/supportedLanguage.js';
import {
  AUTOMATED_MESSAGE_KEYS,
  DEFAULT_AUTOMATED_MESSAGES,
  MAX_TEMPLATE_LENGTH,
  TEMPLATE_PLACEHOLDERS,
  renderTemplate,
  templateProblems,
} from '../../../dialogs/texts/automatedMessages.js';

/** The placeholder each message is about, which every language must carry. */
const REQUIRED_PLACEHOLDERS = {
  positionInQueue: 'Position',
  estimatedWait: 'WaitDuration',
  agentAssigned: 'AgentName',
  agentLeft: 'AgentName',
  requestReceived: 'QueueName',
} as const;

describe('DEFAULT_AUTOMATED_MESSAGES', () => {
  it('has every message, non-empty, in every language and nothing else', () => {
    for (const language of SUPPORTED_LANGUAGES) {
      const messages = DEFAULT_AUTOMATED_MESSAGES[language];
      assert.deepEqual(Object.keys(messages).sort(), [...AUTOMATED_MESSAGE_KEYS].sort(), language);
      for (const key of AUTOMATED_MESSAGE_KEYS) assert.ok(messages[key].trim().length > 0, `${language}.${key}`);
    }
  });

  it('has no template problems', () => {
    for (const language of SUPPORTED_LANGUAGES) {
      for (const key of AUTOMATED_MESSAGE_KEYS) assert.deepEqual(templateProblems(DEFAULT_AUTOMATED_MESSAGES[language][key]), [], `${language}.${key}`);
    }
  });

  it('carries the placeholder each message is about, in every language', () => {
    for (const language of SUPPORTED_LANGUAGES) {
      for (const [key, placeholder] of Object.entries(REQUIRED_PLACEHOLDERS)) {
        assert.ok(DEFAULT_AUTOMATED_MESSAGES[language][key as keyof typeof REQUIRED_PLACEHOLDERS].includes(`{${placeholder}}`), `${language}.${key} uses {${placeholder}}`);
      }
    }
  });

  it('writes each language in its own script', () => {
    for (const key of AUTOMATED_MESSAGE_KEYS) {
      assert.match(DEFAULT_AUTOMATED_MESSAGES.ja[key], /[\p{Script=Hiragana}\p{Script=Katakana}]/u, `ja.${key}`);
      assert.match(DEFAULT_AUTOMATED_MESSAGES.th[key], /\p{Script=Thai}/u, `th.${key}`);
      assert.match(DEFAULT_AUTOMATED_MESSAGES['zh-TW'][key], /\p{Script=Han}/u, `zh-TW.${key}`);
      assert.doesNotMatch(DEFAULT_AUTOMATED_MESSAGES['zh-TW'][key], /[\p{Script=Hiragana}\p{Script=Katakana}]/u, `zh-TW.${key}`);
      assert.doesNotMatch(DEFAULT_AUTOMATED_MESSAGES.en[key], /[^\p{Script=Latin}\p{Script=Common}]/u, `en.${key}`);
    }
  });

  it('keeps Thai messages free of the gendered particles ค่ะ and ครับ', () => {
    for (const key of AUTOMATED_MESSAGE_KEYS) assert.doesNotMatch(DEFAULT_AUTOMATED_MESSAGES.th[key], /ค่ะ|ครับ|คะ/u, `th.${key}`);
  });

  it('is frozen', () => {
    assert.ok(Object.isFrozen(DEFAULT_AUTOMATED_MESSAGES));
    for (const language of SUPPORTED_LANGUAGES) assert.ok(Object.isFrozen(DEFAULT_AUTOMATED_MESSAGES[language]), language);
  });
});

describe('renderTemplate', () => {
  it('replaces every known placeholder, numbers included', () => {
    assert.equal(
      renderTemplate('{AgentName} of {QueueName}: you are number {Position}, about {WaitTime} minutes.', { AgentName: 'Mai', QueueName: 'Billing', Position: 3, WaitTime: 12 }),
      'Mai of Billing: you are number 3, about 12 minutes.',
    );
    assert.equal(renderTemplate(DEFAULT_AUTOMATED_MESSAGES['zh-TW'].positionInQueue, { Position: 2 }), '您目前排在第2位，感謝您耐心等候。');
    assert.equal(renderTemplate(DEFAULT_AUTOMATED_MESSAGES.ja.estimatedWait, { WaitDuration: '5分' }).startsWith('待ち時間の目安は約5分です。'), true);
    assert.equal(renderTemplate(DEFAULT_AUTOMATED_MESSAGES.en.agentAssigned, { AgentName: 'Somchai' }), 'Our agent Somchai has joined the conversation and will be glad to help you.');
  });

  it('replaces a placeholder each time it occurs', () => {
    assert.equal(renderTemplate('{Position}/{Position}', { Position: 1 }), '1/1');
  });

  it('renders a missing value as nothing and closes the gap it leaves', () => {
    assert.equal(renderTemplate(DEFAULT_AUTOMATED_MESSAGES.en.agentAssigned, {}), 'Our agent has joined the conversation and will be glad to help you.');
    assert.equal(renderTemplate('Connecting you with our {QueueName} team.', {}), 'Connecting you with our team.');
    assert.equal(renderTemplate('{AgentName} has joined.', {}), 'has joined.');
    assert.equal(renderTemplate('You are now chatting with {AgentName}.', { AgentName: '' }), 'You are now chatting with.');
    assert.equal(renderTemplate('Hi\n{AgentName} here', {}), 'Hi\nhere');
    assert.equal(renderTemplate('轉接{QueueName}客服人員', {}), '轉接客服人員');
  });

  it('leaves unknown placeholders and stray braces as written', () => {
    assert.equal(renderTemplate('Hello {CustomerName}, {agentname} {AgentName}', { AgentName: 'Mai' }), 'Hello {CustomerName}, {agentname} Mai');
    assert.equal(renderTemplate('a { b } {} {Position', { Position: 1 }), 'a { b } {} {Position');
  });

  it('leaves a template without placeholders unchanged', () => {
    assert.equal(renderTemplate(DEFAULT_AUTOMATED_MESSAGES.th.greeting, { AgentName: 'x' }), DEFAULT_AUTOMATED_MESSAGES.th.greeting);
  });
});

describe('templateProblems', () => {
  it('accepts templates using known placeholders, or none', () => {
    assert.deepEqual(templateProblems('Hello {AgentName}'), []);
    assert.deepEqual(templateProblems(TEMPLATE_PLACEHOLDERS.map((name) => `{${name}}`).join(' ')), []);
    assert.deepEqual(templateProblems('ありがとうございます。'), []);
  });

  it('names unknown placeholders and suggests the one meant', () => {
    assert.deepEqual(templateProblems('You are number {Pos}'), ['unknown placeholder {Pos}; use {AgentName}, {QueueName}, {Position}, {WaitTime} or {WaitDuration}']);
    assert.deepEqual(templateProblems('Hi {agent_name}'), ['unknown placeholder {agent_name}; did you mean {AgentName}?']);
    assert.equal(templateProblems('{A} {B}').length, 2);
  });

  it('reports unbalanced braces with where they are', () => {
    assert.deepEqual(templateProblems('Hello {AgentName'), ['"{" at character 7 is never closed']);
    assert.deepEqual(templateProblems('Hello AgentName}'), ['"}" at character 16 has no "{" before it']);
    assert.deepEqual(templateProblems('{{Position}}'), ['"{" at character 1 is never closed', '"}" at character 12 has no "{" before it']);
  });

  it('reports empty placeholders', () => {
    assert.deepEqual(templateProblems('Wait {} minutes'), ['empty placeholder {} at character 6']);
  });

  it('reports empty and over-long templates', () => {
    assert.deepEqual(templateProblems(''), ['the template is empty']);
    assert.deepEqual(templateProblems(' \n '), ['the template is empty']);
    assert.deepEqual(templateProblems('x'.repeat(MAX_TEMPLATE_LENGTH + 1)), [`the template is longer than ${MAX_TEMPLATE_LENGTH} characters`]);
    assert.deepEqual(templateProblems('x'.repeat(MAX_TEMPLATE_LENGTH)), []);
  });
});
