import { existsSync } from 'node:fs';
import { isIP } from 'node:net';
import { z } from 'zod';
import { LOG_LEVELS, type Config, type TrustProxy } from './configModel';
import { MIN_LINE_INBOX_RETENTION_DAYS } from './retention/lineInboxRetention';


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
  LINE_TURN_RUNNER: z.enum(['inline', 'thread', 'off']).default('inline'),
  LINE_TURN_LAG_TARGET_MS: z.coerce.number().min(0).max(10_000).default(10),
  LINE_REPLY_WINDOW_SECONDS: z.coerce.number().min(0.1).max(600).default(50),
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
  STORE_CHECKPOINT_INTERVAL_MS: z.coerce.number().int().min(0).max(60_000).default(250),
  CHANGE_FEED_POLL_MS: z.coerce.number().int().min(20).max(10_000).default(200),
  CHANGE_FEED_GAP_WAIT_MS: z.coerce.number().int().min(50).max(60_000).default(1_000),
  SECRETS_KEY: optionalString,
  ADMIN_API_KEY: optionalString.refine((value) => value === undefined || value.length >= 16, 'must be at least 16 characters'),
  METRICS_TOKEN: optionalString.refine((value) => value === undefined || value.length >= 16, 'must be at least 16 characters'),
  LINE_QUOTA_POLL_SECONDS: z.coerce.number().int().min(10).max(24 * 60 * 60).default(900),
  ADMIN_USERNAME: optionalString,
  ADMIN_PASSWORD: optionalString.refine((value) => value === undefined || value.length >= 12, 'must be at least 12 characters'),
  SESSION_TTL_HOURS: z.coerce.number().int().min(1).max(24 * 90).default(12),
  TRANSCRIPT_RETENTION_DAYS: z.coerce.number().int().min(1).max(36500).optional(),
  RETENTION_SWEEP_INTERVAL_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(60),
  LINE_INBOX_RETENTION_DAYS: z.coerce.number().int().min(MIN_LINE_INBOX_RETENTION_DAYS).max(36500).default(7),
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

/** Name of an environment variable the configuration reads. */
export type EnvironmentVariable = keyof typeof environmentSchema.shape;

/** Every environment variable the configuration reads; deployment files may set no other. */
export const ENVIRONMENT_VARIABLES = Object.freeze(Object.keys(environmentSchema.shape) as EnvironmentVariable[]);

/** What every production deployment of several instances sets (SECURITY.md); the deployment files are tested against it. */
export const PRODUCTION_SETTINGS = ['NODE_ENV', 'SECRETS_KEY', 'MONGODB_URI', 'PUBLIC_URL', 'TRUST_PROXY', 'BOT_FRAMEWORK_ENDPOINT'] as const satisfies readonly EnvironmentVariable[];

export type { Config, TrustProxy } from './configModel';

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
 * Adds the variables of `file` (dotenv syntax) to the environment when the file exists; variables already set win.
 * Silent when there is none (a fresh checkout, a container configured by its environment).
 *
 * @example loadEnvFileIfPresent('.env'); const config = loadConfig();
 */
export function loadEnvFileIfPresent(file = '.env'): boolean {
  if (!existsSync(file)) return false;
  process.loadEnvFile(file);
  return true;
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
      turnLagTargetMs: env.LINE_TURN_LAG_TARGET_MS,
      turnRunner: env.LINE_TURN_RUNNER,
      replyWindowMs: Math.round(env.LINE_REPLY_WINDOW_SECONDS * 1000),
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
      checkpointIntervalMs: env.STORE_CHECKPOINT_INTERVAL_MS,
      changeFeedPollMs: env.CHANGE_FEED_POLL_MS,
      changeFeedGapWaitMs: env.CHANGE_FEED_GAP_WAIT_MS,
      secretsKey: env.SECRETS_KEY,
      transcriptRetentionDays: env.TRANSCRIPT_RETENTION_DAYS,
      retentionSweepIntervalMinutes: env.RETENTION_SWEEP_INTERVAL_MINUTES,
      lineInboxRetentionDays: env.LINE_INBOX_RETENTION_DAYS,
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
    metrics: { token: env.METRICS_TOKEN, lineQuotaPollSeconds: env.LINE_QUOTA_POLL_SECONDS },
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
