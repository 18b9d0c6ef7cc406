import type { Redis } from 'ioredis';
import { portalKeyPatterns, redisKeys } from '../src/redis/keys';
import { deadLetterKey } from './dead-letters';
import type { RecomputeQueue, RecomputeQueueHandle } from './queue';

/** What deletePortalData removed. */
export interface PortalDataReport {
  /** Redis keys of the portal deleted (tokens, settings, dirty sets, leases, locks, limiter, aggregates, …). */
  keys: number;
  /** BullMQ jobs of the portal removed (waiting, delayed, prioritized, failed, completed). */
  jobs: number;
  /** Dead-letter entries of the portal removed. */
  deadLetters: number;
}

export interface PortalDataDeps {
  redis: Redis;
  prefix: string;
  /** The recompute queue; with its BullMQ handle, finished and failed jobs are removed too. */
  queue: RecomputeQueue | RecomputeQueueHandle;
}

const JOB_STATES = ['waiting', 'delayed', 'prioritized', 'failed', 'completed'] as const;
const PAGE = 500;

/**
 * Deletes everything Stepwise keeps in Redis about ONE portal: its queued work (dirty sets and
 * BullMQ jobs), its dead letters, every key of a per-portal family (src/redis/keys.ts
 * portalKeyPatterns — installation and tokens, settings, caches, limiter windows, aggregates)
 * and its membership of the shared sets. HubSpot data (properties, deal values) is untouched.
 * A job running at this moment finishes without a token (the installation is gone) and writes
 * nothing. Idempotent.
 */
export async function deletePortalData(deps: PortalDataDeps, portalId: string): Promise<PortalDataReport> {
  const { redis, prefix } = deps;
  const keys = redisKeys(prefix);
  await deps.queue.dropPortal(portalId);
  const jobs = 'queue' in deps.queue ? await removeJobs(deps.queue, portalId) : 0;
  const deadLetters = await removeDeadLetters(redis, prefix, portalId);
  let deleted = 0;
  for (const pattern of portalKeyPatterns(prefix, portalId)) {
    if (!/[*?[]/.test(pattern.replace(/\\./g, ''))) {
      deleted += await redis.unlink(pattern.replace(/\\(.)/g, '$1'));
      continue;
    }
    let cursor = '0';
    do {
      const [next, found] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      cursor = next;
      // One key per command: keys of different families may sit in different cluster slots.
      for (const key of found) deleted += await redis.unlink(key);
    } while (cursor !== '0');
  }
  await redis
    .multi()
    .srem(keys.installedPortals, portalId)
    .srem(keys.dirtyPortals, portalId)
    .hdel(keys.oauthClientRejected, portalId)
    .exec();
  return { keys: deleted, jobs, deadLetters };
}

async function removeJobs(handle: RecomputeQueueHandle, portalId: string): Promise<number> {
  let removed = 0;
  for (const state of JOB_STATES) {
    for (let start = 0; ; start += PAGE) {
      const page = await handle.queue.getJobs([state], start, start + PAGE - 1);
      if (page.length === 0) break;
      let removedHere = 0;
      for (const job of page) {
        if ((job.data as { portalId?: unknown }).portalId !== portalId) continue;
        await job.remove().then(
          () => {
            removedHere += 1;
          },
          () => undefined, // picked up by a worker meanwhile: it finds no token and stops
        );
      }
      removed += removedHere;
      start -= removedHere; // removed jobs shift the next page
      if (page.length < PAGE) break;
    }
  }
  return removed;
}

async function removeDeadLetters(redis: Redis, prefix: string, portalId: string): Promise<number> {
  const key = deadLetterKey(prefix);
  const raw = await redis.lrange(key, 0, -1);
  let removed = 0;
  for (const entry of new Set(raw)) {
    let owner: unknown;
    try {
      owner = (JSON.parse(entry) as { portalId?: unknown }).portalId;
    } catch {
      continue;
    }
    if (owner === portalId) removed += await redis.lrem(key, 0, entry);
  }
  return removed;
}
