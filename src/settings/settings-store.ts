import type { Redis } from 'ioredis';
import type { Logger } from '../logger';
import {
  DEFAULT_SETTINGS,
  parsePortalSettings,
  portalSettingsSchema,
  type PortalSettings,
  type SettingsParseResult,
} from '../methodology';
import { redisKeys } from '../redis/keys';

/**
 * Per-portal settings as JSON in Redis (`<prefix>:settings:<portalId>`), validated with the
 * engine's zod schema. A missing or corrupt record reads as DEFAULT_SETTINGS (corrupt → warning).
 */
export interface SettingsStoreOptions {
  redis: Redis;
  prefix?: string;
  logger?: Logger;
}

export class SettingsStore {
  private readonly redis: Redis;
  private readonly prefix: string;
  private readonly logger: Logger | undefined;

  constructor(options: SettingsStoreOptions) {
    this.redis = options.redis;
    this.prefix = options.prefix ?? 'sw';
    this.logger = options.logger;
  }

  private key(portalId: string): string {
    return redisKeys(this.prefix).settings(portalId);
  }

  /** The portal's settings; DEFAULT_SETTINGS when none are stored or the stored JSON is invalid. */
  async get(portalId: string): Promise<PortalSettings> {
    const raw = await this.redis.get(this.key(portalId));
    if (raw === null) return DEFAULT_SETTINGS;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      this.logger?.warn({ portalId }, 'stored settings are not JSON; using defaults');
      return DEFAULT_SETTINGS;
    }
    const full = portalSettingsSchema.safeParse(json);
    if (full.success) return full.data;
    // Older records may lack newer fields: accept them as a patch over the defaults.
    const merged = parsePortalSettings(json);
    if (merged.ok) return merged.settings;
    this.logger?.warn(
      { portalId, issues: merged.issues.slice(0, 5) },
      'stored settings are invalid; using defaults',
    );
    return DEFAULT_SETTINGS;
  }

  /**
   * Validates `patch` (a PortalSettingsPatch), merges it over the current settings and stores
   * the result. Returns the validation issues instead of storing when it is invalid.
   */
  async save(portalId: string, patch: unknown): Promise<SettingsParseResult> {
    const current = await this.get(portalId);
    const result = parsePortalSettings(patch, current);
    if (!result.ok) return result;
    await this.redis.set(this.key(portalId), JSON.stringify(result.settings));
    this.logger?.info({ portalId }, 'settings saved');
    return result;
  }

  /** Removes stored settings (the portal reads defaults again). */
  async delete(portalId: string): Promise<void> {
    await this.redis.del(this.key(portalId));
  }
}
