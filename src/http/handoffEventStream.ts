import type { ServerResponse } from 'node:http';
import type { Server } from 'restify';
import type { z } from 'zod';
import { DomainError } from '../domainError';
import type { AgentProfile } from '../handoff/config/handoffConfigModel';
import type { HandoffEvent, HandoffEventBus } from '../handoff/handoffEvents';
import type { HandoffService } from '../handoff/handoffService';
import { ANSWERED, apiContract, type ReadonlyDeep } from './api/apiContract';
import type { ApiRouter } from './api/apiRouter';
import { EventStreamSlots } from './eventStreamSlots';
import { handoffEventSchema } from './schemas/handoffEventSchemas';

/** A comment line keeps proxies from closing an idle stream. */
const HEARTBEAT_MS = 15_000;
/** How long an agent's queues are trusted before they are read again. */
const PROFILE_TTL_MS = 10_000;
/** When a client refused for lack of room may try again. */
const FULL_RETRY_AFTER_SECONDS = 30;

const openStreams = new WeakMap<Server, Set<ServerResponse>>();

/** This process holds as many live streams as it may (503 with `Retry-After`). */
class EventStreamsFullError extends DomainError {
  constructor() {
    super('event_streams_full', 503, 'too many live event streams; try again later', { headers: { 'Retry-After': String(FULL_RETRY_AFTER_SECONDS) } });
  }
}

/** `GET /api/handoff/events`. */
export const handoffEvents = apiContract({
  method: 'get', path: '/api/handoff/events', tags: ['handoff'], access: { roles: ['agent', 'supervisor', 'admin'] },
  summary: 'Live handoff events (Server-Sent Events): offer, offerEnded, conversation, message, messageUnsent, presence',
  description:
    'The bearer token goes in the `Authorization` header only, never in the URL (read the stream with `fetch`, not `EventSource`). Supervisors, admins and ADMIN_API_KEY get every event; an agent gets `offer` and `offerEnded` of their own offers, `message` and `messageUnsent` of the conversations they serve or are offered (and of unoffered ones queued in their queues), `conversation` of theirs and of their queues, and `presence` of themselves. Each event’s `data` is a JSON `HandoffEvent` whose `type` repeats the SSE `event` field. Events are those of every server instance sharing the store (other instances’ within about a second, through the change feed); after reconnecting, screens reconcile with the API. Opening more streams than a user may hold ends their oldest with `event: superseded`.',
  responses: {
    200: { description: 'An endless `text/event-stream`: `retry: 3000` first, then per event `event: <type>` and `data: <HandoffEvent as JSON>`, and a `: heartbeat` comment every 15 seconds.', contentType: 'text/event-stream', eventDataSchema: handoffEventSchema },
    503: { description: 'the server holds as many live streams as it may', headers: { 'Retry-After': 'seconds to wait' } },
  },
});

/** What the event stream needs. */
export interface HandoffEventStreamOptions {
  readonly handoff: HandoffService;
  readonly events: HandoffEventBus;
  /** Live streams one user (or the admin API key) may hold; opening another closes their oldest. */
  readonly streamsPerUser: number;
  /** Live streams of this process; past it new ones get 503. */
  readonly maxStreams: number;
}

/**
 * `GET /api/handoff/events`: Server-Sent Events of the handoff (`offer`, `offerEnded`, `conversation`, `message`,
 * `messageUnsent`, `note` — an internal note or recorded action —, `presence`), each `event: <type>` with the JSON event as `data`. The bearer token goes in the `Authorization` header
 * (read the stream with `fetch`, never with a token in the URL). Supervisors and admins get every event; an agent gets
 * the events of their own conversations and offers, of conversations waiting in their queues, and of their presence.
 * Events are those of every instance sharing the store (other instances' through the change feed, within its poll
 * interval); screens reconcile with the API after reconnecting.
 *
 * A user holds at most `streamsPerUser` streams (one per open tab): opening one more ends their oldest with an
 * `event: superseded` (the dashboard then stops reconnecting in that tab), so the newest tab always works. Past
 * `maxStreams` in the process, a new stream gets 503 with `Retry-After`.
 *
 * @example registerHandoffEventStream(api, { handoff, events, streamsPerUser: 5, maxStreams: 1_000 });
 */
