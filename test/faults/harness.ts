import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import {
  OUTPUT_PROPERTIES,
  SCORING_INPUTS,
  buildPropertyDefinitions,
  evaluateDeal,
  type DealSnapshot,
} from '../../src/methodology';
import { listDeadLetters, type DeadLetter } from '../../webhooks/dead-letters';
import { sandboxSnapshots } from '../e2e/consistency';
import type { Stack } from '../e2e/stack';
import { freePort } from '../helpers/redis-server';
import type { Sandbox, SeedResult, UserEdit } from '../sandbox';
import { createRng, type Rng } from '../sandbox/rng';

/**
 * Shared pieces of the fault-injection scenarios (test/faults/*.test.ts): a deterministic mix of
 * user edits, a `--role worker` child process that can be SIGKILLed, HubSpot call accounting
 * from the sandbox's call log, "which deals had to be written" from evaluateDeal, and one
 * printed line of measured numbers per scenario.
 */

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls `check` every `everyMs` until it is true; throws after `timeoutMs`. */
export async function until(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: string,
  everyMs = 20,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(everyMs);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

// ------------------------------------------------------------------ edits

interface InputOptions {
  deal: Map<string, string[]>;
  contact: Map<string, string[]>;
}

let cachedOptions: InputOptions | undefined;

/** Allowed values of every enumerated scoring input (from the app's own property definitions). */
function inputOptions(): InputOptions {
  if (cachedOptions !== undefined) return cachedOptions;
  const defs = buildPropertyDefinitions('zh');
  const pick = (
    list: readonly { name: string; options?: readonly { value: string }[] }[],
    names: readonly string[],
  ) =>
    new Map(
      list
        .filter((p) => names.includes(p.name) && (p.options?.length ?? 0) > 0)
        .map((p) => [p.name, (p.options ?? []).map((o) => o.value)] as const),
    );
  cachedOptions = {
    deal: pick(defs.deals, SCORING_INPUTS.deal),
    contact: pick(defs.contacts, SCORING_INPUTS.contact),
  };
  return cachedOptions;
}

const SINGLE_SELECT = new Set(['sw_purchase_type', 'sw_decision_role', 'sw_stance', 'sw_contact_depth']);
const DEFAULT_STAGES = [
  'appointmentscheduled',
  'qualifiedtobuy',
  'presentationscheduled',
  'decisionmakerboughtin',
  'contractsent',
  'closedwon',
  'closedlost',
];

function randomValue(rng: Rng, name: string, options: readonly string[]): string {
  if (SINGLE_SELECT.has(name)) return options[rng.int(0, options.length - 1)] ?? '';
  return rng.shuffle(options).slice(0, rng.int(0, options.length)).join(';');
}

export interface EditMix {
  /** Share of edits to a deal's checklist / traits / purchase type (default 0.6). */
  dealInputs?: number;
  /** Amount or stage changes (default 0.15). */
  dealFields?: number;
  /** Contact role / stance / depth (default 0.15); the rest are edits no output depends on. */
  contactInputs?: number;
}

/**
 * One deterministic user edit: deal inputs (checkboxes, traits, purchase type), amount or stage,
 * contact role/stance/depth, or a property no output depends on (the receiver ignores it).
 */
export function randomEdit(rng: Rng, seeded: SeedResult, mix: EditMix = {}): UserEdit {
  const opts = inputOptions();
  const deals = Object.values(seeded.deals);
  const contacts = Object.values(seeded.contacts);
  const r = rng.next();
  const a = mix.dealInputs ?? 0.6;
  const b = a + (mix.dealFields ?? 0.15);
  const c = b + (mix.contactInputs ?? 0.15);
  const deal = deals[rng.int(0, deals.length - 1)] as string;
  if (r < a) {
    const names = [...opts.deal.keys()];
    const name = names[rng.int(0, names.length - 1)] as string;
    return {
      objectType: 'deals',
      objectId: deal,
      properties: { [name]: randomValue(rng, name, opts.deal.get(name) ?? []) },
    };
  }
  if (r < b) {
    return rng.chance(0.5)
      ? { objectType: 'deals', objectId: deal, properties: { amount: String(rng.int(30, 600) * 10_000) } }
      : {
          objectType: 'deals',
          objectId: deal,
          properties: { dealstage: DEFAULT_STAGES[rng.int(0, DEFAULT_STAGES.length - 1)] as string },
        };
  }
  if (r < c && contacts.length > 0) {
    const names = [...opts.contact.keys()];
    const name = names[rng.int(0, names.length - 1)] as string;
    return {
      objectType: 'contacts',
      objectId: contacts[rng.int(0, contacts.length - 1)] as string,
      properties: { [name]: randomValue(rng, name, opts.contact.get(name) ?? []) },
    };
  }
  return {
    objectType: 'deals',
    objectId: deal,
    properties: { description: `note ${rng.int(0, 1_000_000)}` },
  };
}

/** `count` deterministic edits for a seed. */
export function editPlan(seed: number, seeded: SeedResult, count: number, mix?: EditMix): UserEdit[] {
  const rng = createRng(seed);
  return Array.from({ length: count }, () => randomEdit(rng, seeded, mix));
}

/** Applies edits at `perSecond` (in ticks of 50 ms) and resolves when all were made. */
export async function applyEdits(
  sandbox: Sandbox,
  portalId: number,
  edits: readonly UserEdit[],
  perSecond: number,
  onTick?: (done: number) => void | Promise<void>,
): Promise<void> {
  const tickMs = 50;
  const perTick = Math.max(1, Math.round((perSecond * tickMs) / 1000));
  const started = Date.now();
  for (let i = 0, tick = 0; i < edits.length; tick++) {
    const end = Math.min(edits.length, i + perTick);
    for (; i < end; i++) sandbox.admin.userEdit(portalId, edits[i] as UserEdit);
    await onTick?.(i);
    const wait = started + (tick + 1) * tickMs - Date.now();
    if (wait > 0) await sleep(wait);
  }
}

// ------------------------------------------------------------------ expected writes

/** dealId → JSON of evaluateDeal outputs of the deal's current inputs in the sandbox. */
export function expectedOutputs(sandbox: Sandbox, portalId: number): Map<string, string> {
  const out = new Map<string, string>();
  for (const snap of sandboxSnapshots(sandbox, portalId) as DealSnapshot[]) {
    const o = evaluateDeal(snap).outputs;
    out.set(snap.id, JSON.stringify(OUTPUT_PROPERTIES.map((p) => o[p] ?? '')));
  }
  return out;
}

/** Deals whose expected outputs differ between two `expectedOutputs` maps (they had to be written). */
export function changedDeals(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...after].filter(([id, v]) => before.get(id) !== v).map(([id]) => id);
}

