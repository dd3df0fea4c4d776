/**
 * The shape of the server's configuration: what `loadConfig` (`config.ts`, the only reader of the environment) hands
 * every other module.
 */

/** Log levels pino understands. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * Which hops of `X-Forwarded-For` are believed: `none` (the socket's peer is the client), the last `hops` proxies
 * whatever their address, or proxies whose address is in `ranges` (CIDR).
 */
export type TrustProxy =
  | { readonly kind: 'none' }
  | { readonly kind: 'hops'; readonly hops: number }
  | { readonly kind: 'addresses'; readonly ranges: readonly string[] };

/** The parsed, validated and frozen configuration of the whole server. */
export interface Config {
  readonly env: 'development' | 'production' | 'test';
  readonly port: number;
  /**
   * Interface the server binds. Defaults to `127.0.0.1` outside production, where the simulator and the
   * unauthenticated Emulator endpoint may run, and to `0.0.0.0` in production.
   */
  readonly host: string;
  /** The reverse proxies in front of the server, whose `X-Forwarded-For` names the client (login limits key on it). */
  readonly trustProxy: TrustProxy;
  /** Public base URL (no trailing slash) when set; LINE callback URLs are built from it. */
  readonly publicUrl: string | undefined;
  readonly logLevel: (typeof LOG_LEVELS)[number];
  /** The LINE channel configured from the environment (`LINE_*`), served as account `default`. */
  readonly line: {
    readonly channelId: string | undefined;
    readonly channelSecret: string | undefined;
    readonly channelAccessToken: string | undefined;
    readonly apiBaseUrl: string;
    readonly dataApiBaseUrl: string;
    readonly webhookMaxBodyBytes: number;
    /** LINE turns processed at once across conversations. */
    readonly maxConcurrentTurns: number;
    /**
     * Where this process runs LINE turns: `inline` on the thread that answers webhooks; `thread` in a worker thread of
     * its own (the main thread admits webhooks and serves HTTP); `off` nowhere (an ingest and API process: turn
     * processes on the same store are told of new events through the change feed).
     */
    readonly turnRunner: 'inline' | 'thread' | 'off';
    /** Event-loop delay (ms) above which fewer LINE turns run at once, so acknowledgements stay fast; 0: a fixed limit. */
    readonly turnLagTargetMs: number;
    /**
     * How long after a customer's event its reply token is still tried (LINE does not publish the window; about a
     * minute is observed). Answers later than this go by push.
     */
    readonly replyWindowMs: number;
    /** The LINE event work queue shared by every instance on the store. */
    readonly workQueue: {
      /** How long a conversation's lease lasts unless renewed: how soon another instance takes over a dead one's conversations. */
      readonly leaseMs: number;
      /** How often each instance looks for due events (retries, conversations whose lease expired). */
      readonly pollIntervalMs: number;
      /** Runs of an event before it becomes a dead letter. */
      readonly maxAttempts: number;
      /** Delay before the first retry; doubles per attempt (with jitter, at most 15 minutes). */
      readonly retryBaseMs: number;
    };
  };
  /**
   * Whether the built-in LINE simulator runs. `auto` turns it on when no LINE credentials are
   * configured, outside production; it then serves as the `default` account.
   */
  readonly simulator: 'auto' | 'on' | 'off';
  /** Where everything the system remembers lives. */
  readonly storage: {
    /** MongoDB connection string; when absent the embedded store in `dataDir` is used. */
    readonly mongodbUri: string | undefined;
    /**
     * MongoDB client limits (each only when the URI does not set it): how long an operation waits for a usable server
     * (`serverSelectionTimeoutMS`), for a new connection (`connectTimeoutMS`), for a socket read or write
     * (`socketTimeoutMS`, also the wait for a pooled connection), and the connections per server (`maxPoolSize`).
     */
    readonly mongodb: { readonly serverSelectionTimeoutMs: number; readonly connectTimeoutMs: number; readonly socketTimeoutMs: number; readonly maxPoolSize: number };
    /** Directory of the embedded store, its attachments and (in development) the generated secrets key. */
    readonly dataDir: string;
    /**
     * Embedded store: `normal`, an acknowledged write survives the process being killed; `full`, it also survives a
     * power loss (one fsync per commit).
     */
    readonly durability: 'normal' | 'full';
    /** Embedded store: how often a worker thread checkpoints the WAL (ms); 0: the commits do, as SQLite by default. */
    readonly checkpointIntervalMs: number;
    /** How often each instance reads the shared change feed (live events and cache invalidation of other instances). */
    readonly changeFeedPollMs: number;
    /** How long a reader of the change feed waits for an entry that commits late before it skips it. */
    readonly changeFeedGapWaitMs: number;
    /** 32-byte key (base64 or hex) encrypting channel secrets at rest. */
    readonly secretsKey: string | undefined;
    /** Personal data (transcripts, media, surveys, handoff records and notes, bot state, profiles, contacts) older than this many days is deleted by the retention sweep; kept forever when absent. */
    readonly transcriptRetentionDays: number | undefined;
    /** Minutes between two retention sweeps (run by the sweep leader). */
    readonly retentionSweepIntervalMinutes: number;
    /**
     * Days processed and dead LINE webhook events are kept (their ids deduplicate LINE's redeliveries); never fewer
     * than `MIN_LINE_INBOX_RETENTION_DAYS`, and no more than `transcriptRetentionDays` when that is lower.
     */
    readonly lineInboxRetentionDays: number;
    /** Largest media file kept from a customer. */
    readonly attachmentMaxBytes: number;
    /**
     * Bot state, customers and transcripts of channels other than LINE (the Emulator, Web Chat, …) are deleted by the
     * retention sweep once their last change is this many hours old; LINE customers' data keeps the rules above.
     */
    readonly nonLineDataTtlHours: number;
  };
  /** What one client may hold of the server, and for how long. */
  readonly limits: {
    /** Longest wait for a request's headers; then 408 and the connection is closed. */
    readonly headersTimeoutMs: number;
    /** Longest wait for a whole request (the bound of uploads); event streams, once open, are not bound by it. */
    readonly requestTimeoutMs: number;
    /** How long an idle keep-alive connection is kept open. */
    readonly keepAliveTimeoutMs: number;
    /** Longest wait for a LINE webhook's body; then 408 and the connection is closed. */
    readonly webhookBodyTimeoutMs: number;
    /** Longest wait for a JSON body of the management API; then 408 and the connection is closed. */
    readonly apiBodyTimeoutMs: number;
    /** Live event streams one user (or the admin API key) holds at once; a further one closes their oldest. */
    readonly eventStreamsPerUser: number;
    /** Live event streams of the whole process; past it new ones get 503. */
    readonly eventStreamsMax: number;
    /** Per-conversation facts kept in memory are forgotten after this long without activity. */
    readonly conversationCacheIdleSeconds: number;
    /** Most conversations whose facts are kept in memory (each cache; the least recently used go first). */
    readonly conversationCacheMax: number;
    /** Transcript writes queued at most before new turns wait for the store to catch up. */
    readonly transcriptMaxPendingWrites: number;
  };
  /** The self-service content file operators edit (topics, answers, skills). */
  readonly selfServiceContentFile: string;
  /** Bearer token of the admin API; the admin API refuses every call when absent. */
  readonly adminApiKey: string | undefined;
  /** Operations: `/metrics` and the LINE push meter. */
  readonly metrics: {
    /** Bearer token Prometheus sends to `GET /metrics`; `/metrics` answers 404 when absent. */
    readonly token: string | undefined;
    /** How often each LINE account's monthly quota and consumption are read from LINE. */
    readonly lineQuotaPollSeconds: number;
  };
  /** Users' logins. */
  readonly auth: {
    /** The admin created at start while no admin user exists (`ADMIN_USERNAME`, `ADMIN_PASSWORD`). Never log it. */
    readonly initialAdmin: { readonly username: string; readonly password: string } | undefined;
    /** Lifetime of a login session. */
    readonly sessionTtlHours: number;
  };
  /** How conversations handed to people are distributed and closed. */
  readonly handoff: {
    /** The queue that takes conversations no routing rule places; created at start when missing. */
    readonly fallbackQueueId: string;
    /** How long an agent has to accept an offered conversation before it goes to the next agent. */
    readonly acceptTimeoutSeconds: number;
    /** How long an ended conversation holds the agent's capacity for wrap-up before it closes. */
    readonly wrapUpSeconds: number;
    /** An assigned or waiting conversation with no message either way for this long is closed. */
    readonly inactivityCloseMinutes: number;
    /** Shortest interval between two queue-position messages to one waiting customer. */
    readonly queueUpdateSeconds: number;
    /** Shortest interval between two "we have your message, tap Cancel to withdraw" replies to one queued customer. */
    readonly queuedAckSeconds: number;
    /** A survey not answered within this time is dropped: the customer's next message is a new question. */
    readonly surveyExpiryMinutes: number;
    /** `exact`: agents need every required skill; `closest`: the best partial match is offered. */
    readonly skillMatch: 'exact' | 'closest';
    /** How often offers, wrap-ups, inactivity and queues are swept. */
    readonly sweepIntervalMs: number;
    /** The sweep runs on the one instance holding a lease in the store; another takes over this long after its holder stops renewing it. */
    readonly sweepLeaseSeconds: number;
  };
  readonly botFramework: {
    /**
     * Whether `POST /api/messages` is served. Without {@link Config.botFramework.appId} it is the development
     * Emulator endpoint (no authentication, loopback `serviceUrl`s only), which production refuses.
     */
    readonly endpoint: 'on' | 'off';
    readonly appId: string | undefined;
    readonly appPassword: string | undefined;
    readonly appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
    readonly tenantId: string | undefined;
  };
}
