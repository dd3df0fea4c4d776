import { LINE_ACCOUNT_ID_PATTERN } from '../../../adapters/line/lineAccount';
import { z } from 'zod';
import { SUPPORTED_LANGUAGES } from '../../../dialogs/language/supportedLanguage';

/** Ids of queues, rules and workstreams: lower-case slugs, safe in a URL path. */
export const configIdSchema = z.string().trim().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be a slug: lower-case letters, digits and hyphens, at most 63');

/** An agent profile's id: the agent's user id. */
export const agentIdSchema = z.string().trim().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/, 'must be a user id');

const nameSchema = z.string().trim().min(1).max(100);
const languageSchema = z.enum(SUPPORTED_LANGUAGES);
const languagesSchema = z.array(languageSchema).min(1).max(SUPPORTED_LANGUAGES.length);
const tokenListSchema = z.array(z.string().trim().min(1).max(100)).max(100);

/** Whether `timeZone` is an IANA zone this runtime knows (`Intl` throws a RangeError otherwise). */
function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** Whether `date` (`YYYY-MM-DD`) is a date of the calendar, not merely shaped like one. */
function isCalendarDate(date: string): boolean {
  const parsed = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(date);
}

/** `OperatingHours` of routingModel.ts: an IANA time zone, weekly `HH:MM` intervals, `YYYY-MM-DD` holidays. */
export const operatingHoursSchema = z.strictObject({
  timeZone: z.string().trim().min(1).max(64).refine(isKnownTimeZone, 'must be an IANA time zone, e.g. Asia/Tokyo'),
  weekly: z
    .array(
      z.strictObject({
        day: z.literal([0, 1, 2, 3, 4, 5, 6], 'must be 0 (Sunday) to 6 (Saturday)'),
        opens: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM, 00:00 to 23:59'),
        closes: z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'must be HH:MM, 00:00 to 24:00'),
      }),
    )
    .max(100),
  holidays: z
    .array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD').refine(isCalendarDate, 'must be a date of the calendar'))
    .max(1000)
    .default([]),
});

/** A queue (`Queue` of routingModel.ts). `hours` absent: always open. */
export const queueSchema = z.strictObject({
  id: configIdSchema,
  name: nameSchema,
  languages: languagesSchema,
  priority: z.int().min(-1000).max(1000),
  distribution: z.enum(['push', 'pick']),
  hours: operatingHoursSchema.optional(),
});

/** `RuleConditions` of routingModel.ts; every condition given must hold. */
export const ruleConditionsSchema = z.strictObject({
  languages: languagesSchema.optional(),
  skills: tokenListSchema.optional(),
  topics: tokenListSchema.optional(),
  lineAccountIds: tokenListSchema.optional(),
  customerTagsAny: tokenListSchema.optional(),
  hasLinkedContact: z.boolean().optional(),
  schedule: z.strictObject({ hours: operatingHoursSchema, inside: z.boolean() }).optional(),
});

/** A routing rule (`RoutingRuleConfig`): conditions `when`, the target `queueId`, skills and priority it asks for. */
export const routingRuleSchema = z.strictObject({
  id: configIdSchema,
  name: nameSchema,
  order: z.int().min(0).max(1_000_000),
  when: ruleConditionsSchema,
  queueId: configIdSchema,
  requiredSkills: tokenListSchema.default([]),
  priority: z.int().min(-1000).max(1000).optional(),
});

/** An agent profile (`AgentProfile`); skill names are unique. */
export const agentProfileSchema = z.strictObject({
  id: agentIdSchema,
  displayName: nameSchema,
  languages: languagesSchema,
  skills: z
    .array(z.strictObject({ name: z.string().trim().min(1).max(100), proficiency: z.literal([1, 2, 3, 4, 5], 'must be 1 to 5') }))
    .max(100)
    .refine((skills) => new Set(skills.map((skill) => skill.name)).size === skills.length, 'names a skill twice')
    .default([]),
  capacity: z.int().min(1).max(50),
  queueIds: z.array(configIdSchema).max(100).default([]),
});

/** A workstream (`Workstream`). */
export const workstreamSchema = z.strictObject({
  id: configIdSchema,
  name: nameSchema,
  language: languageSchema,
  surveyEnabled: z.boolean(),
  allowCustomerAttachments: z.boolean(),
  allowAgentAttachments: z.boolean(),
  automatedMessagesWorkstreamId: configIdSchema.optional(),
  /** The LINE account whose conversations take this workstream (before the language-only choice). */
  lineAccountId: z.string().regex(LINE_ACCOUNT_ID_PATTERN, 'must be a LINE account id').optional(),
});

/** A canned response (`CannedResponse`); tags are lower-case words. */
export const cannedResponseSchema = z.strictObject({
  id: configIdSchema,
  title: nameSchema,
  text: z.string().trim().min(1).max(5000),
  language: languageSchema.optional(),
  tags: z.array(z.string().trim().toLowerCase().regex(/^[^\s]{1,50}$/, 'must be one word of at most 50 characters')).max(20).default([]),
});

// A `PUT` body is the whole item; its `id` may be left out since the path names it.

/** Body of `PUT /api/admin/queues/:id`. */
export const queueReplacementSchema = queueSchema.extend({ id: configIdSchema.optional() });
/** Body of `PUT /api/admin/routing-rules/:id`. */
export const routingRuleReplacementSchema = routingRuleSchema.extend({ id: configIdSchema.optional() });
/** Body of `PUT /api/admin/agents/:id`. */
export const agentProfileReplacementSchema = agentProfileSchema.extend({ id: agentIdSchema.optional() });
/** Body of `PUT /api/admin/canned-responses/:id`. */
export const cannedResponseReplacementSchema = cannedResponseSchema.extend({ id: configIdSchema.optional() });
/** Body of `PUT /api/admin/workstreams/:id`. */
export const workstreamReplacementSchema = workstreamSchema.extend({ id: configIdSchema.optional() });
