import { z } from 'zod';

/** The figures of one group of handoff cycles. */
export const reportRowSchema = z
  .object({
    key: z.string().describe('queue id, agent id, LINE account id, language, day `YYYY-MM-DD` or hour `YYYY-MM-DD HH:00` in the time zone; empty: none (e.g. never assigned)'),
    requested: z.number().int().describe('cycles requested in the period'),
    answered: z.number().int().describe('of them, assigned to an agent'),
    abandoned: z.number().int().describe('of them, cancelled or left by the customer before any assignment'),
    averageWaitSeconds: z.number().nullable().describe('request → first assignment, answered cycles'),
    p90WaitSeconds: z.number().nullable().describe('nearest-rank 90th percentile of the same'),
    serviceLevel: z.number().nullable().describe('share (0–1) of answered + abandoned that were answered within serviceLevelSeconds'),
    averageHandleSeconds: z.number().nullable().describe('first assignment → end, answered cycles that ended'),
    transfers: z.number().int(),
    csatCount: z.number().int(),
    csatAverage: z.number().nullable(),
  })
  .meta({ id: 'ReportRow' });

/** A survey comment with the conversation it rates. */
export const reportCommentSchema = z.object({
  handoffId: z.string(),
  cycle: z.number().int(),
  channelId: z.string(),
  conversationId: z.string(),
  queueId: z.string(),
  agentId: z.string().nullable(),
  rating: z.number().int(),
  comment: z.string(),
  at: z.string(),
});

/** `GET /api/supervisor/reports` as JSON. */
export const reportSchema = z
  .object({
    period: z.object({ from: z.string(), to: z.string(), timeZone: z.string() }),
    groupBy: z.enum(['queue', 'agent', 'lineAccount', 'language', 'day', 'hour']),
    serviceLevelSeconds: z.number().int(),
    rows: z.array(reportRowSchema),
    total: reportRowSchema,
    series: z.array(reportRowSchema).describe('per day (per hour when grouped by hour)'),
    csat: z.object({
      count: z.number().int(),
      average: z.number().nullable(),
      distribution: z.object({ 1: z.number().int(), 2: z.number().int(), 3: z.number().int(), 4: z.number().int(), 5: z.number().int() }).describe('ratings 1–5 → count'),
    }),
    comments: z.array(reportCommentSchema).describe('survey comments, newest first (at most 500)'),
  })
  .meta({ id: 'Report' });
