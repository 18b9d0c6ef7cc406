import type { Redis } from 'ioredis';
import type { PortalClient } from './portal-client';
import { redisKeys } from '../redis/keys';

/** One deal stage with the metadata the engine needs (DESIGN: stage from pipeline metadata). */
export interface StageInfo {
  id: string;
  label: string;
  displayOrder: number;
  isClosed: boolean;
  /** 0..1; NaN-free (unparsable → 0). */
  probability: number;
}

export interface PipelineInfo {
  id: string;
  label: string;
  displayOrder: number;
  stages: StageInfo[];
}

/** The engine's view of a stage (DealSnapshot.stage). */
export interface ResolvedStage {
  isClosed: boolean;
  probability: number;
}

export interface PipelinesCacheOptions {
  redis: Redis;
  prefix?: string;
  /** How long pipelines stay cached in Redis (shared by all processes). Default 10 min. */
  ttlMs?: number;
  /** In-process copy lifetime. Default 60 s. */
  localTtlMs?: number;
  /** An unknown stage id triggers a refetch when the cached copy is older than this. Default 60 s. */
  refreshOnMissAfterMs?: number;
  now?: () => number;
}

interface CachedPipelines {
  fetchedAt: number;
  pipelines: PipelineInfo[];
}

function toNumber(v: unknown): number {
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? n : 0;
}

/**
 * Deal pipeline/stage metadata per portal, cached in Redis (TTL) and briefly in process, so a
 * flush of 100 deals costs no pipeline call in the steady state.
 */
export class PipelinesCache {
  private readonly local = new Map<string, { at: number; value: CachedPipelines }>();
  /** Single flight: concurrent loads of one portal share one fetch. */
  private readonly inFlight = new Map<string, Promise<CachedPipelines>>();
  private readonly prefix: string;
  private readonly ttlMs: number;
  private readonly localTtlMs: number;
  private readonly refreshOnMissAfterMs: number;
  private readonly now: () => number;

  constructor(private readonly options: PipelinesCacheOptions) {
    this.prefix = options.prefix ?? 'sw';
    this.ttlMs = options.ttlMs ?? 10 * 60_000;
    this.localTtlMs = options.localTtlMs ?? 60_000;
    this.refreshOnMissAfterMs = options.refreshOnMissAfterMs ?? 60_000;
    this.now = options.now ?? Date.now;
  }

  private key(portalId: string): string {
    return redisKeys(this.prefix).pipelines(portalId);
  }

  /** Deal pipelines of the portal (cached). */
  async getPipelines(portal: PortalClient): Promise<PipelineInfo[]> {
    return (await this.load(portal, false)).pipelines;
  }

  /**
   * Returns a synchronous stage resolver for a set of deals, refetching once if one of the
   * requested stage ids is unknown and the cached copy is older than refreshOnMissAfterMs.
   */
  async resolver(
    portal: PortalClient,
    wanted: readonly { pipelineId: string | null; stageId: string | null }[] = [],
  ): Promise<(pipelineId: string | null, stageId: string | null) => ResolvedStage | null> {
    let cached = await this.load(portal, false);
    const missing = wanted.some(
      (w) =>
        w.stageId !== null &&
        w.stageId !== '' &&
        findStage(cached.pipelines, w.pipelineId, w.stageId) === null,
    );
    if (missing && this.now() - cached.fetchedAt > this.refreshOnMissAfterMs) {
      cached = await this.load(portal, true);
    }
    const pipelines = cached.pipelines;
    return (pipelineId, stageId) => {
      if (stageId === null || stageId === '') return null;
      const s = findStage(pipelines, pipelineId, stageId);
      return s === null ? null : { isClosed: s.isClosed, probability: s.probability };
    };
  }

  async invalidate(portalId: string): Promise<void> {
    this.local.delete(portalId);
    await this.options.redis.del(this.key(portalId));
  }

  private load(portal: PortalClient, force: boolean): Promise<CachedPipelines> {
    const key = `${portal.portalId}:${force ? 'force' : 'normal'}`;
    const running = this.inFlight.get(key);
    if (running !== undefined) return running;
    const p = this.loadOnce(portal, force).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, p);
    return p;
  }

  private async loadOnce(portal: PortalClient, force: boolean): Promise<CachedPipelines> {
    const portalId = portal.portalId;
    const now = this.now();
    if (!force) {
      const l = this.local.get(portalId);
      if (l !== undefined && now - l.at < this.localTtlMs) return l.value;
      const raw = await this.options.redis.get(this.key(portalId));
      if (raw !== null) {
        try {
          const value = JSON.parse(raw) as CachedPipelines;
          if (Array.isArray(value.pipelines)) {
            this.local.set(portalId, { at: now, value });
            return value;
          }
        } catch {
          // corrupt entry: refetch below
        }
      }
    }
    const res = await portal.call('pipelines.getAll', (c) => c.crm.pipelines.pipelinesApi.getAll('deals'));
    const pipelines: PipelineInfo[] = (res.results ?? []).map((p) => ({
      id: String(p.id),
      label: String(p.label ?? p.id),
      displayOrder: toNumber(p.displayOrder),
      stages: (p.stages ?? []).map((s) => ({
        id: String(s.id),
        label: String(s.label ?? s.id),
        displayOrder: toNumber(s.displayOrder),
        isClosed: s.metadata?.['isClosed'] === 'true',
        probability: toNumber(s.metadata?.['probability']),
      })),
    }));
    const value: CachedPipelines = { fetchedAt: this.now(), pipelines };
    await this.options.redis.set(this.key(portalId), JSON.stringify(value), 'PX', this.ttlMs);
    this.local.set(portalId, { at: this.now(), value });
    return value;
  }
}

function findStage(
  pipelines: readonly PipelineInfo[],
  pipelineId: string | null,
  stageId: string,
): StageInfo | null {
  if (pipelineId !== null && pipelineId !== '') {
    const p = pipelines.find((x) => x.id === pipelineId);
    const s = p?.stages.find((x) => x.id === stageId);
    if (s !== undefined) return s;
  }
  for (const p of pipelines) {
    const s = p.stages.find((x) => x.id === stageId);
    if (s !== undefined) return s;
  }
  return null;
}
