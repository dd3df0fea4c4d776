import { z } from 'zod';

/** Query of `GET /api/admin/line-usage`. */
export const lineUsageQuerySchema = z.object({
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be YYYY-MM')
    .optional()
    .describe('YYYY-MM in Japan time (default: this month, with LINE’s quota read again when the last reading is old)'),
});

/** The push meter of one LINE account in one month. */
export const lineUsageReportSchema = z
  .object({
    accountId: z.string(),
    name: z.string(),
    month: z.string(),
    replyMessages: z.number().int(),
    pushMessages: z.number().int(),
    replyRequests: z.number().int(),
    pushRequests: z.number().int(),
    replyFallbacks: z.number().int().describe('replies that went by push (token expired or used)'),
    failures: z.number().int(),
    quota: z.number().int().nullable().describe('messages a month; null when unlimited or not read yet'),
    consumption: z.number().int().nullable().describe('LINE’s count against the quota'),
    quotaReadAt: z.string().nullable().describe('when LINE’s quota was read (ISO 8601)'),
    level: z.enum(['unlimited', 'unknown', 'ok', 'warning', 'exhausted']).describe('warning from 80 % of the quota, exhausted at 100 %'),
  })
  .meta({ id: 'LineUsageReport' });

/** `GET /api/admin/line-usage`. */
export const lineUsageSchema = z.object({ month: z.string(), accounts: z.array(lineUsageReportSchema) });
