import { HubSpotError } from '../../src/hubspot/errors';
import { backfillJobId, failBackfill, runBackfillSlice } from '../backfill';
import { JOB, type BackfillJobData } from '../queue';
import { countSuccesses, transientRetries } from './failure-policy';
import type { JobContext, JobProcessor } from './job-context';

/** `backfill` jobs: grade a slice of a portal's deals, then hand over to the next slice. */
export function createBackfillProcessor(
  ctx: JobContext,
  options: { sliceMs?: number | undefined; busyDelayMs: number },
): JobProcessor<BackfillJobData> {
  return async (job, token) => {
    const { portalId, runId, slice } = job.data;
    const { queue } = ctx;
    const counted = countSuccesses(ctx.portalClients.forPortal(portalId));
    try {
      const result = await runBackfillSlice(ctx.flush, queue, counted.portal, runId, {
        ...(options.sliceMs !== undefined ? { budgetMs: options.sliceMs } : {}),
        isClosing: () => ctx.isClosing(),
        jobId: job.id ?? null,
        attempts: job.attemptsMade + 1,
        retries: transientRetries(job),
      });
      if (result === 'more' || result === 'busy') {
        await queue.queue.add(
          JOB.backfill,
          { portalId, runId, slice: slice + 1 },
          queue.jobOptions({
            jobId: backfillJobId(portalId, runId, slice + 1),
            ...(result === 'busy' ? { delay: options.busyDelayMs } : {}),
          }),
        );
      }
      return { result };
    } catch (err) {
      return ctx.policy.handle(job, token, err, {
        progressed: counted.succeeded() > 0,
        giveUp: async (_reason, cause) => {
          await failBackfill(queue, portalId, runId, cause instanceof Error ? cause.message : String(cause));
          if (cause instanceof HubSpotError && cause.category === 'NOT_INSTALLED')
            await queue.dropPortal(portalId);
        },
      });
    }
  };
}
