import type { ConversationExport, ExportedCycle } from './conversationExport';
import { exportLabels, type ExportLabels, type ExportLanguage } from './exportLabels';

/** How a downloaded page reads: its language and the time zone of its dates. */
export interface HtmlExportOptions {
  readonly language: ExportLanguage;
  /** An IANA time zone (`Asia/Tokyo`); checked by {@link isTimeZone}. */
  readonly timeZone: string;
}

/** Whether `zone` is a time zone this runtime knows. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Words and date format of one page. */
interface Wording {
  readonly labels: ExportLabels;
  readonly date: (iso: string | undefined) => string;
}

function wordingOf(options: HtmlExportOptions): Wording {
  const format = new Intl.DateTimeFormat(options.language, { dateStyle: 'medium', timeStyle: 'medium', timeZone: options.timeZone });
  return {
    labels: exportLabels(options.language),
    date: (iso) => {
      const time = iso === undefined ? Number.NaN : Date.parse(iso);
      return Number.isNaN(time) ? '' : format.format(time);
    },
  };
}

function labelOf<K extends string>(table: Readonly<Record<K, string>>, code: string | undefined): string | undefined {
  return code === undefined ? undefined : Object.hasOwn(table, code) ? table[code as K] : code;
}

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const STYLE = `
body{font:14px/1.5 system-ui,-apple-system,"Segoe UI","Noto Sans","Noto Sans JP","Noto Sans Thai","Noto Sans TC",sans-serif;color:#1a1a1a;max-width:760px;margin:24px auto;padding:0 16px}
h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:24px 0 8px;border-bottom:1px solid #ccc;padding-bottom:4px}
.meta{color:#555;font-size:12px}dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:8px 0}dt{color:#555}dd{margin:0}
.msg{margin:6px 0;padding:6px 10px;border-radius:8px;background:#f1f3f5;break-inside:avoid}.msg.customer{background:#e7f5ec}.msg.agent{background:#e8f0fe}
.who{font-size:12px;color:#555}.text{white-space:pre-wrap;overflow-wrap:anywhere}
.note{margin:6px 0;padding:6px 10px;border-left:4px solid #e0b400;background:#fff8d6;break-inside:avoid}.action{margin:6px 0;font-size:12px;color:#444;font-style:italic}
@media print{body{margin:0;max-width:none}h2{break-after:avoid}}`;

/**
 * A conversation as one self-contained, print-ready HTML page: no script, no outside resources, every text escaped.
 * Cycles are separated, each with its facts, then its internal notes and messages in order. Field names, states,
 * close reasons, roles and actions are words of `options.language`; dates are in that language and `options.timeZone`.
 *
 * @example res.end(renderConversationHtml(exported, { language: 'ja', timeZone: 'Asia/Tokyo' }));
 */
export function renderConversationHtml(data: ConversationExport, options: HtmlExportOptions = { language: 'en', timeZone: 'UTC' }): string {
  const wording = wordingOf(options);
  const { labels } = wording;
  const title = labels.title(data.customer.name ?? data.customer.id);
  const sections = data.cycles.map((cycle, index) => {
    const start = Date.parse(cycle.requestedAt);
    const next = data.cycles[index + 1];
    const end = next ? Date.parse(next.requestedAt) : Number.POSITIVE_INFINITY;
    const begin = index === 0 ? Number.NEGATIVE_INFINITY : start;
    const inCycle = (at: string | undefined): boolean => {
      const time = at === undefined ? Number.NaN : Date.parse(at);
      return Number.isNaN(time) ? index === 0 : time >= begin && time < end;
    };
    const timeline = [
      ...data.messages.filter((message) => inCycle(message.at)).map((message) => ({ at: message.at ?? '', html: messageHtml(message, wording) })),
      ...data.notes.filter((note) => note.cycle === cycle.cycle && note.kind !== 'wrapUp').map((note) => ({ at: note.at, html: noteHtml(note, wording) })),
    ].sort((a, b) => a.at.localeCompare(b.at));
    return `<section><h2>${escapeHtml(labels.handoff(cycle.cycle))}</h2>${cycleFacts(cycle, wording)}${timeline.map((item) => item.html).join('')}</section>`;
  });
  const meta = `${labels.customer} ${data.customer.id} · ${data.channelId} · ${labels.exported} ${wording.date(data.exportedAt)} (${options.timeZone})`;
  return `<!doctype html><html lang="${options.language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><h1>${escapeHtml(title)}</h1><p class="meta">${escapeHtml(meta)}${data.truncated ? ` · ${escapeHtml(labels.truncated)}` : ''}</p>${sections.join('')}</body></html>`;
}

function row(label: string, value: string | number | undefined): string {
  return value === undefined || value === '' ? '' : `<dt>${escapeHtml(label)}</dt><dd>${escapeHtml(String(value))}</dd>`;
}

function cycleFacts(cycle: ExportedCycle, { labels, date }: Wording): string {
  return `<dl>${[
    row(labels.state, labelOf(labels.states, cycle.state)),
    row(labels.requested, date(cycle.requestedAt)),
    row(labels.assigned, date(cycle.assignedAt)),
    row(labels.closed, date(cycle.closedAt)),
    row(labels.closeReason, labelOf(labels.closeReasons, cycle.closeReason)),
    row(labels.queue, cycle.queueName ?? cycle.queueId),
    row(labels.agent, cycle.agentName ?? cycle.agentId),
    row(labels.transfers, cycle.transfers),
    row(labels.wrapUpCode, cycle.wrapUpLabel ? `${cycle.wrapUpLabel} (${cycle.wrapUpCode ?? ''})` : cycle.wrapUpCode),
    row(labels.wrapUpNote, cycle.wrapUpNote),
    row(labels.rating, cycle.rating),
    row(labels.comment, cycle.comment),
  ].join('')}</dl>`;
}

function messageHtml(message: ConversationExport['messages'][number], { labels, date }: Wording): string {
  const who = message.author === 'agent' ? labels.agentNamed(message.name ?? '') : message.author === 'bot' ? labels.bot : labels.customer;
  const files = message.attachments.map((attachment) => `[${attachment.name ?? attachment.contentType}]`).join(' ');
  return `<div class="msg ${message.author}"><div class="who">${escapeHtml(`${who} · ${date(message.at)}`)}</div><div class="text">${escapeHtml([message.text, files].filter(Boolean).join('\n'))}</div></div>`;
}

function noteHtml(note: ConversationExport['notes'][number], { labels, date }: Wording): string {
  const by = note.byName ?? note.byUserId;
  if (note.kind === 'note') return `<div class="note"><div class="who">${escapeHtml(`${labels.internalNote} · ${by} · ${date(note.at)}`)}</div><div class="text">${escapeHtml(note.text ?? '')}</div></div>`;
  const target = [note.toQueueId ? labels.toQueue(note.toQueueId) : '', note.toAgentId ? labels.toAgent(note.toAgentId) : ''].filter(Boolean).join(' ');
  return `<div class="action">${escapeHtml(`${date(note.at)} · ${by} (${labelOf(labels.roles, note.byRole) ?? ''}): ${labelOf(labels.actions, note.action) ?? ''} ${target}${note.text ? ` — ${note.text}` : ''}`)}</div>`;
}
