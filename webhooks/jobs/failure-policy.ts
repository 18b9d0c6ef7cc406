import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import type { Logger } from '../../src/logger';
import { HubSpotError, asksToWait } from '../../src/hubspot/errors';
import type { PortalClient } from '../../src/hubspot/portal-client';

/**
 * The worker's one failure policy, shared by every job type (retries live in this one layer):
 * - a 429 (RATE_LIMITED), a 423 (LOCKED, ≥ 2 s) or a 477 (MIGRATING, Retry-After) delays the job
 *   by the wait HubSpot asked for without spending an attempt (a 429 with policyName DAILY is
 *   DAILY_LIMIT: final, dead-lettered with that reason);
 * - a retryable HubSpot failure (5xx, network) runs again after a jittered exponential backoff
 *   while its transient budget lasts (see retryTransient), then the job gives up;
 * - UNAUTHORIZED may be handled by the job type (the flush drops uninstalled portals);
 * - any other HubSpot 4xx is final at once (UnrecoverableError);
 * - anything else (Redis, a bug) is retried by BullMQ until the job's attempts are spent.
 * Giving up calls the job's `giveUp` (dead letters, failed backfill) with a reason code.
 */

/** Exponential backoff with equal jitter, never shorter than a server-given Retry-After. */
export function backoffDelay(attemptsMade: number, baseMs: number, maxMs: number, err?: unknown): number {
  const exp = Math.min(maxMs, baseMs * 2 ** Math.max(0, attemptsMade - 1));
  const jittered = Math.round(exp / 2 + Math.random() * (exp / 2));
  const retryAfter = err instanceof HubSpotError && err.retryAfterMs !== null ? err.retryAfterMs : 0;
  return Math.max(jittered, retryAfter);
}

/** Transient-failure tally of a job (kept in its data across tries). */
interface TransientRetries {
  /** Consecutive tries in which no HubSpot call succeeded. */
  streak: number;
  /** Tries that ended in a transient failure. */
  total: number;
}

/** Hard cap of transient tries per job, as a multiple of its attempts. */
const TRANSIENT_TOTAL_FACTOR = 5;

/** Wraps a portal client to count the HubSpot calls that succeeded (progress of one try). */
export function countSuccesses(portal: PortalClient): { portal: PortalClient; succeeded: () => number } {
  let ok = 0;
  return {
    portal: {
      portalId: portal.portalId,
      call: async (operation, fn, options) => {
        const result = await portal.call(operation, fn, options);
        ok += 1;
        return result;
      },
    },
    succeeded: () => ok,
  };
}

/** Transient failures this job has been retried for so far (kept in its data by the policy). */
export function transientRetries(job: Job): number {
  return (job.data as { retries?: TransientRetries }).retries?.total ?? 0;
}

export interface FailureHooks {
  /** Whether this try got any HubSpot call through (resets the transient streak). */
  progressed: boolean;
  /** The job gives up: isolate or record its work. `attempts` counts the tries made. */
  giveUp(reason: string, err: unknown, attempts: number): Promise<void>;
  /** Job-specific handling of UNAUTHORIZED; without it, UNAUTHORIZED is final like other 4xx. */
  unauthorized?(err: HubSpotError): Promise<unknown>;
}

export interface FailurePolicyOptions {
  /** Attempts of a job without its own `opts.attempts`. */
  attempts: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  logger?: Logger | undefined;
}

export interface FailurePolicy {
  /** Decides what a failed try does next; resolves only when a hook's answer is the job's result. */
  handle(job: Job, token: string | undefined, err: unknown, hooks: FailureHooks): Promise<unknown>;
  /** Moves the job to delayed without spending an attempt (limiter wait or 429 Retry-After). */
  delay(job: Job, token: string | undefined, ms: number): Promise<never>;
  /** The last attempt BullMQ will make of this job. */
  isFinalAttempt(job: Job): boolean;
}

export function createFailurePolicy(options: FailurePolicyOptions): FailurePolicy {
  const { backoffBaseMs, backoffMaxMs, logger } = options;
  const isFinalAttempt = (job: Job): boolean => job.attemptsMade + 1 >= (job.opts.attempts ?? 1);

  const delay = async (job: Job, token: string | undefined, ms: number): Promise<never> => {
    await job.moveToDelayed(Date.now() + Math.max(1, ms), token);
    throw new DelayedError();
  };

  /**
   * A retryable HubSpot failure (5xx, network): the job runs again after a jittered exponential
   * backoff. The budget is `attempts` consecutive tries in which HubSpot answered NO call (an
   * outage), not `attempts` tries in total: a job of several calls would otherwise exhaust it
   * on a merely flaky HubSpot (at 30 % 5xx, a 4-call batch fails 76 % of its tries, so 8 tries
   * dead-letter 11 % of batches). A try with a successful call resets the streak; a hard cap
   * of TRANSIENT_TOTAL_FACTOR × attempts tries bounds a batch that always fails the same way.
   * Throws DelayedError while the budget lasts; returns the final tally once it is exhausted.
   */
  const retryTransient = async (
    job: Job,
    token: string | undefined,
    err: HubSpotError,
    progressed: boolean,
  ): Promise<TransientRetries> => {
    const budget = job.opts.attempts ?? options.attempts;
    const prev = (job.data as { retries?: TransientRetries }).retries ?? { streak: 0, total: 0 };
    const next = { streak: progressed ? 0 : prev.streak + 1, total: prev.total + 1 };
    if (next.streak >= budget || next.total >= budget * TRANSIENT_TOTAL_FACTOR) return next;
    await job.updateData({ ...job.data, retries: next });
    logger?.debug(
      { jobId: job.id, name: job.name, ...next, err: err.toJSON() },
      'transient HubSpot failure: retrying',
    );
    return delay(job, token, backoffDelay(Math.max(1, next.streak), backoffBaseMs, backoffMaxMs, err));
  };

  const handle = async (
    job: Job,
    token: string | undefined,
    err: unknown,
    hooks: FailureHooks,
  ): Promise<unknown> => {
    if (err instanceof DelayedError) throw err;
    if (asksToWait(err)) {
      return delay(job, token, err.retryAfterMs ?? 1_000);
    }
    if (err instanceof HubSpotError && err.retryable) {
      const tally = await retryTransient(job, token, err, hooks.progressed);
      await hooks.giveUp(`${err.code}_RETRIES_EXHAUSTED`, err, tally.total);
      throw new UnrecoverableError(err.message);
    }
    if (err instanceof HubSpotError && err.code === 'UNAUTHORIZED' && hooks.unauthorized !== undefined) {
      return hooks.unauthorized(err);
    }
    // Here a HubSpot error is a 4xx other than 429: final. Anything else is BullMQ's to retry.
    const final = err instanceof HubSpotError;
    if (final || isFinalAttempt(job)) {
      const code = err instanceof HubSpotError ? err.code : 'INTERNAL';
      await hooks.giveUp(final ? code : `${code}_RETRIES_EXHAUSTED`, err, job.attemptsMade + 1);
      if (final) throw new UnrecoverableError(err.message);
    }
    throw err;
  };

  return { handle, delay, isFinalAttempt };
}
