import { z } from 'zod';
import { selfServiceContentSchema } from '../../content/selfServiceContentSchema';
import { dateTimeSchema } from '../api/commonSchemas';

/** The bot's self-service content: topics, the main menu's topic ids in order, the default skill. */
export const selfServiceContentDocumentSchema = selfServiceContentSchema.meta({ id: 'SelfServiceContent' });

/** Body of `PUT /api/admin/self-service-content`: the whole content, and the version it was edited from. */
export const selfServiceContentSaveSchema = z
  .strictObject({
    content: z.unknown().describe('a SelfServiceContent; checked by the server, which lists every problem at once'),
    version: z.number().int().min(0).describe('the version the content was edited from'),
  })
  .meta({ id: 'SelfServiceContentSave' });

/** The content the bot answers with now, and the version a save must name. */
export const selfServiceContentRevisionSchema = z
  .object({
    content: selfServiceContentDocumentSchema,
    version: z.number().int().min(0).describe('counts saves and resets; 0 while nothing was ever saved'),
    source: z.enum(['file', 'stored']).describe('`file`: SELF_SERVICE_CONTENT_FILE (nothing saved, or reset); `stored`: saved by an admin'),
    updatedAt: dateTimeSchema.optional().describe('the last save or reset, if any'),
    updatedBy: z.string().optional().describe('who made it: a username or `admin key`'),
  })
  .meta({ id: 'SelfServiceContentRevision' });

/** One problem in content: where (`topics[2].title.th`, within `content`; empty for the whole) and what. */
export const selfServiceContentIssueSchema = z.object({ jsonPath: z.string(), message: z.string() });

/** A refusal listing every problem of a content. */
export const selfServiceContentIssuesSchema = z
  .object({ message: z.string(), code: z.string(), issues: z.array(selfServiceContentIssueSchema) })
  .meta({ id: 'SelfServiceContentIssues' });

/** The 409 of a save from a stale version: the version stored now. */
export const selfServiceContentConflictSchema = z.object({ message: z.string(), code: z.string(), version: z.number().int() });
