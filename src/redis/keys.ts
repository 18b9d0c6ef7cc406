/**
 * Every Redis key Stepwise writes, built here and nowhere else. All keys live under the
 * configured prefix (REDIS_KEY_PREFIX, default `sw`). SECURITY.md §3 documents each family;
 * test/redis/keys.test.ts checks that table against KEY_FAMILIES.
 *
 * Two layouts, chosen by how the prefix is written:
 * - `sw` (a single Redis): `sw:inst:123`, `sw:dirty:123:deals`, BullMQ under `sw:recompute:*`.
 *   These are the names Stepwise always used; a single Redis never needs a migration.
 * - `{sw}` (a Redis Cluster, see clusterKeyPrefix; the composition root picks it when
 *   REDIS_CLUSTER_NODES is set): every key of a portal carries the hash tag `{p:<portalId>}`
 *   (`sw:inst:{p:123}`, `sw:dirty:{p:123}:deals`), so all of one portal's keys hash to one slot
 *   and every multi-key command, MULTI and Lua script of that portal runs on one node.
 *   BullMQ gets the prefix `{sw}` (https://docs.bullmq.io/patterns/redis-cluster): its keys
 *   `{sw}:recompute:*` share one slot, as its scripts need.
 *
 * Global keys (no portal) are deliberately untagged, each its own slot, and are only ever used
 * in single-key commands: `installs:active`, `dirty-portals` and `dead-letters` (one key each;
 * code that updates one of them together with a portal's key goes through execAcrossSlots,
 * which orders the steps on a cluster), `oauth:state:*`, `abuse:*` and `replay:*` (one key per
 * subject, spread over the cluster). A new per-portal key MUST be built with `portal(...)`
 * below (test/redis/keys.test.ts checks it; see GLOBAL_KEY_MEMBERS for the deliberate exceptions).
 */
export function redisKeys(prefix: string) {
  const cluster = isClusterKeyPrefix(prefix);
  const base = cluster ? prefix.slice(1, -1) : prefix;
  const key = (...parts: string[]): string => [base, ...parts].join(':');
  /** A portal's id as it appears in its keys: hash-tagged on a cluster. */
  const portal = (portalId: string): string => (cluster ? `{p:${portalId}}` : portalId);
  return {
    /** Installation hash (tokens encrypted). */
    installation: (portalId: string) => key('inst', portal(portalId)),
    /** Lock held while one process refreshes a portal's token. */
    refreshLock: (portalId: string) => key('inst', portal(portalId), 'refresh-lock'),
    /** Set of installed portal ids (global: untagged, single-key commands only). */
    installedPortals: key('installs', 'active'),
    /** Portals whose token refresh HubSpot refused for our client credentials (field = portal id). */
    oauthClientRejected: key('health', 'oauth-client'),
    /** An issued OAuth install state (once-only; global, one key per nonce). */
    oauthState: (nonce: string) => key('oauth', 'state', nonce),
    settings: (portalId: string) => key('settings', portal(portalId)),
    pipelines: (portalId: string) => key('pipelines', portal(portalId)),
    dirtyDeals: (portalId: string) => key('dirty', portal(portalId), 'deals'),
    dirtyContacts: (portalId: string) => key('dirty', portal(portalId), 'contacts'),
    /** Meeting ids whose change (outcome, time) affects their deals' visits. */
    dirtyMeetings: (portalId: string) => key('dirty', portal(portalId), 'meetings'),
    inflightDeals: (portalId: string) => key('inflight', portal(portalId), 'deals'),
    inflightContacts: (portalId: string) => key('inflight', portal(portalId), 'contacts'),
    inflightMeetings: (portalId: string) => key('inflight', portal(portalId), 'meetings'),
    /** Deals a backfill is recomputing right now (member = id, score = lease expiry, ms). */
    leasedDeals: (portalId: string) => key('leased', portal(portalId), 'deals'),
    /** Portals with dirty ids (for depth metrics and the safety sweep; global, untagged). */
    dirtyPortals: key('dirty-portals'),
    /** Dead-lettered recomputes of every portal (global, untagged). */
    deadLetters: key('dead-letters'),
    backfill: (portalId: string) => key('backfill', portal(portalId)),
    backfillLease: (portalId: string) => key('backfill', portal(portalId), 'lease'),
    reconcileWatermark: (portalId: string) => key('reconcile', portal(portalId), 'watermark'),
    /** Write-back pause of a portal (dry run): hash with pausedAt. */
    writePause: (portalId: string) => key('pause', portal(portalId)),
    /** While paused: what Stepwise would write, per deal (field = deal id, value = grade|stage|alerts). */
    previewDeals: (portalId: string) => key('preview', portal(portalId), 'deals'),
    /** While paused: counts per output value over previewDeals (`grade:strategic`, `alert:stalled`, …). */
    previewCounts: (portalId: string) => key('preview', portal(portalId), 'counts'),
    /** Rules version the portal was last fully graded with (set when a backfill finishes). */
    rulesVersion: (portalId: string) => key('rules-version', portal(portalId)),
    /** Portals waiting for their post-deploy rules re-grade (global, untagged, single-key commands only). */
    rulesRegradeQueue: key('rules-regrade', 'queue'),
    /** A workflow-action answer by callback id (HubSpot retries reuse it). */
    actionResult: (portalId: string, callbackId: string) => key('action', portal(portalId), callbackId),
    /** Stepwise's ready-made deal lists created in a portal (hash: list key → HubSpot list id). */
    lists: (portalId: string) => key('lists', portal(portalId)),
    /** Lock serialising card-API writes of one deal. */
    dealLock: (portalId: string, dealId: string) => key('lock', 'deal', portal(portalId), dealId),
    /** Outbound HubSpot rate limiter: admissions, 429 block-until, interactive marker. */
    rateWindow: (portalId: string) => key('rl', portal(portalId)),
    rateBlock: (portalId: string) => key('rl', portal(portalId), 'block'),
    rateInteractive: (portalId: string) => key('rl', portal(portalId), 'interactive'),
    /** Prefix of the CRM-search limiter's own keys (`search:rl:<portalId>`, …), same layout. */
    searchLimiterPrefix: cluster ? clusterKeyPrefix(key('search')) : key('search'),
    /** Inbound abuse-protection counter of a client IP or portal in one bucket (single key). */
    abuse: (bucket: string, subject: string) => key('abuse', bucket, subject),
    /** A used card-API signature (sha256 prefix; global, one key per signature). */
    replay: (digest: string) => key('replay', digest),
    /** BullMQ prefix: the queue's keys are `<prefix>:recompute:*` (`{sw}:recompute:*` on a cluster). */
    bullmq: prefix,
  };
}

