import { isIP } from 'node:net';
import { z } from 'zod';

/** Log levels pino understands. */
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const optionalString = z
  .string()
  .trim()
  .optional()
  .transform((value) => (value === '' ? undefined : value));

/** `TRUST_PROXY`'s word for a proxy on the same host. */
const LOOPBACK_RANGES = ['127.0.0.0/8', '::1/128'];

/** `TRUST_PROXY`: empty, a hop count (1–10), or a comma-separated list of addresses, CIDR ranges and `loopback`. */
const trustProxySchema = optionalString.transform((value, context): TrustProxy => {
  if (value === undefined) return { kind: 'none' };
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops >= 1 && hops <= 10) return { kind: 'hops', hops };
    context.addIssue({ code: 'custom', message: 'a hop count is 1 to 10' });
    return z.NEVER;
  }
  const ranges: string[] = [];
  for (const entry of value.split(',').map((part) => part.trim()).filter(Boolean)) {
    if (entry === 'loopback') {
      ranges.push(...LOOPBACK_RANGES);
      continue;
    }
    const [address = '', prefix, ...rest] = entry.split('/');
    const family = isIP(address);
    const bits = prefix === undefined ? (family === 6 ? 128 : 32) : /^\d{1,3}$/.test(prefix) ? Number(prefix) : -1;
    if (family === 0 || rest.length > 0 || bits < 0 || bits > (family === 6 ? 128 : 32)) {
      context.addIssue({ code: 'custom', message: `'${entry}' is not an IP address, CIDR range or loopback` });
      return z.NEVER;
    }
    ranges.push(`${address}/${bits}`);
  }
  return ranges.length > 0 ? { kind: 'addresses', ranges } : { kind: 'none' };
});

const httpUrl = z.url({ protocol: /^https?$/ }).transform((value) => value.replace(/\/+$/, ''));

const environmentSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  HOST: optionalString,
  TRUST_PROXY: trustProxySchema,
  PUBLIC_URL: httpUrl.optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  LINE_CHANNEL_ID: optionalString,
  LINE_CHANNEL_SECRET: optionalString,
  LINE_CHANNEL_ACCESS_TOKEN: optionalString,
  LINE_API_BASE_URL: httpUrl.default('https://api.line.me'),
  LINE_DATA_API_BASE_URL: httpUrl.default('https://api-data.line.me'),
  LINE_SIMULATOR: z.enum(['auto', 'on', 'off']).default('auto'),
  LINE_MAX_CONCURRENT_TURNS: z.coerce.number().int().min(1).max(10_000).default(64),
  LINE_EVENT_LEASE_SECONDS: z.coerce.number().min(1).max(600).default(15),
  LINE_EVENT_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  LINE_EVENT_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(8),
  LINE_EVENT_RETRY_BASE_SECONDS: z.coerce.number().min(0.01).max(3600).default(15),
  WEBHOOK_MAX_BODY_BYTES: z.coerce.number().int().min(1024).max(50 * 1024 * 1024).default(1024 * 1024),
  MONGODB_URI: optionalString.refine((value) => value === undefined || /^mongodb(\+srv)?:\/\//.test(value), 'must start with mongodb:// or mongodb+srv://'),
  MONGODB_SERVER_SELECTION_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(1500),
  MONGODB_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(5000),
  MONGODB_SOCKET_TIMEOUT_MS: z.coerce.number().int().min(1000).max(10 * 60_000).default(30_000),
  MONGODB_MAX_POOL_SIZE: z.coerce.number().int().min(1).max(10_000).default(50),
  DATA_DIR: z.string().trim().min(1).default('./data'),
  STORE_DURABILITY: z.enum(['normal', 'full']).default('normal'),
  CHANGE_FEED_POLL_MS: z.coerce.number().int().min(20).max(10_000).default(200),
  CHANGE_FEED_GAP_WAIT_MS: z.coerce.number().int().min(50).max(60_000).default(1_000),
  SECRETS_KEY: optionalString,
  ADMIN_API_KEY: optionalString.refine((value) => value === undefined || value.length >= 16, 'must be at least 16 characters'),
  ADMIN_USERNAME: optionalString,
  ADMIN_PASSWORD: optionalString.refine((value) => value === undefined || value.length >= 12, 'must be at least 12 characters'),
  SESSION_TTL_HOURS: z.coerce.number().int().min(1).max(24 * 90).default(12),
  TRANSCRIPT_RETENTION_DAYS: z.coerce.number().int().min(1).max(36500).optional(),
  ATTACHMENT_MAX_BYTES: z.coerce.number().int().min(1024).max(1024 * 1024 * 1024).default(25 * 1024 * 1024),
  SELF_SERVICE_CONTENT_FILE: z.string().trim().min(1).default('./content/self-service.json'),
  HANDOFF_FALLBACK_QUEUE_ID: z.string().trim().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be a queue id (a slug)').default('general'),
  HANDOFF_ACCEPT_TIMEOUT_SECONDS: z.coerce.number().int().min(5).max(3600).default(60),
  HANDOFF_WRAP_UP_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
  HANDOFF_INACTIVITY_CLOSE_MINUTES: z.coerce.number().int().min(1).max(60 * 24 * 30).default(60 * 24),
  HANDOFF_QUEUE_UPDATE_SECONDS: z.coerce.number().int().min(10).max(3600).default(120),
  HANDOFF_QUEUED_ACK_SECONDS: z.coerce.number().int().min(10).max(86400).default(300),
  HANDOFF_SURVEY_EXPIRY_MINUTES: z.coerce.number().int().min(1).max(10080).default(60),
  HANDOFF_SKILL_MATCH: z.enum(['exact', 'closest']).default('exact'),
  HANDOFF_SWEEP_INTERVAL_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  HANDOFF_SWEEP_LEASE_SECONDS: z.coerce.number().int().min(2).max(600).default(15),
  BOT_FRAMEWORK_ENDPOINT: z.enum(['on', 'off']).default('on'),
  HTTP_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(50).max(10 * 60_000).default(10_000),
  HTTP_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(50).max(60 * 60_000).default(120_000),
  HTTP_KEEP_ALIVE_TIMEOUT_MS: z.coerce.number().int().min(50).max(10 * 60_000).default(5_000),
  WEBHOOK_BODY_TIMEOUT_MS: z.coerce.number().int().min(50).max(10 * 60_000).default(5_000),
  API_BODY_TIMEOUT_MS: z.coerce.number().int().min(50).max(60 * 60_000).default(15_000),
  EVENT_STREAMS_PER_USER: z.coerce.number().int().min(1).max(1_000).default(5),
  EVENT_STREAMS_MAX: z.coerce.number().int().min(1).max(100_000).default(1_000),
  NON_LINE_DATA_TTL_HOURS: z.coerce.number().int().min(1).max(24 * 36500).default(72),
  CONVERSATION_CACHE_IDLE_SECONDS: z.coerce.number().int().min(1).max(24 * 60 * 60).default(600),
  CONVERSATION_CACHE_MAX: z.coerce.number().int().min(1).max(1_000_000).default(10_000),
  TRANSCRIPT_MAX_PENDING_WRITES: z.coerce.number().int().min(1).max(1_000_000).default(1_000),
  MicrosoftAppId: optionalString,
  MicrosoftAppPassword: optionalString,
  MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
  MicrosoftAppTenantId: optionalString,
});

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
    /** How often each instance reads the shared change feed (live events and cache invalidation of other instances). */
    readonly changeFeedPollMs: number;
    /** How long a reader of the change feed waits for an entry that commits late before it skips it. */
    readonly changeFeedGapWaitMs: number;
    /** 32-byte key (base64 or hex) encrypting channel secrets at rest. */
    readonly secretsKey: string | undefined;
    /** Transcripts older than this many days are deleted; kept forever when absent. */
    readonly transcriptRetentionDays: number | undefined;
    /** Largest media file kept from a customer. */
    readonly attachmentMaxBytes: number;
    /**
     * Bot state, customers and transcripts of channels other than LINE (the Emulator, Web Chat, …) are deleted this
     * many hours after their last change; LINE customers' data keeps the rules above.
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

/** Raised when the environment does not describe a valid configuration; names every bad variable. */
export class ConfigError extends Error {
  /** The variables at fault, e.g. `['PORT']`. */
  readonly variables: readonly string[];

  constructor(issues: readonly { variable: string; message: string }[]) {
    super(`Invalid configuration: ${issues.map((issue) => `${issue.variable}: ${issue.message}`).join('; ')}`);
    this.name = 'ConfigError';
    this.variables = issues.map((issue) => issue.variable);
  }
}