export function registerHandoffEventStream(api: ApiRouter, options: HandoffEventStreamOptions): void {
  const streams = new Set<ServerResponse>();
  openStreams.set(api.server, streams);
  const slots = new EventStreamSlots({ perOwner: options.streamsPerUser, max: options.maxStreams });
  api.route(handoffEvents, async ({ req, res, principal }) => {
    if (principal === undefined) throw new Error('the event stream ran without a caller');
    const seesEverything = principal.kind === 'apiKey' || principal.roles.some((role) => role === 'supervisor' || role === 'admin');
    const agentId = principal.kind === 'user' ? principal.userId : undefined;

    let profile: { value: AgentProfile | undefined; at: number } = { value: undefined, at: 0 };
    const profileNow = async (): Promise<AgentProfile | undefined> => {
      if (agentId === undefined) return undefined;
      if (Date.now() - profile.at > PROFILE_TTL_MS) profile = { value: await options.handoff.profileOf(agentId).catch(() => undefined), at: Date.now() };
      return profile.value;
    };
    await profileNow();
    // Gone while the profile was read: no 'close' would come to release a slot taken now.
    if (req.socket.destroyed) return ANSWERED;

    const raw = res as unknown as ServerResponse;
    // Counted only now, with nothing awaited until the stream is registered, so parallel requests cannot overshoot.
    const owner = principal.kind === 'user' ? `user:${principal.userId}` : 'apiKey';
    const slot = { close: (reason: 'superseded') => raw.end(`event: ${reason}\ndata: ${JSON.stringify({ type: reason })}\n\n`) };
    if (!slots.admit(owner, slot).admitted) throw new EventStreamsFullError();
    raw.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    raw.write('retry: 3000\n\n');
    streams.add(raw);

    // Events are written in order: each waits for the (cached) profile check of the one before.
    let chain = Promise.resolve();
    const unsubscribe = options.events.subscribe((event) => {
      chain = chain.then(async () => {
        const shown = seesEverything ? event : visibleTo(event, agentId, await profileNow());
        // Ended meanwhile (superseded, or at shutdown): writing now would raise an error nobody handles.
        if (shown === undefined || raw.writableEnded) return;
        // Typed against the documented schema, so the events and their description cannot part ways unnoticed.
        const data: ReadonlyDeep<z.input<typeof handoffEventSchema>> = shown;
        raw.write(`event: ${shown.type}\ndata: ${JSON.stringify(data)}\n\n`);
      });
    });
    const heartbeat = setInterval(() => {
      if (!raw.writableEnded) raw.write(': heartbeat\n\n');
    }, HEARTBEAT_MS);
    heartbeat.unref();
    const stop = (): void => {
      clearInterval(heartbeat);
      unsubscribe();
      streams.delete(raw);
      slots.release(owner, slot);
    };
    req.on('close', stop);
    raw.on('close', stop);
    return ANSWERED;
  });
}

/** Live event streams open on `server` now (a metric). */
export function openHandoffEventStreams(server: Server): number {
  return openStreams.get(server)?.size ?? 0;
}

/**
 * Ends every open event stream of `server` (at shutdown, so closing the server does not wait for them).
 *
 * @example closeHandoffEventStreams(server); server.close();
 */
export function closeHandoffEventStreams(server: Server): void {
  for (const stream of openStreams.get(server) ?? []) stream.end();
}

/**
 * What an agent may see of an event: everything about their own conversations and offers; of a conversation in one of
 * their queues that is someone else's, only that it changed (so the screen can drop it), not whose it is.
 */
function visibleTo(event: HandoffEvent, agentId: string | undefined, profile: AgentProfile | undefined): HandoffEvent | undefined {
  if (agentId === undefined) return undefined;
  const queues = profile?.queueIds ?? [];
  switch (event.type) {
    case 'presence':
    case 'offer':
    case 'offerEnded':
      return event.agentId === agentId ? event : undefined;
    case 'conversation':
      if (event.agentId === agentId || event.offeredAgentId === agentId) return event;
      return queues.includes(event.queueId) ? { ...event, agentId: undefined, offeredAgentId: undefined } : undefined;
    case 'message':
    case 'messageUnsent':
    case 'note':
      return event.agentId === agentId || (event.agentId === undefined && queues.includes(event.queueId)) ? event : undefined;
  }
}
