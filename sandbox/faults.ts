import type { RateLimitPolicy } from './errors';
import { createRng, type Rng } from './rng';

/**
 * Fault injection for the sandbox's HTTP API, configurable at runtime and deterministic for a
 * given seed. Rules match requests by method / path / route / portal and either delay them
 * (latency) or answer in their place (5xx, 429 burst, dropped connection). A rule with `count`
 * fires that many times and is then removed; one with `durationMs` expires after that time.
 */

export interface RequestFilter {
  method?: string;
  /** A string matches as a path prefix; a RegExp is tested against the path. */
  path?: string | RegExp;
  /** Route pattern, e.g. `/crm/v3/objects/:objectType/batch/read`. */
  route?: string;
  portalId?: number;
}

interface RuleBase {
  filter?: RequestFilter;
  /** Fire at most this many times, then remove the rule. */
  count?: number;
  /** Remove the rule this long after it was added. */
  durationMs?: number;
}

export type FaultRule =
  | (RuleBase & { kind: 'latency'; ms: number; maxMs?: number })
  | (RuleBase & {
      kind: 'error';
      /** Probability per matching request (1 = always). */
      rate: number;
      /** Statuses to pick from (default 500, 502, 503). */
      statuses?: readonly number[];
      /** Send a Cloudflare-style HTML page instead of a JSON body. */
      html?: boolean;
    })
  | (RuleBase & {
      kind: 'rate-limit';
      /** Retry-After seconds (default 1); null sends none (HubSpot documents no Retry-After for 429). */
      retryAfterSeconds?: number | null;
      /** policyName of the 429 body (default TEN_SECONDLY_ROLLING). */
      policy?: RateLimitPolicy;
      rate?: number;
    })
  | (RuleBase & {
      /** 423 Locked or 477 Migration in Progress (https://developers.hubspot.com/docs/api-reference/error-handling). */
      kind: 'locked' | 'migrating';
      retryAfterSeconds?: number | null;
    })
  | (RuleBase & { kind: 'disconnect'; rate?: number });

export interface ActiveFaultRule {
  id: string;
  rule: FaultRule;
  fired: number;
  expiresAt: number | null;
}

export interface RequestInfo {
  method: string;
  path: string;
  route: string | null;
  portalId: number | null;
}

export type FaultAction =
  | { type: 'error'; status: number; html: boolean; ruleId: string }
  | { type: 'rate-limit'; retryAfterSeconds: number | null; policy: RateLimitPolicy; ruleId: string }
  | { type: 'locked' | 'migrating'; retryAfterSeconds: number | null; ruleId: string }
  | { type: 'disconnect'; ruleId: string };

export function matchesFilter(filter: RequestFilter | undefined, req: RequestInfo): boolean {
  if (filter === undefined) return true;
  if (filter.method !== undefined && filter.method.toUpperCase() !== req.method.toUpperCase()) return false;
  if (filter.portalId !== undefined && filter.portalId !== req.portalId) return false;
  if (filter.route !== undefined && filter.route !== req.route) return false;
  if (filter.path !== undefined) {
    if (typeof filter.path === 'string' ? !req.path.startsWith(filter.path) : !filter.path.test(req.path))
      return false;
  }
  return true;
}

export class FaultInjector {
  private rules: ActiveFaultRule[] = [];
  private nextId = 1;
  private readonly rng: Rng;

  constructor(
    seed: number,
    private readonly now: () => number,
  ) {
    this.rng = createRng(seed);
  }

  /** Restarts the random sequence (same seed → same fault decisions). */
  seed(seed: number): void {
    this.rng.reseed(seed);
  }

