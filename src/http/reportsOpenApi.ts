import { z } from 'zod';
import { reportQuerySchema } from '../reports/reportQuery';

const errorResponse = (description: string): object => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });
const number = { type: ['number', 'null'] };

const reportRow = {
  type: 'object',
  properties: {
    key: { type: 'string', description: 'queue id, agent id, LINE account id, language, day `YYYY-MM-DD` or hour `YYYY-MM-DD HH:00` in the time zone; empty: none (e.g. never assigned)' },
    requested: { type: 'integer', description: 'cycles requested in the period' },
    answered: { type: 'integer', description: 'of them, assigned to an agent' },
    abandoned: { type: 'integer', description: 'of them, cancelled or left by the customer before any assignment' },
    averageWaitSeconds: { ...number, description: 'request → first assignment, answered cycles' },
    p90WaitSeconds: { ...number, description: 'nearest-rank 90th percentile of the same' },
    serviceLevel: { ...number, description: 'share (0–1) of answered + abandoned that were answered within serviceLevelSeconds' },
    averageHandleSeconds: { ...number, description: 'first assignment → end, answered cycles that ended' },
    transfers: { type: 'integer' },
    csatCount: { type: 'integer' },
    csatAverage: number,
  },
};

/** The report schema and path of the OpenAPI document. */
export function reportOpenApi(supervisorOnly: object, supervisorRefusals: object): { readonly schemas: Record<string, object>; readonly paths: Record<string, object> } {
  const query = z.toJSONSchema(reportQuerySchema, { io: 'input' }) as { properties: Record<string, object>; required?: string[] };
  const parameters = Object.entries(query.properties).map(([name, schema]) => ({ name, in: 'query', required: (query.required ?? []).includes(name), schema }));
  return {
    schemas: {
      ReportRow: reportRow,
      Report: {
        type: 'object',
        properties: {
          period: { type: 'object', properties: { from: { type: 'string', format: 'date-time' }, to: { type: 'string', format: 'date-time' }, timeZone: { type: 'string' } } },
          groupBy: { type: 'string' },
          serviceLevelSeconds: { type: 'integer' },
          rows: { type: 'array', items: { $ref: '#/components/schemas/ReportRow' } },
          total: { $ref: '#/components/schemas/ReportRow' },
          series: { type: 'array', items: { $ref: '#/components/schemas/ReportRow' }, description: 'per day (per hour when grouped by hour)' },
          csat: { type: 'object', properties: { count: { type: 'integer' }, average: number, distribution: { type: 'object', additionalProperties: { type: 'integer' }, description: 'ratings 1–5 → count' } } },
          comments: {
            type: 'array',
            description: 'survey comments, newest first (at most 500)',
            items: { type: 'object', properties: { at: { type: 'string', format: 'date-time' }, rating: { type: 'integer' }, comment: { type: 'string' }, queueId: { type: 'string' }, agentId: { type: ['string', 'null'] }, channelId: { type: 'string' }, conversationId: { type: 'string' }, handoffId: { type: 'string' }, cycle: { type: 'integer' } } },
          },
        },
      },
    },
    paths: {
      '/api/supervisor/reports': {
        get: {
          ...supervisorOnly,
          summary: 'Figures of the handoff cycles requested in a period (`from` inclusive, `to` exclusive; dates are midnight in `timeZone`), grouped; JSON, or one table as CSV (UTF-8 with BOM, RFC 4180)',
          parameters,
          responses: {
            200: { description: 'the report', content: { 'application/json': { schema: { $ref: '#/components/schemas/Report' } }, 'text/csv': { schema: { type: 'string' } } } },
            400: errorResponse('invalid query parameter (field names it), `from` not before `to`, or a period over 93 days'),
            ...supervisorRefusals,
          },
        },
      },
    },
  };
}