/** Deals whose sw_computed_at is at or after `since` (written by Stepwise since then). */
export function dealsWrittenSince(sandbox: Sandbox, portalId: number, since: number): Set<string> {
  const out = new Set<string>();
  for (const snap of sandboxSnapshots(sandbox, portalId)) {
    const at = Date.parse(snap.properties['sw_computed_at'] ?? '');
    if (Number.isFinite(at) && at >= since) out.add(snap.id);
  }
  return out;
}

// ------------------------------------------------------------------ HubSpot calls

export interface CallSummary {
  /** Every CRM call (OAuth and sandbox admin excluded). */
  total: number;
  reads: number;
  /** POST /crm/v3/objects/deals/batch/update calls. */
  writes: number;
  status429: number;
  status5xx: number;
  ok: number;
}

const BATCH_UPDATE = '/crm/v3/objects/:objectType/batch/update';

export function callSummary(sandbox: Sandbox, since = 0): CallSummary {
  const calls = sandbox.calls
    .list({ since })
    .filter((c) => !c.path.startsWith('/oauth') && !c.path.startsWith('/_sandbox'));
  const writes = calls.filter((c) => c.route === BATCH_UPDATE && c.path.includes('/deals/')).length;
  return {
    total: calls.length,
    reads: calls.filter((c) => c.route !== BATCH_UPDATE).length,
    writes,
    status429: calls.filter((c) => c.status === 429).length,
    status5xx: calls.filter((c) => c.status >= 500).length,
    ok: calls.filter((c) => c.status >= 200 && c.status < 300).length,
  };
}

// ------------------------------------------------------------------ service state

export interface QueueState {
  failedJobs: number;
  deadLetters: DeadLetter[];
}

export async function queueState(stack: Stack): Promise<QueueState> {
  const q = stack.service.queue;
  const failed = await q.queue.getJobCounts('failed');
  return {
    failedJobs: failed['failed'] ?? 0,
    deadLetters: await listDeadLetters(q.redis, q.prefix, 1000),
  };
}

/** A number from the Prometheus text of GET <url>/metrics (sum over label sets). */
export async function metricValue(
  baseUrl: string,
  name: string,
  labels: Record<string, string> = {},
): Promise<number> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const m = /^([a-zA-Z_:][\w:]*)(\{[^}]*\})?\s+(\S+)$/.exec(line);
    if (m === null || m[1] !== name) continue;
    const lbl = m[2] ?? '';
    if (Object.entries(labels).every(([k, v]) => lbl.includes(`${k}="${v}"`))) sum += Number(m[3]);
  }
  return sum;
}

// ------------------------------------------------------------------ worker process

export interface WorkerProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  /** http://127.0.0.1:<port> of the worker's /healthz and /metrics. */
  readonly url: string;
  /** Resolves with the exit code / signal when the process ends. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM (graceful) and wait for exit; SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
  /** SIGKILL now and wait for exit. */
  kill(): Promise<void>;
}

const MAIN = fileURLToPath(new URL('../../src/main.ts', import.meta.url));

/**
 * Starts `node --import tsx src/main.ts --role worker` with the stack's environment and waits
 * until its /healthz answers (the worker is connected and consuming).
 */
export async function startWorkerProcess(
  stack: Pick<Stack, 'env'>,
  options: { env?: Record<string, string>; stderr?: 'inherit' | 'ignore' } = {},
): Promise<WorkerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, '--role', 'worker'], {
    env: { ...process.env, ...stack.env, PORT: String(port), LOG_LEVEL: 'warn', ...options.env },
    stdio: ['ignore', 'ignore', options.stderr ?? 'inherit'],
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  const url = `http://127.0.0.1:${port}`;
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  await until(
    async () => {
      if (gone) throw new Error('the worker process exited during start');
      try {
        return (await fetch(`${url}/healthz`)).status === 200;
      } catch {
        return false;
      }
    },
    30_000,
    'the worker process to start',
    50,
  );
  const pid = child.pid as number;
  return {
    child,
    pid,
    url,
    exited,
    async stop(graceMs = 20_000) {
      if (gone) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
    async kill() {
      if (gone) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/** A plain connection to a Redis (for reading our own keys); callers quit() it. */
export function redisClient(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null });
}

// ------------------------------------------------------------------ report

/** Prints one line of measured numbers (vitest shows it; CI logs keep it). */
export function report(scenario: string, numbers: Record<string, unknown>): void {
  process.stdout.write(`[faults] ${scenario} ${JSON.stringify(numbers)}\n`);
}
