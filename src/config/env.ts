import { z } from 'zod';

/** Support address of the listing pages when SUPPORT_EMAIL is unset (the app definition's default). */
export const DEFAULT_SUPPORT_EMAIL = 'support@stepwise.example.com';

/**
 * Service configuration, parsed once at boot (t3-env style) and injected everywhere else.
 * Names are contract (DESIGN §7). No other module reads process.env.
 */
const envSchema = z.object({
  HUBSPOT_CLIENT_ID: z.string().min(1, 'HUBSPOT_CLIENT_ID is required (your app’s client id, Auth tab)'),
  HUBSPOT_CLIENT_SECRET: z.string().min(1, 'HUBSPOT_CLIENT_SECRET is required (your app’s client secret)'),
  PUBLIC_BASE_URL: z
    .url({ message: 'PUBLIC_BASE_URL must be an absolute URL such as https://stepwise.example.com' })
    .transform((u) => u.replace(/\/+$/, '')),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'REDIS_URL must start with redis:// or rediss://')
    .default('redis://127.0.0.1:6379'),
  TOKEN_ENCRYPTION_KEY: z
    .string()
    .min(1, 'TOKEN_ENCRYPTION_KEY is required: base64 of 32 random bytes')
    .refine(
      (v) => Buffer.from(v, 'base64').length === 32,
      'TOKEN_ENCRYPTION_KEY must be base64 of exactly 32 bytes',
    )
    .transform((v) => Buffer.from(v, 'base64')),
  /** Previous keys (comma-separated base64), accepted for decryption during key rotation. */
  TOKEN_ENCRYPTION_KEY_PREVIOUS: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === '') return [] as Buffer[];
      const keys = v.split(',').map((s) => Buffer.from(s.trim(), 'base64'));
      if (keys.some((k) => k.length !== 32)) {
        ctx.addIssue({
          code: 'custom',
          message: 'each TOKEN_ENCRYPTION_KEY_PREVIOUS entry must be base64 of 32 bytes',
        });
      }
      return keys;
    }),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HUBSPOT_API_BASE_URL: z
    .url()
    .default('https://api.hubapi.com')
    .transform((u) => u.replace(/\/+$/, '')),
  /** Where the OAuth authorize page lives (HubSpot's app domain); the sandbox overrides it. */
  HUBSPOT_AUTHORIZE_URL: z.url().default('https://app.hubspot.com/oauth/authorize'),
  /**
   * How many reverse proxies sit in front of the service (their X-Forwarded-For entries are
   * trusted for the client IP used by rate limits), or `false` (default: the socket address).
   */
  TRUST_PROXY: z
    .string()
    .optional()
    .transform((v, ctx): number | false => {
      const t = (v ?? '').trim().toLowerCase();
      if (t === '' || t === 'false' || t === '0') return false;
      if (/^\d{1,2}$/.test(t)) return Number(t);
      ctx.addIssue({
        code: 'custom',
        message: 'TRUST_PROXY must be false or the number of proxy hops in front of Stepwise (e.g. 1)',
      });
      return false;
    }),
  /** Namespace of every Redis key (lets several deployments share one Redis). */
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,40}$/, 'REDIS_KEY_PREFIX: letters, digits, _ and - only (no ":")')
    .default('sw'),
  /** Support address shown on the listing pages (the app definition's SUPPORT_EMAIL). */
  SUPPORT_EMAIL: z.email().default(DEFAULT_SUPPORT_EMAIL),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NODE_ENV: z.enum(['development', 'test', 'production']).default('production'),
});

export interface Config {
  hubspotClientId: string;
  hubspotClientSecret: string;
  publicBaseUrl: string;
  redisUrl: string;
  redisKeyPrefix: string;
  tokenEncryptionKey: Buffer;
  previousTokenEncryptionKeys: Buffer[];
  port: number;
  hubspotApiBaseUrl: string;
  hubspotAuthorizeUrl: string;
  /** Express `trust proxy`: number of trusted proxy hops, or false. */
  trustProxy: number | false;
  supportEmail: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  nodeEnv: 'development' | 'test' | 'production';
}

export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  constructor(readonly problems: string[]) {
    super(
      `Stepwise cannot start: the configuration is invalid.\n${problems.map((p) => `  - ${p}`).join('\n')}\n` +
        'See .env.example and the README section "Configuration".',
    );
    this.name = 'ConfigError';
  }
}

/** Parses an environment (default: process.env) into a Config, or throws ConfigError listing every problem. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => `${i.path.join('.') || 'environment'}: ${i.message}`),
    );
  }
  const e = parsed.data;
  return {
    hubspotClientId: e.HUBSPOT_CLIENT_ID,
    hubspotClientSecret: e.HUBSPOT_CLIENT_SECRET,
    publicBaseUrl: e.PUBLIC_BASE_URL,
    redisUrl: e.REDIS_URL,
    redisKeyPrefix: e.REDIS_KEY_PREFIX,
    tokenEncryptionKey: e.TOKEN_ENCRYPTION_KEY,
    previousTokenEncryptionKeys: e.TOKEN_ENCRYPTION_KEY_PREVIOUS,
    port: e.PORT,
    hubspotApiBaseUrl: e.HUBSPOT_API_BASE_URL,
    hubspotAuthorizeUrl: e.HUBSPOT_AUTHORIZE_URL,
    trustProxy: e.TRUST_PROXY,
    supportEmail: e.SUPPORT_EMAIL,
    logLevel: e.LOG_LEVEL,
    nodeEnv: e.NODE_ENV,
  };
}
