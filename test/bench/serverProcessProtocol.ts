import { isProcessStats, type ProcessStats } from './processStats';

/**
 * What the benchmark and a server child process say to each other, one line each way:
 * commands on the child's stdin, JSON messages on its stdout.
 */
export type ChildCommand = 'reset-stats' | 'read-stats';

/** Every {@link ChildCommand}. */
export const CHILD_COMMANDS: readonly ChildCommand[] = ['reset-stats', 'read-stats'];

/** A line the child prints: first its URL once listening, then one `stats` per `read-stats`. */
export type ChildMessage = { readonly url: string } | { readonly stats: ProcessStats };

/** Whether a line read from the child's stdin is a {@link ChildCommand}. */
export function isChildCommand(line: string): line is ChildCommand {
  return (CHILD_COMMANDS as readonly string[]).includes(line);
}

/** Parses a line of the child's stdout; `undefined` when it is not a {@link ChildMessage}. */
export function parseChildMessage(line: string): ChildMessage | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  if ('url' in parsed && typeof parsed.url === 'string') return { url: parsed.url };
  if ('stats' in parsed && isProcessStats(parsed.stats)) return { stats: parsed.stats };
  return undefined;
}
