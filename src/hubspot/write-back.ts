import { COMPUTED_AT_PROPERTY } from '../methodology';
import { BATCH_CALL_CONCURRENCY, HUBSPOT_BATCH_LIMIT, chunk, mapConcurrent } from './deal-snapshots';
import type { HubSpotClient } from './client';
import { HubSpotError } from './errors';
import type { PortalClient } from './portal-client';

const NUMERIC = /^-?\d+(\.\d+)?$/;

function normalize(v: string | null | undefined): string {
  if (v === null || v === undefined) return '';
  return v.replace(/\r\n/g, '\n').trim();
}

/**
 * Whether a value read from HubSpot equals the value the engine computed: null, undefined and ''
 * are equal; surrounding whitespace and CRLF are ignored; numbers compare numerically
 * ("50" = "50.0"), so HubSpot's own formatting never causes a write (and thus no webhook echo).
 */
export function sameOutputValue(
  current: string | null | undefined,
  next: string | null | undefined,
): boolean {
  const a = normalize(current);
  const b = normalize(next);
  if (a === b) return true;
  if (NUMERIC.test(a) && NUMERIC.test(b)) return Number(a) === Number(b);
  return false;
}

/** The outputs whose value differs from the deal's current value (empty when nothing changed). */
export function changedOutputs(
  current: Readonly<Record<string, string | null | undefined>>,
  outputs: Readonly<Record<string, string>>,
): Record<string, string> {
  const changed: Record<string, string> = {};
  for (const [name, value] of Object.entries(outputs)) {
    if (!sameOutputValue(current[name], value)) changed[name] = value;
  }
  return changed;
}

export interface DealWrite {
  dealId: string;
  /** Changed outputs only (from `changedOutputs`); sw_computed_at is added by the writer. */
  properties: Record<string, string>;
}

export interface WriteFailure {
  dealId: string;
  /** HubSpot error category (e.g. OBJECT_NOT_FOUND, VALIDATION_ERROR) or 'NOT_RETURNED'. */
  category: string;
  message: string;
}

export interface WriteResult {
  /** Deal ids HubSpot confirmed as updated. */
  written: string[];
  /** Deals HubSpot refused inside a 207 multi-status answer (not retried). */
  failed: WriteFailure[];
  /** HubSpot calls made. */
  calls: number;
  /** sw_computed_at stamped on the written deals (absent when no call was made). */
  computedAt?: string;
  /** HubSpot's updatedAt of each written deal, as ISO time (null when HubSpot gave none). */
  updatedAt?: Record<string, string | null>;
}

export interface WriteDealOutputsOptions {
  now?: () => Date;
  /** Stamp sw_computed_at (default true; false for a rep's input saved while write-back is paused). */
  stamp?: boolean;
}

/**
 * Writes changed outputs with batch update (≤100 deals per call, BATCH_CALL_CONCURRENCY at once) and stamps sw_computed_at on
 * each written deal. Writes with no changed property are skipped; when nothing changed, no call
 * is made at all. Whole-call failures throw a HubSpotError (the worker decides about retries).
 */
export async function writeDealOutputs(
  portal: PortalClient,
  writes: readonly DealWrite[],
  options: WriteDealOutputsOptions = {},
): Promise<WriteResult> {
  const now = options.now ?? (() => new Date());
  const effective = writes.filter((w) => Object.keys(w.properties).length > 0);
  const result: WriteResult = { written: [], failed: [], calls: 0 };
  if (effective.length === 0) return result;
  const stamp = now().toISOString();
  const updatedAt: Record<string, string | null> = {};
  result.computedAt = stamp;
  result.updatedAt = updatedAt;
  const update = async (part: readonly DealWrite[]): Promise<void> => {
    const inputs = part.map((w) => ({
      id: w.dealId,
      properties:
        options.stamp === false ? { ...w.properties } : { ...w.properties, [COMPUTED_AT_PROPERTY]: stamp },
    }));
    let res: Awaited<ReturnType<HubSpotClient['crm']['deals']['batchApi']['update']>>;
    try {
      res = await portal.call('deals.batchUpdate', (c) => c.crm.deals.batchApi.update({ inputs }));
    } catch (err) {
      if (!splittable(err)) throw err;
      result.calls += 1;
      // HubSpot fails a batch update as a whole when one input is refused (400 with the
      // category and message of that input — e.g. an admin validation rule, a deleted property,
      // a deleted deal: https://developers.hubspot.com/docs/api-reference/error-handling).
      // Bisect until the refused deal stands alone; only it fails, the others are written.
      const only = part[0];
      if (part.length === 1 && only !== undefined) {
        result.failed.push({
          dealId: only.dealId,
          category: err.category ?? (err.status === 404 ? 'OBJECT_NOT_FOUND' : err.code),
          message: hubspotMessage(err),
        });
        return;
      }
      const mid = Math.ceil(part.length / 2);
      await update(part.slice(0, mid));
      await update(part.slice(mid));
      return;
    }
    result.calls += 1;
    const ok = new Set<string>();
    for (const row of res.results ?? []) {
      ok.add(String(row.id));
      updatedAt[String(row.id)] = isoTime(row.updatedAt as unknown);
    }
    const errors = 'errors' in res && Array.isArray(res.errors) ? res.errors : [];
    const errorFor = (id: string): { category: string; message: string } => {
      for (const e of errors) {
        const ids = Object.values(e.context ?? {}).flat();
        if (ids.includes(id) || (e.message ?? '').includes(id)) {
          return { category: String(e.category ?? 'UNKNOWN'), message: String(e.message ?? '') };
        }
      }
      const first = errors[0];
      return first !== undefined
        ? { category: String(first.category ?? 'UNKNOWN'), message: String(first.message ?? '') }
        : {
            category: 'NOT_RETURNED',
            message: 'HubSpot did not return this deal in the batch update answer',
          };
    };
    for (const w of part) {
      if (ok.has(w.dealId)) result.written.push(w.dealId);
      else result.failed.push({ dealId: w.dealId, ...errorFor(w.dealId) });
    }
  };
  await mapConcurrent(chunk(effective, HUBSPOT_BATCH_LIMIT), BATCH_CALL_CONCURRENCY, update);
  return result;
}

/** A whole-batch 4xx that names an input (not auth, scope, rate or a server failure): split it. */
function splittable(err: unknown): err is HubSpotError {
  return (
    err instanceof HubSpotError &&
    !err.retryable &&
    (err.code === 'CLIENT_ERROR' || err.code === 'NOT_FOUND') &&
    err.status !== null
  );
}

/** HubSpot's own message of a refused call (after "failed with HTTP 400: "), else the whole message. */
function hubspotMessage(err: HubSpotError): string {
  const m = /failed with HTTP \d+: (.*?)\. (?:HubSpot rejected|The HubSpot object)/s.exec(err.message);
  return (m?.[1] ?? err.message).slice(0, 500);
}

function isoTime(at: unknown): string | null {
  if (at instanceof Date) return Number.isNaN(at.getTime()) ? null : at.toISOString();
  return typeof at === 'string' ? at : null;
}
