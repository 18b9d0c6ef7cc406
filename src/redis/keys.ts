/**
 * Every Redis key Stepwise writes, built here and nowhere else. All keys live under the
 * configured prefix (REDIS_KEY_PREFIX, default `sw`). SECURITY.md §3 documents each family;
 * test/redis/keys.test.ts checks that table against KEY_FAMILIES.
 */
export function redisKeys(prefix: string) {
  const key = (...parts: string[]): string => [prefix, ...parts].join(':');
  return {
    /** Installation hash (tokens encrypted). */
    installation: (portalId: string) => key('inst', portalId),
    /** Lock held while one process refreshes a portal's token. */
    refreshLock: (portalId: string) => key('inst', portalId, 'refresh-lock'),
    /** Set of installed portal ids. */
    installedPortals: key('installs', 'active'),
    /** An issued OAuth install state (once-only). */
    oauthState: (nonce: string) => key('oauth', 'state', nonce),
    settings: (portalId: string) => key('settings', portalId),
    pipelines: (portalId: string) => key('pipelines', portalId),
    dirtyDeals: (portalId: string) => key('dirty', portalId, 'deals'),
    dirtyContacts: (portalId: string) => key('dirty', portalId, 'contacts'),
    /** Meeting ids whose change (outcome, time) affects their deals' visits. */
    dirtyMeetings: (portalId: string) => key('dirty', portalId, 'meetings'),
    inflightDeals: (portalId: string) => key('inflight', portalId, 'deals'),
    inflightContacts: (portalId: string) => key('inflight', portalId, 'contacts'),
    inflightMeetings: (portalId: string) => key('inflight', portalId, 'meetings'),
    /** Deals a backfill is recomputing right now (member = id, score = lease expiry, ms). */
    leasedDeals: (portalId: string) => key('leased', portalId, 'deals'),
    /** Portals with dirty ids (for depth metrics and the safety sweep). */
    dirtyPortals: key('dirty-portals'),
    deadLetters: key('dead-letters'),
    backfill: (portalId: string) => key('backfill', portalId),
    backfillLease: (portalId: string) => key('backfill', portalId, 'lease'),
    reconcileWatermark: (portalId: string) => key('reconcile', portalId, 'watermark'),
    /** Lock serialising card-API writes of one deal. */
    dealLock: (portalId: string, dealId: string) => key('lock', 'deal', portalId, dealId),
    /** Outbound HubSpot rate limiter: admissions, 429 block-until, interactive marker. */
    rateWindow: (portalId: string) => key('rl', portalId),
    rateBlock: (portalId: string) => key('rl', portalId, 'block'),
    rateInteractive: (portalId: string) => key('rl', portalId, 'interactive'),
    /** Prefix of the CRM-search limiter's own keys (`search:rl:<portalId>`, …). */
    searchLimiterPrefix: key('search'),
    /** Inbound abuse-protection counter of a client IP or portal in one bucket. */
    abuse: (bucket: string, subject: string) => key('abuse', bucket, subject),
    /** A used card-API signature (sha256 prefix). */
    replay: (digest: string) => key('replay', digest),
    /** BullMQ prefix: the queue's keys are `<prefix>:recompute:*`. */
    bullmq: prefix,
  };
}

export type RedisKeys = ReturnType<typeof redisKeys>;

/** Every key family as SECURITY.md writes it: `<placeholders>` for variable parts, no prefix. */
export function keyFamilies(): string[] {
  const k = redisKeys('<prefix>');
  const strip = (s: string): string => s.replace(/^<prefix>:/, '');
  const search = redisKeys(k.searchLimiterPrefix);
  return [
    k.installation('<portalId>'),
    k.installedPortals,
    k.refreshLock('<portalId>'),
    k.oauthState('<nonce>'),
    k.settings('<portalId>'),
    k.pipelines('<portalId>'),
    k.dirtyDeals('<portalId>'),
    k.dirtyContacts('<portalId>'),
    k.dirtyMeetings('<portalId>'),
    k.inflightDeals('<portalId>'),
    k.inflightContacts('<portalId>'),
    k.inflightMeetings('<portalId>'),
    k.leasedDeals('<portalId>'),
    k.dirtyPortals,
    k.backfill('<portalId>'),
    k.backfillLease('<portalId>'),
    k.reconcileWatermark('<portalId>'),
    k.deadLetters,
    k.dealLock('<portalId>', '<dealId>'),
    k.rateWindow('<portalId>'),
    k.rateBlock('<portalId>'),
    k.rateInteractive('<portalId>'),
    search.rateWindow('<portalId>'),
    search.rateBlock('<portalId>'),
    search.rateInteractive('<portalId>'),
    k.abuse('<bucket>', '<ip or portalId>'),
    k.replay('<sha256 prefix>'),
    `${k.bullmq}:recompute:*`,
  ].map(strip);
}
