import type { ConversationExport, ExportedCycle } from './conversationExport';

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
 * Cycles are separated, each with its facts, then its internal notes and messages in order.
 *
 * @example res.end(renderConversationHtml(exported));
 */
export function renderConversationHtml(data: ConversationExport): string {
  const title = `Conversation with ${data.customer.name ?? data.customer.id}`;
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
      ...data.messages.filter((message) => inCycle(message.at)).map((message) => ({ at: message.at ?? '', html: messageHtml(message) })),
      ...data.notes.filter((note) => note.cycle === cycle.cycle && note.kind !== 'wrapUp').map((note) => ({ at: note.at, html: noteHtml(note) })),
    ].sort((a, b) => a.at.localeCompare(b.at));
    return `<section><h2>Handoff ${cycle.cycle}</h2>${cycleFacts(cycle)}${timeline.map((item) => item.html).join('')}</section>`;
  });
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><h1>${escapeHtml(title)}</h1><p class="meta">${escapeHtml(`Customer ${data.customer.id} · ${data.channelId} · exported ${data.exportedAt}`)}${data.truncated ? ' · the transcript is longer than this export' : ''}</p>${sections.join('')}</body></html>`;
}

function row(label: string, value: string | number | undefined): string {
  return value === undefined || value === '' ? '' : `<dt>${escapeHtml(label)}</dt><dd>${escapeHtml(String(value))}</dd>`;
}

function cycleFacts(cycle: ExportedCycle): string {
  return `<dl>${[
    row('Requested', cycle.requestedAt),
    row('Assigned', cycle.assignedAt),
    row('Closed', cycle.closedAt),
    row('Close reason', cycle.closeReason),
    row('Queue', cycle.queueName ?? cycle.queueId),
    row('Agent', cycle.agentName ?? cycle.agentId),
    row('Transfers', cycle.transfers),
    row('Wrap-up code', cycle.wrapUpLabel ? `${cycle.wrapUpLabel} (${cycle.wrapUpCode ?? ''})` : cycle.wrapUpCode),
    row('Wrap-up note', cycle.wrapUpNote),
    row('Survey rating', cycle.rating),
    row('Survey comment', cycle.comment),
  ].join('')}</dl>`;
}

function messageHtml(message: ConversationExport['messages'][number]): string {
  const who = message.author === 'agent' ? `Agent ${message.name ?? ''}` : message.author === 'bot' ? 'Bot' : 'Customer';
  const files = message.attachments.map((attachment) => `[${attachment.name ?? attachment.contentType}]`).join(' ');
  return `<div class="msg ${message.author}"><div class="who">${escapeHtml(`${who} · ${message.at ?? ''}`)}</div><div class="text">${escapeHtml([message.text, files].filter(Boolean).join('\n'))}</div></div>`;
}

function noteHtml(note: ConversationExport['notes'][number]): string {
  const by = note.byName ?? note.byUserId;
  if (note.kind === 'note') return `<div class="note"><div class="who">${escapeHtml(`Internal note · ${by} · ${note.at}`)}</div><div class="text">${escapeHtml(note.text ?? '')}</div></div>`;
  const target = [note.toQueueId ? `to queue ${note.toQueueId}` : '', note.toAgentId ? `to agent ${note.toAgentId}` : ''].filter(Boolean).join(' ');
  return `<div class="action">${escapeHtml(`${note.at} · ${by} (${note.byRole}): ${note.action ?? ''} ${target}${note.text ? ` — ${note.text}` : ''}`)}</div>`;
}
