import type { SupportedLanguage } from '../language/supportedLanguage';

/** The automated messages a handoff sends, in the order an operator meets them. */
export const AUTOMATED_MESSAGE_KEYS = [
  'greeting',
  'requestReceived',
  'positionInQueue',
  'estimatedWait',
  'agentAssigned',
  'agentLeft',
  'conversationEnded',
  'outOfOperatingHours',
  'holiday',
] as const;

/** One of {@link AUTOMATED_MESSAGE_KEYS}. */
export type AutomatedMessageKey = (typeof AUTOMATED_MESSAGE_KEYS)[number];

/** Every automated message of one language, as templates for {@link renderTemplate}. */
export type AutomatedMessages = Readonly<Record<AutomatedMessageKey, string>>;

/**
 * The placeholders a template may use, written `{Name}`:
 * - `AgentName`: the display name of the agent who joined or left;
 * - `QueueName`: the queue (team) the request waits in;
 * - `Position`: the customer's place in that queue, 1 being next;
 * - `WaitDuration`: the estimated wait with its unit, plural-correct in the customer's language ("1 minute", "5 minutes",
 *   "5分") — what the default texts use;
 * - `WaitTime`: the same wait as a bare number of minutes, for texts that write their own unit ("about {WaitTime} min").
 */
export const TEMPLATE_PLACEHOLDERS = ['AgentName', 'QueueName', 'Position', 'WaitTime', 'WaitDuration'] as const;

/** One of {@link TEMPLATE_PLACEHOLDERS}. */
export type TemplatePlaceholder = (typeof TEMPLATE_PLACEHOLDERS)[number];

/** Longest template accepted: LINE's limit for one text message is 5,000 characters. */
export const MAX_TEMPLATE_LENGTH = 5_000;

/**
 * The automated messages sent when an operator has not changed them. English messages avoid a dangling word when a
 * value is missing ("Our agent has joined…"); Thai ones are polite without ค่ะ or ครับ, which would give the sender a
 * gender.
 */
