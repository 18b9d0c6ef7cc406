import type { ReconcileJobData } from '../queue';
import { reconcilePortal, type ReconcileProgress } from '../reconcile';
import { countSuccesses } from './failure-policy';
import type { JobContext, JobProcessor } from './job-context';

/** `reconcile` jobs: re-read a portal's recently modified deals and contacts (missed webhooks). */
export function createReconcileProcessor(
  ctx: JobContext,
  options: { intervalMs: number; overlapMs: number },
): JobProcessor<ReconcileJobData> {
  return async (job, token) => {
    const counted = countSuccesses(ctx.portalClients.forPortal(job.data.portalId));
    try {
      // A sweep interrupted by a 429 or a transient failure resumes at its last page instead of
      // starting over (a long sweep would otherwise never get past HubSpot's search limit).
      const resume: ReconcileProgress | undefined = job.data.progress;
      return await reconcilePortal(ctx.queue, counted.portal, {
        intervalMs: options.intervalMs,
        overlapMs: options.overlapMs,
        ...(resume !== undefined ? { resume } : {}),
        onPage: async (progress) => {
          await job.updateData({ ...job.data, progress });
        },
      });
    } catch (err) {
      return ctx.policy.handle(job, token, err, {
        progressed: counted.succeeded() > 0,
        giveUp: async () => {
          // Nothing to isolate: the next reconcile tick sweeps again from the watermark.
        },
      });
    }
  };
}
