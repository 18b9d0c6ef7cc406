import type { Redis } from 'ioredis';
import type { WriteBackView } from '../../extensions/app/cards/lib/ops-api-types';
import { ALERTS, FUNNEL_STAGES, LEAD_GRADES, OUTPUTS } from '../methodology';
import { luaScript } from '../redis/lua-scripts';
import { redisKeys } from '../redis/keys';

/**
 * Write-back pause (a dry run, e.g. right after install): while a portal is paused the worker,
 * the card API and the workflow actions evaluate deals as usual but write no output property to
 * HubSpot; what they would have written is kept in Redis per portal (one entry per deal plus
 * exact counts per grade, funnel stage and alert), for the settings page. Resume clears the
 * pause and the preview; the caller then re-grades the portal so the writes happen.
 */

const RECORD_SCRIPT = luaScript('preview-record');

/** The settings page's view (extensions/app/cards/lib/ops-api-types.ts WriteBackView). */
export type WritePreview = WriteBackView;

/** One deal's would-be outputs, as the tokens the preview counts. */
export function previewEntry(outputs: Readonly<Record<string, string>>): string {
  const alerts = (outputs[OUTPUTS.alerts] ?? '').split(';').filter((a) => a !== '');
  return [
    `grade:${outputs[OUTPUTS.leadGrade] ?? 'ordinary'}`,
    `stage:${outputs[OUTPUTS.funnelStage] ?? 'none'}`,
    ...alerts.map((a) => `alert:${a}`),
  ].join(',');
}

export class WriteBackPause {
  private readonly keys: ReturnType<typeof redisKeys>;

  constructor(
    private readonly redis: Redis,
    prefix = 'sw',
  ) {
    this.keys = redisKeys(prefix);
  }

  async isPaused(portalId: string): Promise<boolean> {
    return (await this.redis.exists(this.keys.writePause(portalId))) === 1;
  }

  /** Pauses writing and starts an empty preview (idempotent: an existing pause is kept). */
  async pause(portalId: string, now: Date = new Date()): Promise<void> {
    const created = await this.redis.hsetnx(this.keys.writePause(portalId), 'pausedAt', now.toISOString());
    if (created === 1)
      await this.redis.del(this.keys.previewDeals(portalId), this.keys.previewCounts(portalId));
  }

  /** Ends the pause and drops the preview. Returns whether the portal was paused. */
  async resume(portalId: string): Promise<boolean> {
    const [removed] = (await this.redis
      .multi()
      .del(this.keys.writePause(portalId))
      .del(this.keys.previewDeals(portalId), this.keys.previewCounts(portalId))
      .exec()) as [Error | null, number][];
    return (removed?.[1] ?? 0) === 1;
  }

  /** Records what would have been written for these deals (their full would-be outputs). */
  async record(
    portalId: string,
    deals: readonly { dealId: string; outputs: Readonly<Record<string, string>> }[],
  ): Promise<void> {
    if (deals.length === 0) return;
    const args = deals.flatMap((d) => [d.dealId, previewEntry(d.outputs)]);
    await this.redis.eval(
      RECORD_SCRIPT,
      2,
      this.keys.previewDeals(portalId),
      this.keys.previewCounts(portalId),
      ...args,
    );
  }

  async preview(portalId: string): Promise<WritePreview> {
    const [pausedAt, counts] = await Promise.all([
      this.redis.hget(this.keys.writePause(portalId), 'pausedAt'),
      this.redis.hgetall(this.keys.previewCounts(portalId)),
    ]);
    const pick = (kind: string, values: readonly string[]): Record<string, number> =>
      Object.fromEntries(values.map((v) => [v, Math.max(0, Number(counts[`${kind}:${v}`] ?? 0) || 0)]));
    return {
      paused: pausedAt !== null,
      pausedAt,
      deals: Math.max(0, Number(counts['deals'] ?? 0) || 0),
      grades: pick('grade', LEAD_GRADES),
      funnelStages: pick('stage', FUNNEL_STAGES),
      alerts: pick('alert', ALERTS),
    };
  }
}
