import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Prometheus metrics of one process. Created once at boot and injected; tests create their own.
 * Served at GET /metrics.
 */
export interface Metrics {
  registry: Registry;
  /** Webhook events by outcome: accepted | ignored_output | ignored_unknown_portal | ignored_uninstalled | ignored_type. */
  webhookEvents: Counter<'outcome'>;
  /** Webhook requests rejected by status: 400 | 401 | 413 | 415 | 503. */
  webhookRejected: Counter<'status'>;
  /** Requests refused with 429 by our own rate limits, by bucket (pages, oauth, webhooks, cardApiIp, cardApiPortal). */
  rateLimited: Counter<'bucket'>;
  /** Time to acknowledge a webhook request (seconds). */
  webhookAckSeconds: Histogram;
  /** HubSpot API calls by operation and HTTP status (or 'network'). */
  hubspotCalls: Counter<'operation' | 'status'>;
  /** 429 responses from HubSpot. */
  hubspotRateLimited: Counter;
  /** Jobs moved to the dead-letter list, by reason code. */
  deadLetters: Counter<'reason'>;
  /** Time from first event to outputs written (seconds). */
  jobLatencySeconds: Histogram;
  /** Deals evaluated and deals whose outputs were written. */
  dealsEvaluated: Counter;
  dealsWritten: Counter;
  /** Queue depth by state, set by a collector the worker registers. */
  queueDepth: Gauge<'queue' | 'state'>;
  /** Token refreshes HubSpot refused because of our client id / secret (401 or invalid_client). */
  oauthClientRejected: Counter;
  /** Portals disconnected (settings page) or forgotten (operator), by how. */
  portalsRemoved: Counter<'how'>;
}

export function createMetrics(options: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.defaultMetrics === true) collectDefaultMetrics({ register: registry, prefix: 'stepwise_' });
  const registers = [registry];
  return {
    registry,
    webhookEvents: new Counter({
      name: 'stepwise_webhook_events_total',
      help: 'Webhook events received, by outcome',
      labelNames: ['outcome'],
      registers,
    }),
    webhookRejected: new Counter({
      name: 'stepwise_webhook_rejected_total',
      help: 'Webhook requests rejected, by HTTP status',
      labelNames: ['status'],
      registers,
    }),
    rateLimited: new Counter({
      name: 'stepwise_rate_limited_total',
      help: 'Requests refused with 429 by Stepwise rate limits, by bucket',
      labelNames: ['bucket'],
      registers,
    }),
    webhookAckSeconds: new Histogram({
      name: 'stepwise_webhook_ack_seconds',
      help: 'Time to acknowledge a webhook request',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers,
    }),
    hubspotCalls: new Counter({
      name: 'stepwise_hubspot_calls_total',
      help: 'HubSpot API calls by operation and status',
      labelNames: ['operation', 'status'],
      registers,
    }),
    hubspotRateLimited: new Counter({
      name: 'stepwise_hubspot_rate_limited_total',
      help: 'HubSpot 429 responses',
      registers,
    }),
    deadLetters: new Counter({
      name: 'stepwise_dead_letters_total',
      help: 'Jobs dead-lettered, by reason',
      labelNames: ['reason'],
      registers,
    }),
    jobLatencySeconds: new Histogram({
      name: 'stepwise_job_latency_seconds',
      help: 'Time from first change event to outputs written',
      buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300],
      registers,
    }),
    dealsEvaluated: new Counter({
      name: 'stepwise_deals_evaluated_total',
      help: 'Deals evaluated',
      registers,
    }),
    dealsWritten: new Counter({
      name: 'stepwise_deals_written_total',
      help: 'Deals whose outputs changed and were written back',
      registers,
    }),
    queueDepth: new Gauge({
      name: 'stepwise_queue_depth',
      help: 'Jobs in the queue by state',
      labelNames: ['queue', 'state'],
      registers,
    }),
    oauthClientRejected: new Counter({
      name: 'stepwise_oauth_client_rejected_total',
      help: 'Token refreshes refused by HubSpot because of the client id or secret (401 / invalid_client)',
      registers,
    }),
    portalsRemoved: new Counter({
      name: 'stepwise_portals_removed_total',
      help: 'Portals whose Stepwise data was deleted, by how (disconnect, forget)',
      labelNames: ['how'],
      registers,
    }),
  };
}