export const DEFAULT_AUTOMATED_MESSAGES: Readonly<Record<SupportedLanguage, AutomatedMessages>> = deepFreeze({
  en: {
    greeting: 'Hello, and thank you for contacting us. How may we help you today?',
    requestReceived: 'Thank you. We have received your request and will connect you with our {QueueName} team as soon as someone is available.',
    positionInQueue: 'You are number {Position} in the queue. Thank you for your patience.',
    estimatedWait: 'The estimated waiting time is about {WaitDuration}. Thank you for waiting.',
    agentAssigned: 'Our agent {AgentName} has joined the conversation and will be glad to help you.',
    agentLeft: 'Our agent {AgentName} has left the conversation. If you need any further help, just send us a message.',
    conversationEnded: 'This conversation has ended. Thank you for contacting us, and have a nice day.',
    outOfOperatingHours:
      'Thank you for contacting us. Our agents are not available right now because we are outside our operating hours. Please contact us again during operating hours.',
    holiday: 'Thank you for contacting us. Our agents are not available today because of a holiday. Please contact us again on the next business day.',
  },
  ja: {
    greeting: 'お問い合わせいただき、ありがとうございます。本日はどのようなご用件でしょうか。',
    requestReceived: 'お問い合わせを承りました。{QueueName}担当者におつなぎいたしますので、少々お待ちください。',
    positionInQueue: '現在、{Position}番目にお待ちいただいております。順番になりましたら担当者がご案内いたしますので、今しばらくお待ちください。',
    estimatedWait: '待ち時間の目安は約{WaitDuration}です。お待たせして申し訳ございませんが、今しばらくお待ちください。',
    agentAssigned: '担当の{AgentName}が対応いたします。どうぞよろしくお願いいたします。',
    agentLeft: '担当の{AgentName}がチャットから退出いたしました。引き続きご用件がございましたら、メッセージをお送りください。',
    conversationEnded: 'チャットを終了いたしました。お問い合わせいただき、誠にありがとうございました。',
    outOfOperatingHours:
      'お問い合わせいただき、ありがとうございます。ただいま営業時間外のため、担当者が対応いたしかねます。恐れ入りますが、営業時間内に改めてお問い合わせください。',
    holiday: 'お問い合わせいただき、ありがとうございます。本日は休業日のため、担当者が対応いたしかねます。恐れ入りますが、翌営業日以降に改めてお問い合わせください。',
  },
  th: {
    greeting: 'สวัสดี ขอบคุณที่ติดต่อเรา ยินดีให้บริการ กรุณาแจ้งเรื่องที่ต้องการให้เราช่วยเหลือ',
    requestReceived: 'เราได้รับคำขอของคุณแล้ว และกำลังส่งต่อให้เจ้าหน้าที่ {QueueName} ดูแลโดยเร็วที่สุด กรุณารอสักครู่',
    positionInQueue: 'ขณะนี้คุณอยู่ในคิวลำดับที่ {Position} ขอบคุณที่กรุณารอ',
    estimatedWait: 'ระยะเวลารอโดยประมาณ {WaitDuration} ขออภัยที่ให้รอ และขอบคุณที่กรุณารอ',
    agentAssigned: 'เจ้าหน้าที่ {AgentName} เข้าร่วมการสนทนาแล้ว และยินดีให้ความช่วยเหลือ',
    agentLeft: 'เจ้าหน้าที่ {AgentName} ออกจากการสนทนาแล้ว หากต้องการความช่วยเหลือเพิ่มเติม สามารถส่งข้อความถึงเราได้',
    conversationEnded: 'การสนทนานี้สิ้นสุดแล้ว ขอบคุณที่ติดต่อเรา',
    outOfOperatingHours: 'ขอบคุณที่ติดต่อเรา ขณะนี้อยู่นอกเวลาทำการ เจ้าหน้าที่จึงยังไม่สามารถให้บริการได้ กรุณาติดต่อเราอีกครั้งในเวลาทำการ',
    holiday: 'ขอบคุณที่ติดต่อเรา วันนี้เป็นวันหยุดทำการ เจ้าหน้าที่จึงยังไม่สามารถให้บริการได้ กรุณาติดต่อเราอีกครั้งในวันทำการถัดไป',
  },
  'zh-TW': {
    greeting: '您好，感謝您的來訊！請問有什麼可以為您服務的嗎？',
    requestReceived: '已收到您的需求，我們將盡快為您轉接{QueueName}客服人員，請稍候。',
    positionInQueue: '您目前排在第{Position}位，感謝您耐心等候。',
    estimatedWait: '預計等候時間約{WaitDuration}，造成不便敬請見諒，感謝您耐心等候。',
    agentAssigned: '客服人員{AgentName}已加入對話，將竭誠為您服務。',
    agentLeft: '客服人員{AgentName}已離開對話。如需進一步協助，歡迎再次傳送訊息給我們。',
    conversationEnded: '本次對話已結束，感謝您的來訊，祝您有美好的一天！',
    outOfOperatingHours: '感謝您的來訊！目前為非營業時間，客服人員暫時無法為您服務，請於營業時間內再與我們聯繫。',
    holiday: '感謝您的來訊！今日為公休日，客服人員暫停服務，請於下一個營業日再與我們聯繫，造成不便敬請見諒。',
  },
});

const PLACEHOLDER = /\{([^{}]*)\}/g;
/** Punctuation a space should not stand before once the word between them rendered empty. */
const CLOSING_PUNCTUATION = /^[.,!?;:)\]、。，．！？；：）]/u;

/**
 * `template` with each known placeholder replaced by its value. A placeholder without a value renders as nothing, and
 * the space it leaves doubled (or before punctuation, or at the start of a line) is removed; a `{Name}` that is not
 * one of {@link TEMPLATE_PLACEHOLDERS} stays as written. Provide every placeholder a template uses: in Japanese or
 * Chinese a missing value still leaves a gap in the sentence.
 *
 * @example
 * ```ts
 * renderTemplate('Our agent {AgentName} has joined.', { AgentName: 'Mai' }); // 'Our agent Mai has joined.'
 * renderTemplate('Our agent {AgentName} has joined.', {}); // 'Our agent has joined.'
 * renderTemplate('第{Position}位', { Position: 3 }); // '第3位'
 * renderTemplate('Hi {Customer}', {}); // 'Hi {Customer}'
 * ```
 */
