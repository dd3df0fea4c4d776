/** Placeholders a canned response may use, filled in for the conversation the agent answers. */
export const CANNED_RESPONSE_PLACEHOLDERS = ['CustomerName', 'AgentName', 'QueueName'] as const;

/** One of {@link CANNED_RESPONSE_PLACEHOLDERS}. */
export type CannedResponsePlaceholder = (typeof CANNED_RESPONSE_PLACEHOLDERS)[number];

const PLACEHOLDER = /\{(CustomerName|AgentName|QueueName)\}/g;

/**
 * A canned response's text for one conversation: each known placeholder replaced by its value (a missing value by
 * nothing, without leaving a doubled space); other `{…}` stay as written, since the agent edits the text before sending.
 *
 * @example
 * renderCannedResponse('{CustomerName}様、{AgentName}です。', { CustomerName: '山田', AgentName: '佐藤' }); // '山田様、佐藤です。'
 * renderCannedResponse('Hi {CustomerName}, I am {AgentName}.', { AgentName: 'Mai' }); // 'Hi, I am Mai.'
 */
export function renderCannedResponse(text: string, values: Partial<Record<CannedResponsePlaceholder, string>>): string {
  return text
    .replace(PLACEHOLDER, (_match, name: CannedResponsePlaceholder) => values[name] ?? '\u0000')
    .replace(/ ?\u0000(?=[ ,.!?])| \u0000|\u0000/g, '');
}
