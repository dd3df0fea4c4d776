import type { Logger } from 'pino';
import type { Request, Response, Server } from 'restify';
import type { z } from 'zod';
import { readRawBody } from '../readRawBody';
import type { RequestAuthorizer } from '../requestAuthorization';
import { ANSWERED, type ApiContract, type ApiHandler, type ApiResponses, type RawBodySpec } from './apiContract';
import { sendError } from './errorResponse';
import { ForbiddenError, MalformedBodyError, NotAuthenticatedError, RequestValidationError } from './requestErrors';
import { DomainError } from '../../domainError';

/** Largest JSON body a route accepts unless its contract says otherwise. */
export const DEFAULT_MAX_JSON_BODY_BYTES = 256 * 1024;

/** What an {@link ApiRouter} needs. */
export interface ApiRouterOptions {
  readonly authorizer: RequestAuthorizer;
  readonly logger: Logger;
}

/** A body the router could not use: its status is the read's (408, 413) and a 408 closes the connection. */
class BodyReadError extends DomainError {}

/**
 * Registers the API's routes on restify from their contracts: authorizes the caller, validates path params, query and
 * JSON body against the contract's schemas (400 naming the field), runs the handler, serialises its answer through the
 * schema of the status it chose (unknown keys are dropped, so an internal field never leaks), and turns every error
 * into an answer in one place ({@link sendError}). It keeps the contracts, from which the OpenAPI document is generated.
 *
 * @example
 * ```ts
 * const api = new ApiRouter(server, { authorizer, logger });
 * api.route(readUser, async ({ params }) => ({ status: 200, body: await users.require(params.id) }));
 * ```
 */
export class ApiRouter {
  private readonly registered: ApiContract[] = [];

  constructor(
    /** The restify server the routes are registered on. */
    readonly server: Server,
    private readonly options: ApiRouterOptions,
  ) {}

  /** Every contract registered so far, in registration order. */
  get contracts(): readonly ApiContract[] {
    return this.registered;
  }

  /** Registers one route. */
  route<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, R extends ApiResponses>(contract: ApiContract<P, Q, B, R>, handler: ApiHandler<NoInfer<P>, NoInfer<Q>, NoInfer<B>, NoInfer<R>>): void {
    this.registered.push(contract as unknown as ApiContract);
    const method = contract.method === 'delete' ? 'del' : contract.method;
    this.server[method](contract.path, async (req: Request, res: Response) => {
      try {
        await this.handle(contract, handler, req, res);
      } catch (error) {
        if (error instanceof BodyReadError && error.status === 408) res.header('connection', 'close');
        sendError(req, res, error, this.options.logger);
      }
    });
  }

  private async handle<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, R extends ApiResponses>(contract: ApiContract<P, Q, B, R>, handler: ApiHandler<P, Q, B, R>, req: Request, res: Response): Promise<void> {
    let principal: Awaited<ReturnType<RequestAuthorizer['authorize']>> | undefined;
    if (contract.access !== 'public') {
      principal = await this.options.authorizer.authorize(req, contract.access.roles);
      if (!principal.ok) {
        throw principal.refusal.status === 401 ? new NotAuthenticatedError(principal.refusal.message) : new ForbiddenError(principal.refusal.message);
      }
      if (contract.access.usersOnly && principal.principal.kind !== 'user') {
        throw new ForbiddenError('this acts for a logged-in user; log in with /api/auth/login');
      }
    }
    const params = contract.params ? validate(contract.params, req.params ?? {}, 'path') : undefined;
    const query = contract.query ? validate(contract.query, queryOf(req), 'query') : undefined;
    const body = contract.body && !isRaw(contract.body) ? validate(contract.body, await readJson(req, contract.maxBodyBytes ?? DEFAULT_MAX_JSON_BODY_BYTES), 'body') : undefined;
    const caller = principal?.ok ? principal.principal : undefined;
    const reply = await handler({
      params: params as never,
      query: query as never,
      body: body as never,
      principal: caller,
      userId: caller?.kind === 'user' ? caller.userId : undefined,
      req,
      res,
    });
    if (reply === ANSWERED) return;
    const spec = contract.responses[reply.status];
    if (!spec) throw new Error(`${contract.method.toUpperCase()} ${contract.path} answered ${reply.status}, which its contract does not declare`);
    for (const [name, value] of Object.entries(reply.headers ?? {})) res.header(name, value);
    if (spec.schema && 'body' in reply) {
      res.send(reply.status, spec.schema.parse(reply.body));
    } else {
      res.send(reply.status);
    }
  }
}

function isRaw(body: z.ZodType | RawBodySpec): body is RawBodySpec {
  return (body as RawBodySpec).raw === true;
}

/** The query string as an object; a repeated key keeps its last value. */
function queryOf(req: Request): Record<string, string> {
  return Object.fromEntries(new URL(req.url ?? '/', 'http://localhost').searchParams);
}

async function readJson(req: Request, maxBytes: number): Promise<unknown> {
  const body = await readRawBody(req, maxBytes);
  if (!body.ok) throw new BodyReadError(body.status === 413 ? 'body_too_large' : body.status === 408 ? 'body_timeout' : 'unreadable_body', body.status, body.message);
  if (body.bytes.length === 0) return {};
  try {
    return JSON.parse(body.bytes.toString('utf8'));
  } catch {
    throw new MalformedBodyError();
  }
}

function validate<S extends z.ZodType>(schema: S, value: unknown, part: 'path' | 'query' | 'body'): z.output<S> {
  const checked = schema.safeParse(value);
  if (checked.success) return checked.data;
  const issue = checked.error.issues[0];
  // An unknown key is reported at the object holding it; the key itself is the field at fault.
  const path = issue?.code === 'unrecognized_keys' ? [...issue.path, ...issue.keys.slice(0, 1)] : (issue?.path ?? []);
  const field = path.length > 0 ? path.map(String).join('.') : undefined;
  throw new RequestValidationError(issue ? `${field ?? part}: ${issue.message}` : `invalid ${part}`, field);
}
