import { UnrecoverableError, type Job } from 'bullmq';
import { HubSpotError } from '../../src/hubspot/errors';
import type { PortalClient } from '../../src/hubspot/portal-client';
import { recordDeadLetter } from '../dead-letters';
import { runFlush } from '../flush';
import type { FlushJobData } from '../queue';
import { countSuccesses, transientRetries } from './failure-policy';
import type { JobContext, JobProcessor } from './job-context';

/** Dead-letters the ids a flush holds in flight (with the reason), so the portal's other ids move on. */
export async function deadLetterInflight(
  ctx: JobContext,
  portalId: string,
  job: Job,
  reason: string,
  err: unknown,
  attempts: number = job.attemptsMade + 1,
): Promise<void> {
  const { connection, queue } = ctx;
  const dealIds = await connection.zrange(queue.keys.inflightDeals(portalId), 0, -1);
  const contactIds = await connection.zrange(queue.keys.inflightContacts(portalId), 0, -1);
  const meetingIds = await connection.zrange(queue.keys.inflightMeetings(portalId), 0, -1);
  await connection.del(
    queue.keys.inflightDeals(portalId),
    queue.keys.inflightContacts(portalId),
    queue.keys.inflightMeetings(portalId),
  );
  if (dealIds.length === 0 && contactIds.length === 0 && meetingIds.length === 0) return;
  const h = err instanceof HubSpotError ? err : null;
  await recordDeadLetter(
    connection,
    ctx.prefix,
    {
      portalId,
      dealIds,
      contactIds,
      ...(meetingIds.length > 0 ? { meetingIds } : {}),
      reason,
      status: h?.status ?? null,
      category: h?.category ?? null,
      message: err instanceof Error ? err.message : String(err),
      source: 'flush',
      jobId: job.id ?? null,
      attempts,
    },
    ctx.metrics,
  );
}

/** Schedules the next flush of a portal when ids are still waiting. */
export async function flushWhatRemains(ctx: JobContext, portalId: string): Promise<void> {
  const pending = await ctx.queue.pending(portalId);
  if (pending.deals + pending.contacts + pending.meetings > 0) await ctx.queue.scheduleFlush(portalId);
}

/** `flush` jobs: recompute a portal's dirty deals and contacts in batches. */
export function createFlushProcessor(ctx: JobContext): JobProcessor<FlushJobData> {
  return async (job, token) => {
    const portalId = job.data.portalId;
    let portal: PortalClient;
    try {
      portal = ctx.portalClients.forPortal(portalId);
    } catch (err) {
      throw new UnrecoverableError(err instanceof Error ? err.message : String(err));
    }
    const counted = countSuccesses(portal);
    try {
      const outcome = await runFlush(ctx.flush, counted.portal, {
        jobId: job.id ?? null,
        attempts: job.attemptsMade + 1,
        retries: transientRetries(job),
      });
      // Ids left over: go on at once, unless nothing could be claimed (all held by a backfill's
      // lease or still in flight), then look again after the coalescing window.
      if (outcome.remaining > 0) {
        const idle = ctx.isClosing() || outcome.batches === 0;
        await ctx.queue.scheduleFlush(portalId, idle ? ctx.queue.coalesceMs : 0);
      }
      return outcome;
    } catch (err) {
      return ctx.policy.handle(job, token, err, {
        progressed: counted.succeeded() > 0,
        giveUp: async (reason, cause, attempts) => {
          await deadLetterInflight(ctx, portalId, job, reason, cause, attempts);
          await flushWhatRemains(ctx, portalId);
        },
        unauthorized: async (unauthorized) => {
          if (unauthorized.category === 'NOT_INSTALLED') {
            ctx.logger?.warn({ portalId }, 'portal not installed: dropping its pending recomputes');
            await deadLetterInflight(ctx, portalId, job, 'NOT_INSTALLED', unauthorized);
            await ctx.queue.dropPortal(portalId);
            return { dropped: true };
          }
          // A 401 made PortalClients call onUnauthorized (the installation store forces a token
          // refresh, or marks the portal uninstalled → dropPortal). One retry with the refreshed
          // token; a second 401 is final.
          if (unauthorized.status === 401 && job.attemptsMade === 0 && !ctx.policy.isFinalAttempt(job))
            throw unauthorized;
          await deadLetterInflight(ctx, portalId, job, 'UNAUTHORIZED', unauthorized);
          throw new UnrecoverableError(unauthorized.message);
        },
      });
    }
  };
}
