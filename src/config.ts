import { z } from 'zod';

/** Log levels pino understands. */
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const optionalString = z
  .string()
  .trim()
  .optional()
  .transform((value) => (value === '' ? undefined : value));

const httpUrl = z.url({ protocol: /^https?$/ }).transform((value) => value.replace(/\/+$/, ''));

const environmentSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  HOST: z.string().trim().min(1).default('0.0.0.0'),
  PUBLIC_URL: httpUrl.optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  LINE_CHANNEL_ID: optionalString,
  LINE_CHANNEL_SECRET: optionalString,
  LINE_CHANNEL_ACCESS_TOKEN: optionalString,
  LINE_API_BASE_URL: httpUrl.default('https://api.line.me'),
  LINE_DATA_API_BASE_URL: httpUrl.default('https://api-data.line.me'),
  LINE_SIMULATOR: z.enum(['auto', 'on', 'off']).default('auto'),
  LINE_MAX_CONCURRENT_TURNS: z.coerce.number().int().min(1).max(10_000).default(64),
  WEBHOOK_MAX_BODY_BYTES: z.coerce.number().int().min(1024).max(50 * 1024 * 1024).default(1024 * 1024),
  MONGODB_URI: optionalString.refine((value) => value === undefined || /^mongodb(\+srv)?:\/\//.test(value), 'must start with mongodb:// or mongodb+srv://'),
  DATA_DIR: z.string().trim().min(1).default('./data'),
  STORE_DURABILITY: z.enum(['normal', 'full']).default('normal'),
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
  HANDOFF_SKILL_MATCH: z.enum(['exact', 'closest']).default('exact'),
  HANDOFF_SWEEP_INTERVAL_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  MicrosoftAppId: optionalString,
  MicrosoftAppPassword: optionalString,
  MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
  MicrosoftAppTenantId: optionalString,
});

/** The parsed, validated and frozen configuration of the whole server. */
export interface Config {
  readonly env: 'development' | 'production' | 'test';
  readonly port: number;
  readonly host: string;
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
    /** Directory of the embedded store, its attachments and (in development) the generated secrets key. */
    readonly dataDir: string;
    /**
     * Embedded store: `normal`, an acknowledged write survives the process being killed; `full`, it also survives a
     * power loss (one fsync per commit).
     */
    readonly durability: 'normal' | 'full';
    /** 32-byte key (base64 or hex) encrypting channel secrets at rest. */
    readonly secretsKey: string | undefined;
    /** Transcripts older than this many days are deleted; kept forever when absent. */
    readonly transcriptRetentionDays: number | undefined;
    /** Largest media file kept from a customer. */
    readonly attachmentMaxBytes: number;
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
    /** `exact`: agents need every required skill; `closest`: the best partial match is offered. */
    readonly skillMatch: 'exact' | 'closest';
    /** How often offers, wrap-ups, inactivity and queues are swept. */
    readonly sweepIntervalMs: number;
  };
  readonly botFramework: {
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
  if ((env.ADMIN_USERNAME === undefined) !== (env.ADMIN_PASSWORD === undefined)) {
    const missing = env.ADMIN_USERNAME === undefined ? 'ADMIN_USERNAME' : 'ADMIN_PASSWORD';
    throw new ConfigError([{ variable: missing, message: 'ADMIN_USERNAME and ADMIN_PASSWORD go together' }]);
  }
  return deepFreeze({
    env: env.NODE_ENV,
    port: env.PORT,
    host: env.HOST,
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
    },
    simulator: env.LINE_SIMULATOR,
    storage: {
      mongodbUri: env.MONGODB_URI,
      dataDir: env.DATA_DIR,
      durability: env.STORE_DURABILITY,
      secretsKey: env.SECRETS_KEY,
      transcriptRetentionDays: env.TRANSCRIPT_RETENTION_DAYS,
      attachmentMaxBytes: env.ATTACHMENT_MAX_BYTES,
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
      skillMatch: env.HANDOFF_SKILL_MATCH,
      sweepIntervalMs: env.HANDOFF_SWEEP_INTERVAL_MS,
    },
    botFramework: {
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
