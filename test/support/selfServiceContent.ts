import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { SelfServiceTopic } from '../../dialogs/selfService/selfServiceContent';
import { parseSelfServiceContent } from '../../src/content/selfServiceContentFile';

/** The shipped self-service content file, as the server loads it. */
export const SHIPPED_CONTENT = parseSelfServiceContent(JSON.parse(readFileSync(path.resolve('content/self-service.json'), 'utf8')), 'content/self-service.json');

/** A topic of the shipped content by id (throws when absent, so a test cannot pass on a missing topic). */
export function shippedTopic(id: string): SelfServiceTopic {
  const topic = SHIPPED_CONTENT.topics.find((candidate) => candidate.id === id);
  if (!topic) throw new Error(`no topic '${id}' in content/self-service.json`);
  return topic;
}