/**
 * Parses the environment into a {@link Config}. This is the only place that reads `process.env`.
 *
 * @throws {ConfigError} naming each variable that is invalid or inconsistent.
 * @example const config = loadConfig(process.env);
 */
export function loadConfig(environment: NodeJS.ProcessEnv = process.env): Config {
  const parsed = environmentSchema.safeParse(environment);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => ({ variable: String(issue.path[0] ?? '(environment)'), message: issue.message })),
    );
  }
  const env = parsed.data;
  const lineCredentials = [env.LINE_CHANNEL_SECRET, env.LINE_CHANNEL_ACCESS_TOKEN];
  if (lineCredentials.some((value) => value !== undefined) && lineCredentials.some((value) => value === undefined)) {
    const missing = env.LINE_CHANNEL_SECRET === undefined ? 'LINE_CHANNEL_SECRET' : 'LINE_CHANNEL_ACCESS_TOKEN';
    throw new ConfigError([{ variable: missing, message: 'LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN go together' }]);
  }
  if (env.MicrosoftAppId !== undefined && env.MicrosoftAppType !== 'UserAssignedMSI' && env.MicrosoftAppPassword === undefined) {
    throw new ConfigError([{ variable: 'MicrosoftAppPassword', message: 'required when MicrosoftAppId is set' }]);
  }
  if (env.MicrosoftAppType === 'SingleTenant' && env.MicrosoftAppId !== undefined && env.MicrosoftAppTenantId === undefined) {
    throw new ConfigError([{ variable: 'MicrosoftAppTenantId', message: 'required for a SingleTenant app' }]);
  }
  if (env.NODE_ENV === 'production' && env.BOT_FRAMEWORK_ENDPOINT === 'on' && env.MicrosoftAppId === undefined) {
    throw new ConfigError([
      {
        variable: 'MicrosoftAppId',
        message: 'required in production while /api/messages is served: without it anyone could write to the bot unauthenticated (set MicrosoftAppId and MicrosoftAppPassword, or BOT_FRAMEWORK_ENDPOINT=off)',
      },
    ]);
  }
  if (env.HTTP_HEADERS_TIMEOUT_MS > env.HTTP_REQUEST_TIMEOUT_MS) {
    throw new ConfigError([{ variable: 'HTTP_HEADERS_TIMEOUT_MS', message: 'must not be larger than HTTP_REQUEST_TIMEOUT_MS' }]);
  }
  if (env.HANDOFF_SWEEP_LEASE_SECONDS * 1000 < 2 * env.HANDOFF_SWEEP_INTERVAL_MS) {
    // The holder renews at each sweep: a lease shorter than two intervals would pass from instance to instance.
    throw new ConfigError([{ variable: 'HANDOFF_SWEEP_LEASE_SECONDS', message: 'must last at least two HANDOFF_SWEEP_INTERVAL_MS' }]);
  }
  if ((env.ADMIN_USERNAME === undefined) !== (env.ADMIN_PASSWORD === undefined)) {
    const missing = env.ADMIN_USERNAME === undefined ? 'ADMIN_USERNAME' : 'ADMIN_PASSWORD';
    throw new ConfigError([{ variable: missing, message: 'ADMIN_USERNAME and ADMIN_PASSWORD go together' }]);
  }
  return deepFreeze({
    env: env.NODE_ENV,
    port: env.PORT,
    host: env.HOST ?? (env.NODE_ENV === 'production' ? '0.0.0.0' : '127.0.0.1'),
    trustProxy: env.TRUST_PROXY,
    publicUrl: env.PUBLIC_URL,
    logLevel: env.LOG_LEVEL,
    line: {
      channelId: env.LINE_CHANNEL_ID,
      channelSecret: env.LINE_CHANNEL_SECRET,
      channelAccessToken: env.LINE_CHANNEL_ACCESS_TOKEN,
      apiBaseUrl: env.LINE_API_BASE_URL,
      dataApiBaseUrl: env.LINE_DATA_API_BASE_URL,
      webhookMaxBodyBytes: env.WEBHOOK_MAX_BODY_BYTES,
      maxConcurrentTurns: env.LINE_MAX_CONCURRENT_TURNS,
      workQueue: {
        leaseMs: Math.round(env.LINE_EVENT_LEASE_SECONDS * 1000),
        pollIntervalMs: env.LINE_EVENT_POLL_MS,
        maxAttempts: env.LINE_EVENT_MAX_ATTEMPTS,
        retryBaseMs: Math.round(env.LINE_EVENT_RETRY_BASE_SECONDS * 1000),
      },
    },
    simulator: env.LINE_SIMULATOR,
    storage: {
      mongodbUri: env.MONGODB_URI,
      mongodb: {
        serverSelectionTimeoutMs: env.MONGODB_SERVER_SELECTION_TIMEOUT_MS,
        connectTimeoutMs: env.MONGODB_CONNECT_TIMEOUT_MS,
        socketTimeoutMs: env.MONGODB_SOCKET_TIMEOUT_MS,
        maxPoolSize: env.MONGODB_MAX_POOL_SIZE,
      },
      dataDir: env.DATA_DIR,
      durability: env.STORE_DURABILITY,
      changeFeedPollMs: env.CHANGE_FEED_POLL_MS,
      changeFeedGapWaitMs: env.CHANGE_FEED_GAP_WAIT_MS,
      secretsKey: env.SECRETS_KEY,
      transcriptRetentionDays: env.TRANSCRIPT_RETENTION_DAYS,
      attachmentMaxBytes: env.ATTACHMENT_MAX_BYTES,
      nonLineDataTtlHours: env.NON_LINE_DATA_TTL_HOURS,
    },
    limits: {
      headersTimeoutMs: env.HTTP_HEADERS_TIMEOUT_MS,
      requestTimeoutMs: env.HTTP_REQUEST_TIMEOUT_MS,
      keepAliveTimeoutMs: env.HTTP_KEEP_ALIVE_TIMEOUT_MS,
      webhookBodyTimeoutMs: env.WEBHOOK_BODY_TIMEOUT_MS,
      apiBodyTimeoutMs: env.API_BODY_TIMEOUT_MS,
      eventStreamsPerUser: env.EVENT_STREAMS_PER_USER,
      eventStreamsMax: env.EVENT_STREAMS_MAX,
      conversationCacheIdleSeconds: env.CONVERSATION_CACHE_IDLE_SECONDS,
      conversationCacheMax: env.CONVERSATION_CACHE_MAX,
      transcriptMaxPendingWrites: env.TRANSCRIPT_MAX_PENDING_WRITES,
    },
    selfServiceContentFile: env.SELF_SERVICE_CONTENT_FILE,
    adminApiKey: env.ADMIN_API_KEY,
    auth: {
      initialAdmin: env.ADMIN_USERNAME !== undefined && env.ADMIN_PASSWORD !== undefined ? { username: env.ADMIN_USERNAME, password: env.ADMIN_PASSWORD } : undefined,
      sessionTtlHours: env.SESSION_TTL_HOURS,
    },
    handoff: {
      fallbackQueueId: env.HANDOFF_FALLBACK_QUEUE_ID,
      acceptTimeoutSeconds: env.HANDOFF_ACCEPT_TIMEOUT_SECONDS,
      wrapUpSeconds: env.HANDOFF_WRAP_UP_SECONDS,
      inactivityCloseMinutes: env.HANDOFF_INACTIVITY_CLOSE_MINUTES,
      queueUpdateSeconds: env.HANDOFF_QUEUE_UPDATE_SECONDS,
      queuedAckSeconds: env.HANDOFF_QUEUED_ACK_SECONDS,
      surveyExpiryMinutes: env.HANDOFF_SURVEY_EXPIRY_MINUTES,
      skillMatch: env.HANDOFF_SKILL_MATCH,
      sweepIntervalMs: env.HANDOFF_SWEEP_INTERVAL_MS,
      sweepLeaseSeconds: env.HANDOFF_SWEEP_LEASE_SECONDS,
    },
    botFramework: {
      endpoint: env.BOT_FRAMEWORK_ENDPOINT,
      appId: env.MicrosoftAppId,
      appPassword: env.MicrosoftAppPassword,
      appType: env.MicrosoftAppType,
      tenantId: env.MicrosoftAppTenantId,
    },
  });
}

function deepFreeze<T extends object>(value: T): T {
  for (const child of Object.values(value)) {
    if (child !== null && typeof child === 'object') deepFreeze(child);
  }
  return Object.freeze(value);
}
