import type { Activity } from 'botbuilder';
import type { z } from 'zod';
import type { transcriptActivitySchema } from './schemas/transcriptSchemas';

/**
 * Stored activities as the answer of a transcript route. Bot Framework's interfaces have no index signature, so
 * TypeScript cannot see that they fit the schema's open objects; the router still checks every activity against
 * `transcriptActivitySchema` when it serialises the answer.
 *
 * @example return { status: 200, body: { items: transcriptActivityAnswer(page.items), continuationToken } };
 */
export function transcriptActivityAnswer(items: readonly Partial<Activity>[]): z.input<typeof transcriptActivitySchema>[] {
  return items as z.input<typeof transcriptActivitySchema>[];
}
