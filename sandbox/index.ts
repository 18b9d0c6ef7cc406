/** The local HubSpot sandbox (see README.md in this folder). */
export { startSandbox, DEFAULT_APP, type Sandbox, type SandboxOptions } from './server';
export { sandboxClient } from './client';
export { SandboxAdmin, type PortalSeed, type SeedResult, type UserEdit, type ObjectView } from './admin';
export { CallLog, type CallRecord, type CallFilter } from './call-log';
export { FaultInjector, type FaultRule, type RequestFilter } from './faults';
export { PortalRateLimiter, DEFAULT_RATE_LIMIT, type RateLimitConfig } from './rate-limit';
export {
  WebhookDispatcher,
  DEFAULT_WEBHOOK_SETTINGS,
  normalizeSubscriptions,
  subscriptionsFromHsMeta,
  type WebhookEvent,
  type WebhookDelivery,
  type WebhookSettings,
  type WebhookSubscriptionInput,
} from './webhooks';
export { ALL_SCOPES } from './services';
export type { ObjectType, PortalInput, PortalInfo, SandboxApp, IssuedTokens, PipelineInput } from './types';
export { stepwiseSubscriptions } from './default-subscriptions';
export {
  DEMO_PORTAL_ID,
  SECOND_PORTAL_ID,
  KEY_ACCOUNTS_PIPELINE,
  demoPortalSeed,
  secondPortalSeed,
  demoUserEdits,
  bulkPortalSeed,
} from './seed-data';
export {
  createHubSpotFetch,
  HUBSPOT_FETCH_DEFAULT_TIMEOUT_MS,
  HUBSPOT_FETCH_MAX_BYTES,
  HUBSPOT_FETCH_MAX_CONCURRENT,
  type HubSpotFetch,
  type FetchProxyOptions,
} from './fetch-proxy';
