/**
 * Every API call the sandbox answered (admin `/_sandbox/*` calls excluded), for assertions:
 * how many batch reads, which statuses, which portal, how long, how big.
 */

export interface CallRecord {
  seq: number;
  /** Epoch ms when the request arrived. */
  at: number;
  method: string;
  path: string;
  /** Matched route pattern (e.g. `/crm/v3/objects/:objectType/batch/read`); null when none matched. */
  route: string | null;
  portalId: number | null;
  status: number;
  durationMs: number;
  requestBytes: number;
  responseBytes: number;
  /** Id of the fault rule that answered or delayed the call, if any. */
  fault: string | null;
}

export interface CallFilter {
  method?: string;
  /** A string matches the exact path or, ending in `*`, a prefix; a RegExp is tested. */
  path?: string | RegExp;
  route?: string;
  portalId?: number;
  status?: number | ((status: number) => boolean);
  since?: number;
}

function pathMatches(want: string | RegExp, path: string): boolean {
  if (typeof want !== 'string') return want.test(path);
  return want.endsWith('*') ? path.startsWith(want.slice(0, -1)) : path === want;
}

export function matchesCall(c: CallRecord, f: CallFilter): boolean {
  if (f.method !== undefined && f.method.toUpperCase() !== c.method) return false;
  if (f.path !== undefined && !pathMatches(f.path, c.path)) return false;
  if (f.route !== undefined && f.route !== c.route) return false;
  if (f.portalId !== undefined && f.portalId !== c.portalId) return false;
  if (
    f.status !== undefined &&
    (typeof f.status === 'number' ? f.status !== c.status : !f.status(c.status))
  ) {
    return false;
  }
  if (f.since !== undefined && c.at < f.since) return false;
  return true;
}

export class CallLog {
  private records: CallRecord[] = [];
  private seq = 0;

  constructor(private readonly maxRecords: number = 200_000) {}

  record(call: Omit<CallRecord, 'seq'>): CallRecord {
    const rec = { seq: ++this.seq, ...call };
    this.records.push(rec);
    if (this.records.length > this.maxRecords) this.records.splice(0, this.records.length - this.maxRecords);
    return rec;
  }

  list(filter: CallFilter = {}): CallRecord[] {
    return this.records.filter((c) => matchesCall(c, filter));
  }

  count(filter: CallFilter = {}): number {
    let n = 0;
    for (const c of this.records) if (matchesCall(c, filter)) n++;
    return n;
  }

  /** `"METHOD path"` → count. */
  countByPath(filter: CallFilter = {}): Record<string, number> {
    return this.group(filter, (c) => `${c.method} ${c.path}`);
  }

  /** `"METHOD route"` → count (ids collapsed into the route pattern). */
  countByRoute(filter: CallFilter = {}): Record<string, number> {
    return this.group(filter, (c) => `${c.method} ${c.route ?? c.path}`);
  }

  /** status → count. */
  countByStatus(filter: CallFilter = {}): Record<string, number> {
    return this.group(filter, (c) => String(c.status));
  }

  last(filter: CallFilter = {}): CallRecord | undefined {
    for (let i = this.records.length - 1; i >= 0; i--) {
      const c = this.records[i] as CallRecord;
      if (matchesCall(c, filter)) return c;
    }
    return undefined;
  }

  get size(): number {
    return this.records.length;
  }

  reset(): void {
    this.records = [];
  }

  private group(filter: CallFilter, key: (c: CallRecord) => string): Record<string, number> {
    const out: Record<string, number> = {};
    for (const c of this.records) {
      if (!matchesCall(c, filter)) continue;
      const k = key(c);
      out[k] = (out[k] ?? 0) + 1;
    }
    return out;
  }
}
