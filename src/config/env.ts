import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { z } from 'zod';
import { HUBSPOT_LIMITS } from './hubspot-limits';

/** A variable that must be set (missing and empty give the same actionable message). */
const required = (message: string) => z.string({ error: message }).min(1, message);
/** Support address of the listing pages when SUPPORT_EMAIL is unset (the app definition's default). */
export const DEFAULT_SUPPORT_EMAIL = 'support@stepwise.example.com';
/** Default HUBSPOT_RATE_LIMIT: HubSpot's 110 / 10 s less a safety margin of 5. */
export const DEFAULT_RATE_LIMIT = HUBSPOT_LIMITS.requestsPerTenSeconds - 5;

/**
 * Service configuration, parsed once at boot (t3-env style) and injected everywhere else.
 * Names are contract (DESIGN §7). No other module reads process.env.
 */
const envSchema = z.object({
  HUBSPOT_CLIENT_ID: required('HUBSPOT_CLIENT_ID is required (your app’s client id, Auth tab)'),
  HUBSPOT_CLIENT_SECRET: required('HUBSPOT_CLIENT_SECRET is required (your app’s client secret)'),
  PUBLIC_BASE_URL: z
    .url({ error: 'PUBLIC_BASE_URL must be an absolute URL such as https://stepwise.example.com' })
    .transform((u) => u.replace(/\/+$/, '')),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'REDIS_URL must start with redis:// or rediss://')
    .default('redis://127.0.0.1:6379'),
  TOKEN_ENCRYPTION_KEY: required('TOKEN_ENCRYPTION_KEY is required: base64 of 32 random bytes')
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
  /**
   * Calls per rolling 10 s per portal Stepwise allows itself. HubSpot's limit for marketplace
   * OAuth apps is 110 / 10 s per installed account (usage guidelines,
   * https://developers.hubspot.com/docs/developer-tooling/platform/usage-guidelines); the default
   * 105 keeps a margin of 5 for calls HubSpot counts that Stepwise did not time (clock skew,
   * requests already in flight). More than 110 would only earn 429s.
   */
  HUBSPOT_RATE_LIMIT: z.coerce
    .number()
    .int()
    .min(1)
    .max(
      HUBSPOT_LIMITS.requestsPerTenSeconds,
      'HUBSPOT_RATE_LIMIT above HubSpot’s 110 / 10 s only earns 429s',
    )
    .default(DEFAULT_RATE_LIMIT),
  /**
   * CRM search calls per second per portal. HubSpot: "The search endpoints are rate limited to
   * five requests per second per account" (https://developers.hubspot.com/docs/api-reference/2026-03/crm/search-the-crm).
   */
  HUBSPOT_SEARCH_RATE_LIMIT: z.coerce
    .number()
    .int()
    .min(1)
    .max(HUBSPOT_LIMITS.searchPerSecond, 'HUBSPOT_SEARCH_RATE_LIMIT above HubSpot’s 5 / s only earns 429s')
    .default(HUBSPOT_LIMITS.searchPerSecond),
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
  /** Outbound HubSpot limits per portal (HUBSPOT_RATE_LIMIT per 10 s, HUBSPOT_SEARCH_RATE_LIMIT per s). */
  hubspotRateLimit: { max: number; windowMs: number; searchMax: number; searchWindowMs: number };
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

type Environment = Record<string, string | undefined>;

/** An empty (or blank) variable counts as unset: `PORT=` means the default port, not port 0. */
export function withoutEmpty(env: Environment): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env))
    if (value !== undefined && value.trim() !== '') out[name] = value;
  return out;
}

/**
 * The environment of this process: the variables of `.env` in the working directory (when the
 * file exists, parsed by Node's own util.parseEnv) under the real environment, which wins.
 * A variable that is empty in the real environment does not hide the .env value.
 */
export function readEnvironment(
  options: { envFile?: string; env?: Environment } = {},
): Record<string, string> {
  const file = resolve(options.envFile ?? '.env');
  const fromFile = existsSync(file) ? parseEnv(readFileSync(file, 'utf8')) : {};
  return { ...withoutEmpty(fromFile), ...withoutEmpty(options.env ?? process.env) };
}

/**
 * Parses an environment (default: `.env` plus process.env, see readEnvironment) into a Config,
 * or throws ConfigError listing every problem. Empty variables count as unset.
 */
export function loadConfig(env: Environment = readEnvironment()): Config {
  const parsed = envSchema.safeParse(withoutEmpty(env));
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
    hubspotRateLimit: {
      max: e.HUBSPOT_RATE_LIMIT,
      windowMs: HUBSPOT_LIMITS.windowMs,
      searchMax: e.HUBSPOT_SEARCH_RATE_LIMIT,
      searchWindowMs: HUBSPOT_LIMITS.searchWindowMs,
    },
    supportEmail: e.SUPPORT_EMAIL,
    logLevel: e.LOG_LEVEL,
    nodeEnv: e.NODE_ENV,
  };
}
