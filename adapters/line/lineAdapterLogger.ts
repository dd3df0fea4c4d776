/**
 * The logging the adapter needs: structured fields first, message second (pino's shape, so a
 * pino logger fits as is, without the adapter depending on it).
 */
export interface LineAdapterLogger {
  debug(fields: object, message: string): void;
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

/** A logger that drops everything; the default when none is given. */
export const silentLineAdapterLogger: LineAdapterLogger = Object.freeze({
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
});