export type RedisKeys = ReturnType<typeof redisKeys>;

/** True for a prefix written in braces (`{sw}`): the Redis Cluster layout (see redisKeys). */
export function isClusterKeyPrefix(prefix: string): boolean {
  return prefix.length > 2 && prefix.startsWith('{') && prefix.endsWith('}');
}

/** The cluster layout of a prefix: `sw` → `{sw}` (unchanged when already braced). */
export function clusterKeyPrefix(prefix: string): string {
  return isClusterKeyPrefix(prefix) ? prefix : `{${prefix}}`;
}

/** The prefix in the layout of the deployment: braced on a Redis Cluster, as written otherwise. */
export function keyPrefixFor(prefix: string, cluster: boolean): string {
  return cluster ? clusterKeyPrefix(prefix) : prefix;
}

/**
 * SCAN patterns that together match every key under a prefix (ours and BullMQ's), in either
 * layout. On a cluster, SCAN each primary with each pattern.
 */
export function keyPatterns(prefix: string): string[] {
  if (!isClusterKeyPrefix(prefix)) return [`${prefix}*`];
  return [`${prefix.slice(1, -1)}*`, `${prefix}*`];
}

/** Every key family as SECURITY.md writes it: `<placeholders>` for variable parts, no prefix. */
export function keyFamilies(): string[] {
  return familyTemplates().map((s) => s.replace(/^<prefix>:/, ''));
}

/** Placeholders that stand for a portal id in a family template. */
const PORTAL_PLACEHOLDERS = ['<portalId>', '<ip or portalId>'];

/**
 * SCAN MATCH patterns of every key that belongs to ONE portal: each family of keyFamilies()
 * whose name carries the portal id, with the portal id filled in and other placeholders as `*`.
 * A new per-portal family added to keyFamilies() (which test/redis/keys.test.ts ties to
 * SECURITY.md) is therefore deleted by a disconnect without further code. Shared collections
 * that only hold a portal id as a member (installedPortals, dirtyPortals, deadLetters,
 * oauthClientRejected) are not keys of the portal; their members are removed one by one.
 */
export function portalKeyPatterns(prefix: string, portalId: string): string[] {
  if (!/^\d{1,20}$/.test(portalId)) throw new Error(`invalid portal id ${JSON.stringify(portalId)}`);
  const cluster = isClusterKeyPrefix(prefix);
  const base = cluster ? prefix.slice(1, -1) : prefix;
  const glob = (s: string): string => s.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
  const out = new Set<string>();
  // Templates in the deployment's layout (on a cluster the portal appears as `{p:<portalId>}`).
  for (const family of familyTemplates(cluster ? '{<prefix>}' : '<prefix>')) {
    const rest = family.replace(/^<prefix>:/, '');
    if (!PORTAL_PLACEHOLDERS.some((p) => rest.includes(p))) continue;
    let pattern = glob(rest);
    for (const p of PORTAL_PLACEHOLDERS) pattern = pattern.split(glob(p)).join(portalId);
    out.add(`${glob(base)}:${pattern.replace(/<[^>]*>/g, '*')}`);
  }
  return [...out];
}

function familyTemplates(prefix = '<prefix>'): string[] {
  const k = redisKeys(prefix);
  const search = redisKeys(k.searchLimiterPrefix);
  return [
    k.installation('<portalId>'),
    k.installedPortals,
    k.refreshLock('<portalId>'),
    k.oauthState('<nonce>'),
    k.oauthClientRejected,
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
    k.writePause('<portalId>'),
    k.previewDeals('<portalId>'),
    k.previewCounts('<portalId>'),
    k.rulesVersion('<portalId>'),
    k.rulesRegradeQueue,
    k.actionResult('<portalId>', '<callbackId>'),
    k.lists('<portalId>'),
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
  ];
}

/**
 * The members of redisKeys that are deliberately NOT in a portal's slot: global keys (each its
 * own slot, single-key commands only) and the two prefixes. Every other member takes the portal
 * id first and builds a key in that portal's slot; test/redis/keys.test.ts holds both lists to it,
 * so a new key is either tagged by portal or added here on purpose.
 */
export const GLOBAL_KEY_MEMBERS = [
  'installedPortals',
  'oauthClientRejected',
  'oauthState',
  'dirtyPortals',
  'deadLetters',
  'rulesRegradeQueue',
  'abuse',
  'replay',
  'searchLimiterPrefix',
  'bullmq',
] as const satisfies readonly (keyof RedisKeys)[];
