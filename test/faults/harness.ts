import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { OUTPUT_PROPERTIES, evaluateDeal, type DealSnapshot } from '../../src/methodology';
import { listDeadLetters, type DeadLetter } from '../../webhooks/dead-letters';
import { sandboxSnapshots } from '../../sandbox/consistency';
import type { Stack } from '../../sandbox/stack';
import { freePort } from '../../sandbox/redis-server';
import type { Sandbox, UserEdit } from '../../sandbox';
import { editPlan, randomEdit, type EditMix } from '../../sandbox/random-edits';

export { editPlan, randomEdit, type EditMix };

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