export function renderTemplate(template: string, values: Partial<Record<TemplatePlaceholder, string | number>>): string {
  let rendered = '';
  let last = 0;
  for (const match of template.matchAll(PLACEHOLDER)) {
    const name = match[1] ?? '';
    if (!isTemplatePlaceholder(name)) continue;
    const value = values[name];
    rendered += template.slice(last, match.index);
    last = match.index + match[0].length;
    const text = value === undefined ? '' : String(value);
    if (text !== '') {
      rendered += text;
      continue;
    }
    // Left alone, an empty value would leave a doubled space ("with  team"), a space before punctuation or at a line's start.
    const following = template.slice(last);
    if (following.startsWith(' ') && (rendered === '' || rendered.endsWith(' ') || rendered.endsWith('\n'))) {
      last += following.length - following.replace(/^ +/, '').length;
    } else if (CLOSING_PUNCTUATION.test(following)) {
      rendered = rendered.replace(/ +$/, '');
    }
  }
  return rendered + template.slice(last);
}

/**
 * What is wrong with a template an operator wrote, as sentences to show them; empty when nothing is. Reported: an
 * empty template, one longer than {@link MAX_TEMPLATE_LENGTH}, a `{` or `}` without its partner, an empty `{}`, and
 * a placeholder that is not one of {@link TEMPLATE_PLACEHOLDERS} (with the known one it resembles, if any).
 *
 * @example
 * ```ts
 * templateProblems('Hello {AgentName}'); // []
 * templateProblems('Hello {AgentName'); // ['"{" at character 7 is never closed']
 * templateProblems('You are number {Pos}'); // ['unknown placeholder {Pos}; use {AgentName}, {QueueName}, {Position}, {WaitTime} or {WaitDuration}']
 * ```
 */
export function templateProblems(template: string): string[] {
  if (typeof template !== 'string') return ['the template must be text'];
  const problems: string[] = [];
  if (template.trim() === '') problems.push('the template is empty');
  if (template.length > MAX_TEMPLATE_LENGTH) problems.push(`the template is longer than ${MAX_TEMPLATE_LENGTH} characters`);

  let open: number | undefined;
  for (let index = 0; index < template.length; index += 1) {
    const character = template[index];
    if (character === '{') {
      if (open !== undefined) problems.push(`"{" at character ${open + 1} is never closed`);
      open = index;
    } else if (character === '}') {
      if (open === undefined) {
        problems.push(`"}" at character ${index + 1} has no "{" before it`);
        continue;
      }
      const name = template.slice(open + 1, index);
      if (name.trim() === '') problems.push(`empty placeholder {} at character ${open + 1}`);
      else if (!isTemplatePlaceholder(name)) problems.push(unknownPlaceholder(name));
      open = undefined;
    }
  }
  if (open !== undefined) problems.push(`"{" at character ${open + 1} is never closed`);
  return problems;
}

/** Whether `name` is one of {@link TEMPLATE_PLACEHOLDERS}, exactly. */
export function isTemplatePlaceholder(name: string): name is TemplatePlaceholder {
  return (TEMPLATE_PLACEHOLDERS as readonly string[]).includes(name);
}

function unknownPlaceholder(name: string): string {
  const simplified = name.replace(/[\s_-]/g, '').toLowerCase();
  const resembling = TEMPLATE_PLACEHOLDERS.find((known) => known.toLowerCase() === simplified);
  const known = TEMPLATE_PLACEHOLDERS.map((placeholder) => `{${placeholder}}`);
  return resembling
    ? `unknown placeholder {${name}}; did you mean {${resembling}}?`
    : `unknown placeholder {${name}}; use ${known.slice(0, -1).join(', ')} or ${known.at(-1) ?? ''}`;
}

function deepFreeze<T extends Record<string, Record<string, string>>>(value: T): T {
  for (const inner of Object.values(value)) Object.freeze(inner);
  return Object.freeze(value);
}