  add(rule: FaultRule): string {
    const id = `fault-${this.nextId++}`;
    this.rules.push({
      id,
      rule,
      fired: 0,
      expiresAt: rule.durationMs === undefined ? null : this.now() + rule.durationMs,
    });
    return id;
  }

  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((r) => r.id !== id);
    return this.rules.length !== before;
  }

  clear(): void {
    this.rules = [];
  }

  list(): ActiveFaultRule[] {
    this.expire();
    return this.rules.map((r) => ({ ...r }));
  }

  /** Delay every matching request by `ms` (or a random duration in [ms, maxMs]). */
  latency(ms: number | { min: number; max: number }, filter?: RequestFilter): string {
    return this.add(
      typeof ms === 'number'
        ? { kind: 'latency', ms, ...(filter ? { filter } : {}) }
        : { kind: 'latency', ms: ms.min, maxMs: ms.max, ...(filter ? { filter } : {}) },
    );
  }

  /** Answer a share of matching requests with a 5xx (default 500/502/503, chosen by the RNG). */
  errorRate(
    rate: number,
    options: { statuses?: readonly number[]; filter?: RequestFilter; html?: boolean } = {},
  ): string {
    return this.add({ kind: 'error', rate, ...options });
  }

  /** The next `count` matching requests fail with `status`. */
  failNext(count: number, status = 503, filter?: RequestFilter): string {
    return this.add({ kind: 'error', rate: 1, statuses: [status], count, ...(filter ? { filter } : {}) });
  }

  /** 429 burst: the next `count` matching requests, or every one for `durationMs`. */
  burst429(
    options: {
      count?: number;
      durationMs?: number;
      retryAfterSeconds?: number | null;
      policy?: RateLimitPolicy;
      filter?: RequestFilter;
    } = {},
  ): string {
    return this.add({ kind: 'rate-limit', ...options });
  }

  /** The next `count` matching requests answer 423 Locked (HubSpot: locks last 2 s; no Retry-After). */
  lockNext(count: number, filter?: RequestFilter): string {
    return this.add({ kind: 'locked', count, retryAfterSeconds: null, ...(filter ? { filter } : {}) });
  }

  /** The next `count` matching requests answer 477 Migration in Progress with Retry-After (seconds). */
  migrateNext(count: number, retryAfterSeconds: number, filter?: RequestFilter): string {
    return this.add({ kind: 'migrating', count, retryAfterSeconds, ...(filter ? { filter } : {}) });
  }

  /** Destroy the connection of the next `count` matching requests (network error on the client). */
  disconnectNext(count: number, filter?: RequestFilter): string {
    return this.add({ kind: 'disconnect', count, ...(filter ? { filter } : {}) });
  }

  private expire(): void {
    const now = this.now();
    this.rules = this.rules.filter(
      (r) =>
        (r.expiresAt === null || r.expiresAt > now) && (r.rule.count === undefined || r.fired < r.rule.count),
    );
  }

  private fire(r: ActiveFaultRule): void {
    r.fired += 1;
    if (r.rule.count !== undefined && r.fired >= r.rule.count) this.rules = this.rules.filter((x) => x !== r);
  }

  /** Total latency to add to a request (consumes `count` of latency rules). */
  latencyFor(req: RequestInfo): number {
    this.expire();
    let total = 0;
    for (const r of [...this.rules]) {
      if (r.rule.kind !== 'latency' || !matchesFilter(r.rule.filter, req)) continue;
      const { ms, maxMs } = r.rule;
      total += maxMs === undefined || maxMs <= ms ? ms : ms + this.rng.next() * (maxMs - ms);
      this.fire(r);
    }
    return Math.round(total);
  }

  /** The first answering fault that applies to this request, if any. */
  actionFor(req: RequestInfo): FaultAction | null {
    this.expire();
    for (const r of [...this.rules]) {
      const rule = r.rule;
      if (rule.kind === 'latency' || !matchesFilter(rule.filter, req)) continue;
      if (rule.kind === 'error') {
        if (!this.rng.chance(rule.rate)) continue;
        const statuses = rule.statuses ?? [500, 502, 503];
        const status = statuses[this.rng.int(0, statuses.length - 1)] ?? 503;
        this.fire(r);
        return { type: 'error', status, html: rule.html === true, ruleId: r.id };
      }
      if (rule.kind === 'rate-limit') {
        if (!this.rng.chance(rule.rate ?? 1)) continue;
        this.fire(r);
        return {
          type: 'rate-limit',
          retryAfterSeconds: rule.retryAfterSeconds === undefined ? 1 : rule.retryAfterSeconds,
          policy: rule.policy ?? 'TEN_SECONDLY_ROLLING',
          ruleId: r.id,
        };
      }
      if (rule.kind === 'disconnect') {
        if (!this.rng.chance(rule.rate ?? 1)) continue;
        this.fire(r);
        return { type: 'disconnect', ruleId: r.id };
      }
      this.fire(r);
      return { type: rule.kind, retryAfterSeconds: rule.retryAfterSeconds ?? null, ruleId: r.id };
    }
    return null;
  }
}
