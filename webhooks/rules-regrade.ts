import type { RulesUpgradeView } from '../extensions/app/cards/lib/ops-api-types';
import { RULES_VERSION } from '../src/methodology';
import type { BackfillControl } from './backfill';
import { JOB, type RecomputeQueueHandle } from './queue';

/**
 * Post-deploy re-grade after a rules change (RULES_VERSION, written to every deal's
 * sw_rules_version): at worker start every installed portal whose recorded rules version
 * (`rules-version:<portalId>`, set when a backfill finishes) differs from the running one joins
 * a queue; a tick job starts their backfills `concurrency` at a time (default 1), oldest first,
 * and re-schedules itself with jitter until the queue is empty. Each backfill is the usual
 * resumable one (cursor in Redis, the portal's own rate budget with the card reserve), so a
 * deploy never floods a portal or the worker, and a restart mid-way picks up where it was.
 */

export interface RulesRegradeOptions {
  /** Portals re-graded at once. Default 1. */
  concurrency?: number;
  /** Tick period while portals wait. Default 15 000 ms (plus up to 50 % jitter). */
  intervalMs?: number;
  random?: () => number;
}

/** Queues every portal not graded with the current rules. Returns the portals queued now. */
export async function queueRulesRegrade(
  queue: RecomputeQueueHandle,
  portals: readonly string[],
  now: number = Date.now(),
): Promise<string[]> {
  if (portals.length === 0) return [];
  // One GET per portal (each portal's key lives in its own cluster slot: no MGET across them).
  const versions = await Promise.all(portals.map((p) => queue.redis.get(queue.keys.rulesVersion(p))));
  const stale = portals.filter((_, i) => versions[i] !== RULES_VERSION);
  if (stale.length === 0) return [];
  // NX: a portal already waiting keeps its place.
  await queue.redis.zadd(queue.keys.rulesRegradeQueue, 'NX', ...stale.flatMap((p, i) => [now + i, p]));
  return stale;
}

export function rulesRegradeJobId(at: number): string {
  return `rules-regrade-${at}`;
}

/** Schedules the next tick (deterministic id per due time, so two workers add it once). */
export async function scheduleRulesRegradeTick(
  queue: RecomputeQueueHandle,
  delayMs: number,
  now: number = Date.now(),
): Promise<void> {
  const due = Math.ceil((now + delayMs) / 1_000) * 1_000;
  await queue.queue.add(
    JOB.rulesRegrade,
    {},
    queue.jobOptions({ jobId: rulesRegradeJobId(due), delay: Math.max(0, due - now) }),
  );
}

/**
 * One tick: drops portals whose re-grade finished (or that were uninstalled), starts the next
 * ones up to `concurrency`, and schedules the next tick while any wait. Returns the portals started.
 */
export async function runRulesRegradeTick(
  queue: RecomputeQueueHandle,
  backfill: BackfillControl,
  isInstalled: (portalId: string) => Promise<boolean>,
  options: RulesRegradeOptions = {},
): Promise<{ started: string[]; waiting: number }> {
  const concurrency = Math.max(1, options.concurrency ?? 1);
  const intervalMs = options.intervalMs ?? 15_000;
  const random = options.random ?? Math.random;
  const key = queue.keys.rulesRegradeQueue;
  const queued = await queue.redis.zrange(key, 0, -1);
  let running = 0;
  const started: string[] = [];
  for (const portalId of queued) {
    const [version, status] = await Promise.all([
      queue.redis.get(queue.keys.rulesVersion(portalId)),
      backfill.getBackfillStatus(portalId),
    ]);
    if (version === RULES_VERSION || !(await isInstalled(portalId))) {
      await queue.redis.zrem(key, portalId);
      continue;
    }
    if (status.state === 'running') {
      running += 1;
      continue;
    }
    if (running >= concurrency) continue;
    // A failed run is retried on a later tick (its error stays visible on the settings page).
    await backfill.startBackfill(portalId);
    started.push(portalId);
    running += 1;
  }
  const waiting = await queue.redis.zcard(key);
  if (waiting > 0) await scheduleRulesRegradeTick(queue, intervalMs * (1 + random() / 2));
  return { started, waiting };
}

/** The settings page's view of the portal's rules re-grade. */
export async function rulesUpgradeStatus(
  queue: Pick<RecomputeQueueHandle, 'redis' | 'keys'>,
  portalId: string,
  backfillRunning: boolean,
): Promise<RulesUpgradeView> {
  const graded = await queue.redis.get(queue.keys.rulesVersion(portalId));
  const state = graded === RULES_VERSION ? 'current' : backfillRunning ? 'running' : 'queued';
  return { current: RULES_VERSION, graded, state };
}
