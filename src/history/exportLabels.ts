/**
 * The words of a downloaded conversation page in the four languages the dashboard speaks, so the file reads in the
 * language of the person who downloaded it: headings, field names, states, close reasons, roles and actions instead
 * of the codes the API uses. Kept here (the server never imports the dashboard's catalogues).
 */

/** The languages of a download. */
export const EXPORT_LANGUAGES = ['en', 'ja', 'th', 'zh-TW'] as const;

/** One of {@link EXPORT_LANGUAGES}. */
export type ExportLanguage = (typeof EXPORT_LANGUAGES)[number];

/** The words of one language. */
export interface ExportLabels {
  readonly title: (name: string) => string;
  readonly customer: string;
  readonly exported: string;
  readonly truncated: string;
  readonly handoff: (cycle: number) => string;
  readonly state: string;
  readonly requested: string;
  readonly assigned: string;
  readonly closed: string;
  readonly closeReason: string;
  readonly queue: string;
  readonly agent: string;
  readonly transfers: string;
  readonly wrapUpCode: string;
  readonly wrapUpNote: string;
  readonly rating: string;
  readonly comment: string;
  readonly bot: string;
  readonly agentNamed: (name: string) => string;
  readonly internalNote: string;
  readonly toQueue: (queue: string) => string;
  readonly toAgent: (agent: string) => string;
  readonly states: Readonly<Record<'queued' | 'assigned' | 'waiting' | 'wrapUp' | 'closed', string>>;
  readonly closeReasons: Readonly<Record<'agent' | 'customerCancelled' | 'outOfHours' | 'inactivity' | 'supervisor' | 'customerLeft' | 'accountRemoved', string>>;
  readonly roles: Readonly<Record<'agent' | 'supervisor', string>>;
  readonly actions: Readonly<Record<'assign' | 'transfer' | 'close', string>>;
}

