import { createHash } from 'node:crypto';
import type { ReportCycle } from './reportCycle';

/**
 * One quarter hour of the report digest in memory: per cycle fact (by a 64-bit hash of its `_id`), the fact revision
 * it shows and its {@link ReportCycle}. Stored as a document of fixed-width binary records in base64 plus the strings
 * they name ({@link encodeDigestSlot}): a month of 100,000 cycles is then ~11 MB of text that decodes in a few tens of
 * milliseconds, where the same as JSON arrays of named values took several hundred.
 */
export interface DigestSlot {
  readonly records: Map<string, { readonly rev: number; readonly cycle: ReportCycle }>;
}

/** The stored form of a {@link DigestSlot}. */
export interface EncodedDigestSlot {
  /** The strings the records name (queue, agent, LINE account, language, commented fact ids). */
  readonly strings: string[];
  /** {@link RECORD_BYTES} per cycle, base64. */
  readonly records: string;
}

/** Bytes of one record: ten 32-bit fields, then five 64-bit floats (little endian). */
const RECORD_BYTES = 80;
const NONE = 0xffffffff;

/**
 * The record key of a fact: 64 bits of the SHA-256 of its `_id` as hex. Two facts of one quarter hour sharing it is
 * as likely as a 64-bit collision.
 */
export function recordKey(factId: string): string {
  return createHash('sha256').update(factId).digest('hex').slice(0, 16);
}

/** The slot stored as `encoded`, or an empty one. */
export function decodeDigestSlot(encoded: EncodedDigestSlot | undefined): DigestSlot {
  const records = new Map<string, { rev: number; cycle: ReportCycle }>();
  if (encoded) {
    forEachRecord(encoded, true, (key, rev, cycle) => {
      records.set(key, { rev, cycle });
    });
  }
  return { records };
}

/** The report cycles of a stored slot requested in `[from, to)`, appended to `into` (the report's read path). */
export function collectReportCycles(encoded: EncodedDigestSlot, from: number, to: number, into: ReportCycle[]): void {
  forEachRecord(encoded, false, (_key, _rev, cycle) => {
    if (cycle.requestedAt >= from && cycle.requestedAt < to) into.push(cycle);
  });
}

/** The stored form of `slot`, naming only the strings its records use. */
export function encodeDigestSlot(slot: DigestSlot): EncodedDigestSlot {
  const strings: string[] = [];
  const indexes = new Map<string, number>();
  const index = (value: string | undefined): number => {
    if (value === undefined) return NONE;
    let found = indexes.get(value);
    if (found === undefined) {
      found = strings.length;
      strings.push(value);
      indexes.set(value, found);
    }
    return found;
  };
  const bytes = Buffer.alloc(slot.records.size * RECORD_BYTES);
  let offset = 0;
  for (const [key, { rev, cycle }] of slot.records) {
    bytes.write(key, offset, 8, 'hex');
    bytes.writeUInt32LE(rev, offset + 8);
    bytes.writeUInt32LE(cycle.transfers, offset + 12);
    bytes.writeUInt32LE(index(cycle.queueId), offset + 16);
    bytes.writeUInt32LE(index(cycle.agentId), offset + 20);
    bytes.writeUInt32LE(index(cycle.lineAccountId), offset + 24);
    bytes.writeUInt32LE(index(cycle.language), offset + 28);
    bytes.writeUInt32LE(index(cycle.commentFactId), offset + 32);
    bytes.writeUInt32LE(cycle.abandoned ? 1 : 0, offset + 36);
    bytes.writeDoubleLE(cycle.requestedAt, offset + 40);
    bytes.writeDoubleLE(cycle.waitMs ?? Number.NaN, offset + 48);
    bytes.writeDoubleLE(cycle.handleMs ?? Number.NaN, offset + 56);
    bytes.writeDoubleLE(cycle.rating ?? Number.NaN, offset + 64);
    bytes.writeDoubleLE(cycle.commentAt ?? Number.NaN, offset + 72);
    offset += RECORD_BYTES;
  }
  return { strings, records: bytes.toString('base64') };
}

function forEachRecord(encoded: EncodedDigestSlot, withKeys: boolean, visit: (key: string, rev: number, cycle: ReportCycle) => void): void {
  const bytes = Buffer.from(encoded.records, 'base64');
  const { strings } = encoded;
  const text = (at: number): string | undefined => {
    const index = bytes.readUInt32LE(at);
    return index === NONE ? undefined : strings[index];
  };
  const number = (at: number): number | undefined => {
    const value = bytes.readDoubleLE(at);
    return Number.isNaN(value) ? undefined : value;
  };
  for (let offset = 0; offset + RECORD_BYTES <= bytes.length; offset += RECORD_BYTES) {
    visit(withKeys ? bytes.toString('hex', offset, offset + 8) : '', bytes.readUInt32LE(offset + 8), {
      requestedAt: bytes.readDoubleLE(offset + 40),
      queueId: text(offset + 16) ?? '',
      agentId: text(offset + 20),
      lineAccountId: text(offset + 24),
      language: text(offset + 28) ?? '',
      waitMs: number(offset + 48),
      handleMs: number(offset + 56),
      abandoned: bytes.readUInt32LE(offset + 36) === 1,
      transfers: bytes.readUInt32LE(offset + 12),
      rating: number(offset + 64),
      commentAt: number(offset + 72),
      commentFactId: text(offset + 32),
    });
  }
}
