import type { Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from '../../src/logger';
import type { Metrics } from '../../src/observability/metrics';
import type { PortalClients } from '../../src/hubspot/portal-client';
import type { FlushContext } from '../flush';
import type { RecomputeQueueHandle } from '../queue';
import type { FailurePolicy } from './failure-policy';

/** What every job processor of the recompute worker shares. */
export interface JobContext {
  readonly queue: RecomputeQueueHandle;
  /** The worker's own connection (maxRetriesPerRequest: null). */
  readonly connection: Redis;
  readonly prefix: string;
  readonly flush: FlushContext;
  readonly portalClients: PortalClients;
  readonly policy: FailurePolicy;
  readonly logger?: Logger | undefined;
  readonly metrics?: Metrics | undefined;
  isClosing(): boolean;
}

export type JobProcessor<Data> = (job: Job<Data>, token: string | undefined) => Promise<unknown>;