const LABELS: Readonly<Record<ExportLanguage, ExportLabels>> = {
  en: {
    title: (name) => `Conversation with ${name}`,
    customer: 'Customer',
    exported: 'Exported',
    truncated: 'The transcript is longer than this export.',
    handoff: (cycle) => `Handoff ${cycle}`,
    state: 'State',
    requested: 'Requested',
    assigned: 'Assigned',
    closed: 'Closed',
    closeReason: 'Close reason',
    queue: 'Queue',
    agent: 'Agent',
    transfers: 'Transfers',
    wrapUpCode: 'Wrap-up code',
    wrapUpNote: 'Wrap-up note',
    rating: 'Survey rating',
    comment: 'Survey comment',
    bot: 'Bot',
    agentNamed: (name) => `Agent ${name}`,
    internalNote: 'Internal note',
    toQueue: (queue) => `to queue ${queue}`,
    toAgent: (agent) => `to agent ${agent}`,
    states: { queued: 'Waiting in the queue', assigned: 'With an agent', waiting: 'Waiting for the customer', wrapUp: 'Wrap-up', closed: 'Closed' },
    closeReasons: {
      agent: 'Closed by the agent',
      customerCancelled: 'The customer cancelled the request',
      outOfHours: 'Outside opening hours',
      inactivity: 'No reply for too long',
      supervisor: 'Closed by a supervisor',
      customerLeft: 'The customer left (blocked the account)',
      accountRemoved: 'The LINE account was removed',
    },
    roles: { agent: 'agent', supervisor: 'supervisor' },
    actions: { assign: 'assigned', transfer: 'transferred', close: 'closed' },
  },
  ja: {
    title: (name) => `${name} さんとの会話`,
    customer: 'お客様',
    exported: '出力日時',
    truncated: 'この出力には会話の一部のみが含まれています。',
    handoff: (cycle) => `有人対応 ${cycle}`,
    state: '状態',
    requested: '依頼日時',
    assigned: '割り当て日時',
    closed: '終了日時',
    closeReason: '終了理由',
    queue: 'キュー',
    agent: 'オペレーター',
    transfers: '転送回数',
    wrapUpCode: '後処理コード',
    wrapUpNote: '後処理メモ',
    rating: 'アンケート評価',
    comment: 'アンケートのコメント',
    bot: 'ボット',
    agentNamed: (name) => `オペレーター ${name}`,
    internalNote: '社内メモ',
    toQueue: (queue) => `キュー「${queue}」へ`,
    toAgent: (agent) => `オペレーター ${agent} へ`,
    states: { queued: 'キューで待機中', assigned: 'オペレーター対応中', waiting: 'お客様の返信待ち', wrapUp: '後処理中', closed: '終了' },
    closeReasons: {
      agent: 'オペレーターが終了',
      customerCancelled: 'お客様が依頼を取り消し',
      outOfHours: '営業時間外',
      inactivity: '一定時間応答なし',
      supervisor: 'スーパーバイザーが終了',
      customerLeft: 'お客様が退出（ブロック）',
      accountRemoved: 'LINE アカウントが削除された',
    },
    roles: { agent: 'オペレーター', supervisor: 'スーパーバイザー' },
    actions: { assign: '割り当て', transfer: '転送', close: '終了' },
  },
  th: {
    title: (name) => `การสนทนากับ ${name}`,
    customer: 'ลูกค้า',
    exported: 'ส่งออกเมื่อ',
    truncated: 'บทสนทนายาวกว่าที่ส่งออกไว้ในไฟล์นี้',
    handoff: (cycle) => `การส่งต่อครั้งที่ ${cycle}`,
    state: 'สถานะ',
    requested: 'ขอเมื่อ',
    assigned: 'มอบหมายเมื่อ',
    closed: 'ปิดเมื่อ',
    closeReason: 'เหตุผลที่ปิด',
    queue: 'คิว',
    agent: 'เจ้าหน้าที่',
    transfers: 'จำนวนการโอน',
    wrapUpCode: 'รหัสสรุปงาน',
    wrapUpNote: 'บันทึกสรุปงาน',
    rating: 'คะแนนแบบสำรวจ',
    comment: 'ความคิดเห็นในแบบสำรวจ',
    bot: 'บอท',
    agentNamed: (name) => `เจ้าหน้าที่ ${name}`,
    internalNote: 'บันทึกภายใน',
    toQueue: (queue) => `ไปยังคิว ${queue}`,
    toAgent: (agent) => `ไปยังเจ้าหน้าที่ ${agent}`,
    states: { queued: 'รอในคิว', assigned: 'อยู่กับเจ้าหน้าที่', waiting: 'รอลูกค้าตอบ', wrapUp: 'สรุปงาน', closed: 'ปิดแล้ว' },
    closeReasons: {
      agent: 'เจ้าหน้าที่ปิด',
      customerCancelled: 'ลูกค้ายกเลิกคำขอ',
      outOfHours: 'นอกเวลาทำการ',
      inactivity: 'ไม่มีการตอบกลับนานเกินไป',
      supervisor: 'หัวหน้างานปิด',
      customerLeft: 'ลูกค้าออกจากแชท (บล็อกบัญชี)',
      accountRemoved: 'บัญชี LINE ถูกลบ',
    },
    roles: { agent: 'เจ้าหน้าที่', supervisor: 'หัวหน้างาน' },
    actions: { assign: 'มอบหมาย', transfer: 'โอน', close: 'ปิด' },
  },
  'zh-TW': {
    title: (name) => `與 ${name} 的對話`,
    customer: '客戶',
    exported: '匯出時間',
    truncated: '對話紀錄比此匯出內容更長。',
    handoff: (cycle) => `轉接真人 ${cycle}`,
    state: '狀態',
    requested: '請求時間',
    assigned: '指派時間',
    closed: '結束時間',
    closeReason: '結束原因',
    queue: '佇列',
    agent: '客服人員',
    transfers: '轉接次數',
    wrapUpCode: '結案代碼',
    wrapUpNote: '結案備註',
    rating: '問卷評分',
    comment: '問卷意見',
    bot: '機器人',
    agentNamed: (name) => `客服人員 ${name}`,
    internalNote: '內部備註',
    toQueue: (queue) => `至佇列「${queue}」`,
    toAgent: (agent) => `至客服人員 ${agent}`,
    states: { queued: '佇列等候中', assigned: '客服處理中', waiting: '等候客戶回覆', wrapUp: '結案處理中', closed: '已結束' },
    closeReasons: {
      agent: '由客服人員結束',
      customerCancelled: '客戶取消請求',
      outOfHours: '非營業時間',
      inactivity: '長時間未回覆',
      supervisor: '由主管結束',
      customerLeft: '客戶已離開（封鎖帳號）',
      accountRemoved: 'LINE 帳號已移除',
    },
    roles: { agent: '客服人員', supervisor: '主管' },
    actions: { assign: '指派', transfer: '轉接', close: '結束' },
  },
};

/** The words of `language`. */
export function exportLabels(language: ExportLanguage): ExportLabels {
  return LABELS[language];
}

/** The download language for one BCP 47 tag, or `undefined`: Traditional Chinese (`zh-TW`, `zh-Hant`, `zh-HK`, `zh-MO`) is `zh-TW`. */
export function exportLanguageOfTag(tag: string): ExportLanguage | undefined {
  const parts = tag.trim().replace(/_/g, '-').toLowerCase().split('-');
  const [language] = parts;
  if (language === 'en' || language === 'ja' || language === 'th') return language;
  if (language === 'zh' && (parts.includes('hant') || parts.includes('tw') || parts.includes('hk') || parts.includes('mo'))) return 'zh-TW';
  return undefined;
}

/**
 * The language of a download: `?lang=` when it is one of {@link EXPORT_LANGUAGES}, else the best one the
 * `Accept-Language` header names (by its q-values), else English.
 *
 * @example downloadLanguage(undefined, 'th-TH,th;q=0.9,en;q=0.8'); // 'th'
 */
export function downloadLanguage(lang: string | undefined, acceptLanguage: string | undefined): ExportLanguage {
  const asked = lang ? exportLanguageOfTag(lang) : undefined;
  if (asked) return asked;
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, index) => {
      const [tag = '', ...parameters] = part.split(';').map((piece) => piece.trim());
      const quality = parameters.find((parameter) => parameter.startsWith('q='));
      return { tag, q: quality ? Number(quality.slice(2)) : 1, index };
    })
    .filter((entry) => entry.tag !== '' && entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of ranked) {
    const language = exportLanguageOfTag(tag);
    if (language) return language;
  }
  return 'en';
}
