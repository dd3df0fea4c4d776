import type { Request, Response } from 'restify';
import type { z } from 'zod';
import type { Role } from '../../auth/roles';
import type { Principal } from '../requestAuthorization';

/** The HTTP methods of the API, as OpenAPI names them. */
export type ApiMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** One answer a route may give. */
export interface ApiResponseSpec {
  readonly description: string;
  /** The JSON body; absent for an answer without one (204) or one that is not JSON (see `contentType`). */
  readonly schema?: z.ZodType;
  /** A body that is not JSON (`text/csv`, `text/html`, `text/event-stream`, a file): the handler writes it itself. */
  readonly contentType?: string;
  /** Response headers worth documenting (`Retry-After`, `Content-Disposition`). */
  readonly headers?: Readonly<Record<string, string>>;
  /** For a stream (`text/event-stream`): the JSON each event carries as `data`, documented as `x-event-data`. */
  readonly eventDataSchema?: z.ZodType;
}

/** The answers of a route by status. Refusals that every route shares (400, 401, 403, 500) need not be listed. */
export type ApiResponses = Readonly<Partial<Record<number, ApiResponseSpec>>>;

/** Who may call a route. */
export type ApiAccess =
  | 'public'
  | {
      /** A caller holding one of these roles (`ADMIN_API_KEY` holds every role). */
      readonly roles: readonly Role[];
      /** Only a logged-in user, never the API key (the route acts for a person, e.g. an agent). */
      readonly usersOnly?: boolean;
    };

/** A body that is not JSON: the handler reads it (uploads). */
export interface RawBodySpec {
  readonly raw: true;
  readonly contentTypes: readonly string[];
  readonly description: string;
}

/**
 * Everything a route is, declared once: method and path, who may call it, the schemas of its path params, query and
 * body, and its answers. {@link ApiRouter} validates the input against it and serialises the output through it, and
 * the OpenAPI document is generated from the same declarations.
 */
export interface ApiContract<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
  R extends ApiResponses = ApiResponses,
> {
  readonly method: ApiMethod;
  /** restify's form: `/api/agent/conversations/:id`. */
  readonly path: string;
  /** The operation in a line, for the OpenAPI document. */
  readonly summary: string;
  readonly description?: string;
  /** OpenAPI tags: the part of the API (`agent`, `admin`, `auth`…). */
  readonly tags: readonly string[];
  readonly access: ApiAccess;
  readonly params?: P;
  readonly query?: Q;
  readonly body?: B | RawBodySpec;
  /** Largest JSON body accepted, in bytes (256 KiB unless given). */
  readonly maxBodyBytes?: number;
  readonly responses: R;
}

/** The value of a validated part of the request, or `undefined` when the contract has no schema for it. */
type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

/** What a handler is given: the validated parts of the request and the caller. */
export interface ApiRequest<P, Q, B> {
  readonly params: Parsed<P>;
  readonly query: Parsed<Q>;
  readonly body: Parsed<B>;
  /** The caller; absent on public routes. */
  readonly principal: Principal | undefined;
  /** The logged-in user's id; present whenever `access.usersOnly` is set. */
  readonly userId: string | undefined;
  readonly req: Request;
  readonly res: Response;
}

/** `T` with every array and object readonly, so a handler may return the domain's readonly values as they are. */
export type ReadonlyDeep<T> = T extends Date | ((...args: never[]) => unknown) ? T : T extends readonly (infer U)[] ? readonly ReadonlyDeep<U>[] : T extends object ? { readonly [K in keyof T]: ReadonlyDeep<T[K]> } : T;

/** The answers a handler may return: one of the contract's statuses, with a body its schema accepts. */
export type ApiReply<R extends ApiResponses> = {
  [S in keyof R & number]: R[S] extends { readonly schema: infer Z extends z.ZodType } ? { readonly status: S; readonly body: ReadonlyDeep<z.input<Z>>; readonly headers?: Readonly<Record<string, string>> } : { readonly status: S; readonly headers?: Readonly<Record<string, string>> };
}[keyof R & number];

/** Returned by a handler that wrote its answer itself (a file, CSV, an event stream). */
export const ANSWERED: unique symbol = Symbol('answered');

/** A route's handler. Throw a `DomainError` to refuse; anything else thrown is a 500. */
export type ApiHandler<P, Q, B, R extends ApiResponses> = (request: ApiRequest<P, Q, B>) => Promise<ApiReply<R> | typeof ANSWERED>;

/**
 * Declares a route's contract with its types inferred (a typed identity function).
 *
 * @example
 * ```ts
 * export const readUser = apiContract({
 *   method: 'get', path: '/api/admin/users/:id', summary: 'Read one user', tags: ['admin'],
 *   access: { roles: ['admin'] }, params: z.object({ id: z.string() }),
 *   responses: { 200: { description: 'the user', schema: userSchema }, 404: { description: 'no such user' } },
 * });
 * ```
 */
export function apiContract<P extends z.ZodType = z.ZodUndefined, Q extends z.ZodType = z.ZodUndefined, B extends z.ZodType = z.ZodUndefined, const R extends ApiResponses = ApiResponses>(
  contract: ApiContract<P, Q, B, R>,
): ApiContract<P, Q, B, R> {
  return contract;
}
