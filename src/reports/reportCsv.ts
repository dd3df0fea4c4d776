import type { ReportFigures, ReportRow } from './reportFigures';

/** A CSV table: header and rows of cells. */
export type CsvTable = { readonly header: readonly string[]; readonly rows: readonly (readonly (string | number | null)[])[] };

/**
 * RFC 4180 text of `table`: CRLF line ends, fields with a comma, quote, CR or LF quoted (quotes doubled), preceded by
 * a UTF-8 byte order mark so spreadsheet programs read Japanese and Thai correctly. Numbers are written as they are,
 * `null` as an empty field; a text starting with `=`, `+`, `-` or `@` is prefixed with `'` so no spreadsheet takes a
 * customer's comment for a formula.
 *
 * @example csvText({ header: ['a'], rows: [['x,y']] }); // '\uFEFFa\r\n"x,y"\r\n'
 */
export function csvText(table: CsvTable): string {
  const lines = [table.header, ...table.rows].map((cells) => cells.map(csvField).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

function csvField(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toFixed(3).replace(/\.?0+$/, '');
  const text = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const ROW_HEADER = ['requested', 'answered', 'abandoned', 'averageWaitSeconds', 'p90WaitSeconds', 'serviceLevel', 'averageHandleSeconds', 'transfers', 'csatCount', 'csatAverage'];

function rowCells(row: ReportRow): (string | number | null)[] {
  return [row.key, row.requested, row.answered, row.abandoned, row.averageWaitSeconds, row.p90WaitSeconds, row.serviceLevel, row.averageHandleSeconds, row.transfers, row.csatCount, row.csatAverage];
}

/**
 * The table `name` of a report: `figures` (one row per group, then `total`), `series` (per day or hour), `csat`
 * (rating, count) or `comments`.
 */
export function reportTable(figures: ReportFigures, name: 'figures' | 'series' | 'csat' | 'comments', groupBy: string): CsvTable {
  switch (name) {
    case 'figures':
      return { header: [groupBy, ...ROW_HEADER], rows: [...figures.rows.map(rowCells), rowCells({ ...figures.total, key: 'total' })] };
    case 'series':
      return { header: ['period', ...ROW_HEADER], rows: figures.series.map(rowCells) };
    case 'csat':
      return { header: ['rating', 'count'], rows: ([1, 2, 3, 4, 5] as const).map((rating) => [rating, figures.csat.distribution[rating]]) };
    case 'comments':
      return {
        header: ['at', 'rating', 'comment', 'queueId', 'agentId', 'channelId', 'conversationId', 'handoffId', 'cycle'],
        rows: figures.comments.map((comment) => [comment.at, comment.rating, comment.comment, comment.queueId, comment.agentId, comment.channelId, comment.conversationId, comment.handoffId, comment.cycle]),
      };
  }
}
