import { z } from 'zod';

/** The body of every refusal (see `errorResponse.ts`). */
export const errorBodySchema = z
  .object({
    message: z.string(),
    code: z.string().describe('stable, for programs; the message may change'),
    field: z.string().optional().describe('the request field at fault'),
    requestId: z.string().optional().describe('on 5xx answers: quote it when reporting the failure'),
  })
  .meta({ id: 'Error' });

/** A time on the wire: an ISO 8601 string (a `Date` the handler returns is sent as one). */
export const dateTimeSchema = z.custom<Date | string>((value) => value instanceof Date || typeof value === 'string', 'must be a date and time').meta({ type: 'string', format: 'date-time' });

/** An empty object, for answers that confirm without saying more. */
export const emptyObjectSchema = z.object({});
