/**
 * `npm run load` — sustained mixed load against the local HubSpot sandbox (not part of CI).
 *
 *   npm run load                                   10 minutes at 500 events/s
 *   npm run load -- --minutes 3 --rate 500         shorter run
 *   options: --minutes N  --rate N (user edits / s)  --portals N (default 4)  --deals N (per portal,
 *            default 2000)  --card-rate N (card ticks / s, default 1)  --json (summary as last line)
 *
 * Stepwise runs as two processes, exactly as in production: `--role web` (OAuth, signed webhook
 * intake, card API) and `--role worker`, on a private Redis. The sandbox plays HubSpot with its
 * real limits (110 requests / 10 s per portal), sends signed webhooks for every change and is
 * driven by reps' edits: deal checklists / traits / purchase type, amounts and stages, contact
 * roles, stances and depth, edits to properties no grade depends on, and card ticks (signed
 * `hubspot.fetch`-style requests to the card API).
 *
 * Every 30 s: RSS of the web and worker processes, queue depth (jobs and dirty ids), events sent,
 * HubSpot calls, 429s, and edit → written latency percentiles. Latency is measured on sampled
 * deals reserved for it (random edits never touch them): an edit that changes the deal's grade
 * is made, and the deal is polled until HubSpot holds the outputs evaluateDeal computes for its
 * new inputs. The worker's own histogram (first dirty mark → written) is reported as well.
 * At the end: wait until everything drained, check every deal against evaluateDeal, RSS before
 * and after, errors of every kind.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { signedHeaders } from '../src/hubspot/signature';
import { OUTPUT_PROPERTIES, evaluateDeal, type DealSnapshot } from '../src/methodology';
import { listDeadLetters } from '../webhooks/dead-letters';
import { createRecomputeQueue, pendingTotal, type RecomputeQueueHandle } from '../webhooks/queue';
import { checkConsistency } from '../sandbox/consistency';
import { projectSubscriptions } from '../sandbox/stack';
import { randomEdit } from '../sandbox/random-edits';
import { freePort, startPrivateRedis, type PrivateRedis } from '../sandbox/redis-server';
import { bulkPortalSeed, startSandbox, type Sandbox, type SeedResult, type UserEdit } from '../sandbox';
import { createRng, type Rng } from '../sandbox/rng';

// ------------------------------------------------------------------ options

function arg(name: string, fallback: number): number {
  const argv = process.argv.slice(2);
  const i = argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return fallback;
  const a = argv[i] as string;
  const raw = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[i + 1];
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0)
    throw new Error(`--${name} needs a positive number (got ${String(raw)})`);
  return n;
}

const MINUTES = arg('minutes', 10);
const RATE = arg('rate', 500);
const PORTALS = Math.round(arg('portals', 4));
const DEALS = Math.round(arg('deals', 2_000));
const CARD_RATE = arg('card-rate', 1);
const JSON_OUT = process.argv.includes('--json');
const REPORT_EVERY_MS = 30_000;
const TICK_MS = 50;
/** Deals per portal reserved for latency samples (random edits never touch them). */
const RESERVED = 100;
const SAMPLES_PER_SECOND = 2;
const SAMPLE_TIMEOUT_MS = 180_000;
const PREFIX = 'sw-load';
const FIRST_PORTAL = 48_000_001;

const log = (s: string): void => {
  process.stderr.write(`${s}\n`);
};
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const round = (n: number, d = 1): number => Math.round(n * 10 ** d) / 10 ** d;

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}
function percentiles(xs: readonly number[]): {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
} {
  const s = [...xs].sort((a, b) => a - b);
  return {
    n: s.length,
    p50: quantile(s, 0.5),
    p95: quantile(s, 0.95),
    p99: quantile(s, 0.99),
    max: s.at(-1) ?? 0,
  };
}

// ------------------------------------------------------------------ processes

interface ServiceProcess {
  role: 'web' | 'worker';
  child: ChildProcess;
  url: string;
  logErrors: number;
  logWarnings: number;
  lastErrors: string[];
}

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));

function memory(pid: number): { rssMb: number; peakMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string): number => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rssMb: round(kb('VmRSS') / 1024), peakMb: round(kb('VmHWM') / 1024) };
}

async function startService(
  role: 'web' | 'worker',
  env: Record<string, string>,
  port: number,
  logFile: string,
): Promise<ServiceProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, '--role', role], {
    env: { ...process.env, ...env, PORT: String(port), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  const proc: ServiceProcess = {
    role,
    child,
    url: `http://127.0.0.1:${port}`,
    logErrors: 0,
    logWarnings: 0,
    lastErrors: [],
  };
  const file = createWriteStream(logFile);
  const onLine = (line: string): void => {
    file.write(`${line}\n`);
    const level = Number(/"level":(\d+)/.exec(line)?.[1] ?? 0);
    if (level >= 50 || (level === 0 && line.trim() !== '')) {
      proc.logErrors += 1;
      if (proc.lastErrors.length < 5) proc.lastErrors.push(line.slice(0, 400));
    } else if (level === 40) proc.logWarnings += 1;
  };
  if (child.stdout !== null) createInterface({ input: child.stdout }).on('line', onLine);
  if (child.stderr !== null) createInterface({ input: child.stderr }).on('line', onLine);
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (exited) throw new Error(`the ${role} process exited at start (log: ${logFile})`);
    try {
      if ((await fetch(`${proc.url}/healthz`)).status === 200) return proc;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the ${role} process did not become healthy`);
    await sleep(100);
  }
}

async function stopService(p: ServiceProcess): Promise<void> {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return;
  const exited = new Promise<void>((r) => p.child.once('exit', () => r()));
  p.child.kill('SIGTERM');
  const t = setTimeout(() => p.child.kill('SIGKILL'), 30_000);
  await exited;
  clearTimeout(t);
}

// ------------------------------------------------------------------ HubSpot-side helpers

async function install(baseUrl: string, portalId: number): Promise<void> {
  const start = await fetch(`${baseUrl}/oauth/install`, { redirect: 'manual' });
  const authorize = start.headers.get('location');
  if (authorize === null) throw new Error(`install did not redirect (${start.status})`);
  const approve = await fetch(`${authorize}&portal=${portalId}`, { redirect: 'manual' });
  const callback = approve.headers.get('location');
  if (callback === null) throw new Error(`authorize did not redirect (${approve.status})`);
  const done = await fetch(callback, { redirect: 'manual' });
  await done.text();
  if (done.status !== 200) throw new Error(`OAuth callback answered ${done.status}`);
}

async function cardTick(
  sandbox: Sandbox,
  baseUrl: string,
  portalId: number,
  dealId: string,
  rng: Rng,
): Promise<number> {
  const items = ['why_need', 'budget_plan', 'decision_maker', 'decision_process', 'timeline', 'why_us'];
  const body = JSON.stringify({
    playbook: 'six_w_two_p',
    step: 'qualify',
    item: items[rng.int(0, items.length - 1)],
    checked: rng.chance(0.6),
  });
  const qs = new URLSearchParams({
    portalId: String(portalId),
    userId: '1001',
    userEmail: 'rep@example.com',
    appId: String(sandbox.app.appId),
  });
  const url = `${baseUrl}/api/v1/deals/${dealId}/items?${qs.toString()}`;
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...signedHeaders({
        clientSecret: sandbox.app.clientSecret,
        method: 'POST',
        uri: url,
        body,
        now: Date.now(),
      }),
    },
    body,
  });
  await res.arrayBuffer();
  return res.status;
}

type StageIndex = Map<string, { isClosed: boolean; probability: number }>;

function stageIndex(sandbox: Sandbox, portalId: number): StageIndex {
  const snap = sandbox.admin.snapshot(portalId) as {
    pipelines: { id: string; stages: { id: string; metadata: Record<string, string> }[] }[];
  };
  const out: StageIndex = new Map();
  for (const p of snap.pipelines)
    for (const s of p.stages)
      out.set(`${p.id}/${s.id}`, {
        isClosed: s.metadata['isClosed'] === 'true',
        probability: Number(s.metadata['probability']),
      });
  return out;
}

/** One deal as HubSpot holds it now (cheap: no whole-portal snapshot). */
function dealSnapshot(sandbox: Sandbox, portalId: number, dealId: string, stages: StageIndex): DealSnapshot {
  const deal = sandbox.admin.getObject(portalId, 'deals', dealId);
  if (deal === undefined) throw new Error(`deal ${dealId} vanished`);
  const contacts = sandbox.admin
    .associatedIds(portalId, 'deals', dealId)
    .map((id) => sandbox.admin.getObject(portalId, 'contacts', id))
    .filter((c) => c !== undefined)
    .map((c) => ({ id: c.id, properties: c.properties }));
  const p = deal.properties;
  return {
    id: dealId,
    properties: p,
    contacts,
    stage: stages.get(`${p['pipeline'] ?? ''}/${p['dealstage'] ?? ''}`) ?? null,
  };
}

const outputsOf = (props: Record<string, string | null | undefined>): string[] =>
  OUTPUT_PROPERTIES.map((name) => props[name] ?? '');

interface Sample {
  portalId: number;
  dealId: string;
  editAt: number;
  expected: string[];
}

/** An edit of a reserved deal that changes its grade (so a write must follow). */
function gradeChangingEdit(
  sandbox: Sandbox,
  portalId: number,
  dealId: string,
  stages: StageIndex,
  rng: Rng,
): { edit: UserEdit; expected: string[] } | null {
  const snap = dealSnapshot(sandbox, portalId, dealId, stages);
  const current = outputsOf(snap.properties);
  const view: SeedResult = { portalId, deals: { d: dealId }, contacts: {} };
  for (let i = 0; i < 30; i++) {
    const edit = randomEdit(rng, view, { dealInputs: 0.8, dealFields: 0.2, contactInputs: 0 });
    const props = { ...snap.properties };
    for (const [k, v] of Object.entries(edit.properties)) props[k] = v ?? '';
    const next = outputsOf(evaluateDeal({ ...snap, properties: props }).outputs);
    if (next.join('\u0000') !== current.join('\u0000')) return { edit, expected: next };
  }
  return null;
}

// ------------------------------------------------------------------ metrics of the worker

/** Approximate quantiles (bucket upper bounds, seconds) of a Prometheus histogram. */
function histogramQuantiles(
  text: string,
  name: string,
): { count: number; p50: number; p95: number; p99: number } {
  const buckets: { le: number; n: number }[] = [];
  let count = 0;
  for (const line of text.split('\n')) {
    const b = new RegExp(`^${name}_bucket\\{.*le="([^"]+)".*\\}\\s+(\\S+)$`).exec(line);
    if (b !== null) buckets.push({ le: b[1] === '+Inf' ? Infinity : Number(b[1]), n: Number(b[2]) });
    const c = new RegExp(`^${name}_count(\\{.*\\})?\\s+(\\S+)$`).exec(line);
    if (c !== null) count = Number(c[2]);
  }
  buckets.sort((a, b) => a.le - b.le);
  const q = (p: number): number => buckets.find((b) => b.n >= p * count)?.le ?? 0;
  return { count, p50: q(0.5), p95: q(0.95), p99: q(0.99) };
}

// ------------------------------------------------------------------ main

/** First Ctrl-C ends the load phase early (drain and summary still run); a second one exits. */
let interrupted = false;
const children = new Set<ChildProcess>();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (!interrupted) {
      interrupted = true;
      log(`${signal}: ending the load phase; again to exit at once`);
      return;
    }
    for (const c of children) c.kill('SIGKILL');
    process.exit(130);
  });
}

async function main(): Promise<void> {
  const logDir = mkdtempSync(join(tmpdir(), 'stepwise-load-'));
  let redis: PrivateRedis | undefined;
  let sandbox: Sandbox | undefined;
  let queueRedis: Redis | undefined;
  let queue: RecomputeQueueHandle | undefined;
  const services: ServiceProcess[] = [];
  try {
    log(
      `load: ${MINUTES} min at ${RATE} edits/s over ${PORTALS} portals × ${DEALS} deals (+ ${CARD_RATE} card ticks/s); logs in ${logDir}`,
    );
    redis = await startPrivateRedis();
    const webPort = await freePort();
    const workerPort = await freePort();
    const baseUrl = `http://127.0.0.1:${webPort}`;
    sandbox = await startSandbox({
      seed: 1,
      app: { redirectUris: [`${baseUrl}/oauth/callback`] },
      webhooks: {
        subscriptions: projectSubscriptions(),
        payloadFormat: 'as-subscribed',
        targetUrl: `${baseUrl}/webhooks/hubspot`,
        // HubSpot batches events too: one delivery per portal per ~200 ms at this rate.
        flushDelayMs: 200,
      },
    });
    const sb = sandbox;
    const env: Record<string, string> = {
      HUBSPOT_CLIENT_ID: sb.app.clientId,
      HUBSPOT_CLIENT_SECRET: sb.app.clientSecret,
      PUBLIC_BASE_URL: baseUrl,
      REDIS_URL: redis.url,
      REDIS_KEY_PREFIX: PREFIX,
      TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      HUBSPOT_API_BASE_URL: sb.url,
      HUBSPOT_AUTHORIZE_URL: sb.authorizeUrl,
      NODE_ENV: 'production',
    };
    const portals = Array.from({ length: PORTALS }, (_, i) => FIRST_PORTAL + i);
    const seeds = new Map<number, SeedResult>();
    for (const [i, portalId] of portals.entries()) {
      seeds.set(
        portalId,
        sb.admin.seed(bulkPortalSeed({ portalId, deals: DEALS, contactsPerDeal: 2, seed: i + 1 })),
      );
    }
    const web = await startService('web', env, webPort, join(logDir, 'web.log'));
    services.push(web);
    const worker = await startService('worker', env, workerPort, join(logDir, 'worker.log'));
    services.push(worker);
    queueRedis = new Redis(redis.url, { maxRetriesPerRequest: null });
    const q = createRecomputeQueue({ connection: queueRedis, prefix: PREFIX });
    queue = q;

    const pendingIds = async (): Promise<number> => {
      let n = 0;
      for (const p of portals) {
        const x = await q.pending(String(p));
        n += pendingTotal(x);
      }
      return n;
    };
    const jobDepth = async (): Promise<number> => {
      const c = await q.queue.getJobCounts('waiting', 'active', 'prioritized');
      const delayed = await q.queue.getJobs(['delayed'], 0, 500);
      return (
        Object.values(c).reduce((a, b) => a + b, 0) +
        delayed.filter((j) => j.name !== 'reconcile-tick').length
      );
    };
    const waitForQuiet = async (timeoutMs: number): Promise<void> => {
      const deadline = Date.now() + timeoutMs;
      let quietSince: number | null = null;
      while (Date.now() < deadline) {
        await sb.webhooksIdle();
        if ((await jobDepth()) === 0 && (await pendingIds()) === 0) {
          quietSince ??= Date.now();
          if (Date.now() - quietSince >= 1_000) return;
        } else quietSince = null;
        await sleep(100);
      }
      throw new Error(`the stack did not drain within ${timeoutMs / 1000} s`);
    };

    const tInstall = Date.now();
    for (const p of portals) await install(baseUrl, p);
    await waitForQuiet(15 * 60_000);
    log(`installed and backfilled ${PORTALS * DEALS} deals in ${round((Date.now() - tInstall) / 1000)} s`);

    // ---------------------------------------------------------------- load
    const rng = createRng(20_260_301);
    const stages = new Map(portals.map((p) => [p, stageIndex(sb, p)] as const));
    const pools = new Map<number, { edits: SeedResult; reserved: string[]; cardDeals: string[] }>();
    for (const p of portals) {
      const s = seeds.get(p) as SeedResult;
      const dealKeys = Object.keys(s.deals);
      const reservedKeys = new Set(dealKeys.slice(0, RESERVED));
      const edits: SeedResult = { portalId: p, deals: {}, contacts: {} };
      for (const k of dealKeys) if (!reservedKeys.has(k)) edits.deals[k] = s.deals[k] as string;
      // bulk seed: contacts c<i>-<j> belong to deal d<i> only.
      for (const [k, id] of Object.entries(s.contacts)) {
        const dealKey = `d${k.slice(1, k.indexOf('-'))}`;
        if (!reservedKeys.has(dealKey)) edits.contacts[k] = id;
      }
      pools.set(p, {
        edits,
        reserved: [...reservedKeys].map((k) => s.deals[k] as string),
        cardDeals: Object.values(edits.deals).slice(0, 200),
      });
    }
    const firstCallSeq = sb.calls.last()?.seq ?? 0;
    const hubspotCalls = () =>
      sb.calls.list().filter((c) => c.seq > firstCallSeq && !c.path.startsWith('/oauth'));
    const rssBefore = { web: memory(web.child.pid as number), worker: memory(worker.child.pid as number) };
    log(`RSS before load: web ${rssBefore.web.rssMb} MB, worker ${rssBefore.worker.rssMb} MB`);

    const totals = {
      edits: 0,
      cardTicks: 0,
      cardErrors: 0,
      webhookEvents: 0,
      deliveries: 0,
      deliveryAttempts: 0,
      deliveryNon2xx: 0,
      deliveriesFailed: 0,
      samples: 0,
      samplesTimedOut: 0,
    };
    const deliveryStatuses: Record<string, number> = {};
    const cardStatuses: Record<string, number> = {};
    const harvestDeliveries = (): void => {
      // Count settled deliveries, then forget them (the sandbox would otherwise keep every body).
      const st = sb.webhooks.stats();
      totals.webhookEvents += st.eventsEmitted;
      for (const d of sb.webhooks.deliveries()) {
        if (d.state !== 'delivered' && d.state !== 'failed') continue;
        totals.deliveries += 1;
        if (d.state === 'failed') totals.deliveriesFailed += 1;
        for (const a of d.attempts) {
          totals.deliveryAttempts += 1;
          const k = String(a.status ?? 'network');
          deliveryStatuses[k] = (deliveryStatuses[k] ?? 0) + 1;
          if (a.status === null || a.status < 200 || a.status >= 300) totals.deliveryNon2xx += 1;
        }
      }
      sb.webhooks.resetRecords();
    };

    const latencies: number[] = [];
    let windowLatencies: number[] = [];
    const samples = new Map<string, Sample>();
    const startSample = (): void => {
      const portalId = portals[rng.int(0, portals.length - 1)] as number;
      const pool = pools.get(portalId);
      if (pool === undefined) return;
      const free = pool.reserved.filter((id) => !samples.has(id));
      if (free.length === 0) return;
      const dealId = free[rng.int(0, free.length - 1)] as string;
      const pick = gradeChangingEdit(sb, portalId, dealId, stages.get(portalId) as StageIndex, rng);
      if (pick === null) return;
      sb.admin.userEdit(portalId, pick.edit);
      totals.edits += 1;
      samples.set(dealId, { portalId, dealId, editAt: Date.now(), expected: pick.expected });
    };
    const pollSamples = (): void => {
      const now = Date.now();
      for (const s of samples.values()) {
        const d = sb.admin.getObject(s.portalId, 'deals', s.dealId);
        const written = Date.parse(d?.properties['sw_computed_at'] ?? '');
        if (
          d !== undefined &&
          written >= s.editAt &&
          outputsOf(d.properties).join('\u0000') === s.expected.join('\u0000')
        ) {
          latencies.push(now - s.editAt);
          windowLatencies.push(now - s.editAt);
          totals.samples += 1;
          samples.delete(s.dealId);
        } else if (now - s.editAt > SAMPLE_TIMEOUT_MS) {
          totals.samplesTimedOut += 1;
          samples.delete(s.dealId);
        }
      }
    };

    const heapMb = async (url: string): Promise<number> => {
      try {
        const text = await (await fetch(`${url}/metrics`)).text();
        const m = /^stepwise_nodejs_heap_size_used_bytes\s+(\S+)$/m.exec(text);
        return m === null ? 0 : round(Number(m[1]) / 1024 / 1024);
      } catch {
        return 0;
      }
    };
    const rssSeries: { t: number; web: number; worker: number; webHeap: number; workerHeap: number }[] = [];
    const report = async (elapsedS: number): Promise<void> => {
      harvestDeliveries();
      const calls = hubspotCalls();
      const w = memory(web.child.pid as number);
      const k = memory(worker.child.pid as number);
      const webHeap = await heapMb(web.url);
      const workerHeap = await heapMb(worker.url);
      rssSeries.push({ t: round(elapsedS), web: w.rssMb, worker: k.rssMb, webHeap, workerHeap });
      const lat = percentiles(windowLatencies);
      windowLatencies = [];
      log(
        `[${String(Math.round(elapsedS)).padStart(4)} s] RSS web ${w.rssMb} MB (heap ${webHeap}), worker ${k.rssMb} MB (heap ${workerHeap}) | ` +
          `queue ${await jobDepth()} jobs, ${await pendingIds()} dirty ids | sent ${totals.edits} edits + ${totals.cardTicks} ticks, ` +
          `${totals.webhookEvents} webhook events | HubSpot ${calls.length} calls, ${calls.filter((c) => c.status === 429).length} × 429 | ` +
          `edit→written (last 30 s, n=${lat.n}) p50 ${lat.p50} ms, p95 ${lat.p95} ms, p99 ${lat.p99} ms`,
      );
    };

    const durationMs = MINUTES * 60_000;
    const t0 = Date.now();
    let carry = 0;
    let nextCard = t0;
    let nextSample = t0;
    let nextPoll = t0;
    let nextReport = t0 + REPORT_EVERY_MS;
    const cardCalls: Promise<void>[] = [];
    for (let tick = 0; ; tick++) {
      const now = Date.now();
      if (now - t0 >= durationMs || interrupted) break;
      carry += (RATE * TICK_MS) / 1000;
      const n = Math.floor(carry);
      carry -= n;
      for (let i = 0; i < n; i++) {
        const portalId = portals[rng.int(0, portals.length - 1)] as number;
        const pool = pools.get(portalId);
        if (pool === undefined) continue;
        sb.admin.userEdit(portalId, randomEdit(rng, pool.edits));
        totals.edits += 1;
      }
      while (nextCard <= now) {
        nextCard += 1000 / CARD_RATE;
        const portalId = portals[rng.int(0, portals.length - 1)] as number;
        const pool = pools.get(portalId);
        if (pool === undefined) continue;
        const dealId = pool.cardDeals[rng.int(0, pool.cardDeals.length - 1)] as string;
        totals.cardTicks += 1;
        cardCalls.push(
          cardTick(sb, baseUrl, portalId, dealId, rng).then(
            (status) => {
              cardStatuses[String(status)] = (cardStatuses[String(status)] ?? 0) + 1;
              if (status !== 200) totals.cardErrors += 1;
            },
            () => {
              cardStatuses['network'] = (cardStatuses['network'] ?? 0) + 1;
              totals.cardErrors += 1;
            },
          ),
        );
        if (cardCalls.length > 100) await Promise.all(cardCalls.splice(0));
      }
      while (nextSample <= now) {
        nextSample += 1000 / SAMPLES_PER_SECOND;
        startSample();
      }
      if (nextPoll <= now) {
        nextPoll = now + 100;
        pollSamples();
      }
      if (nextReport <= now) {
        nextReport += REPORT_EVERY_MS;
        await report((now - t0) / 1000);
      }
      const wait = t0 + (tick + 1) * TICK_MS - Date.now();
      if (wait > 0) await sleep(wait);
    }
    await Promise.all(cardCalls.splice(0));
    const loadSeconds = (Date.now() - t0) / 1000;
    const rssEndOfLoad = { web: memory(web.child.pid as number), worker: memory(worker.child.pid as number) };
    log(`load done after ${round(loadSeconds)} s; draining …`);

    const tDrain = Date.now();
    while (samples.size > 0 && Date.now() - tDrain < SAMPLE_TIMEOUT_MS) {
      pollSamples();
      await sleep(100);
    }
    await waitForQuiet(15 * 60_000);
    const drainSeconds = (Date.now() - tDrain) / 1000;
    await report((Date.now() - t0) / 1000);

    // ---------------------------------------------------------------- results
    const calls = hubspotCalls();
    const consistency = portals.map((p) => checkConsistency(sb, p));
    const deadLetters = await listDeadLetters(q.redis, PREFIX, 1000);
    const failedJobs = (await q.queue.getJobCounts('failed'))['failed'] ?? 0;
    const metricsText = await (await fetch(`${worker.url}/metrics`)).text();
    const workerHistogram = histogramQuantiles(metricsText, 'stepwise_job_latency_seconds');
    const rssAfter = { web: memory(web.child.pid as number), worker: memory(worker.child.pid as number) };
    const lat = percentiles(latencies);
    const rssValues = (role: 'web' | 'worker') => rssSeries.map((r) => r[role]);
    const summary = {
      minutes: MINUTES,
      rate: RATE,
      portals: PORTALS,
      deals: PORTALS * DEALS,
      loadSeconds: round(loadSeconds),
      drainSeconds: round(drainSeconds),
      editsSent: totals.edits,
      editsPerSecond: round(totals.edits / loadSeconds),
      cardTicks: totals.cardTicks,
      cardErrors: totals.cardErrors,
      cardStatuses,
      webhookEvents: totals.webhookEvents,
      webhookDeliveries: totals.deliveries,
      webhookAttempts: totals.deliveryAttempts,
      webhookNon2xx: totals.deliveryNon2xx,
      webhookFailed: totals.deliveriesFailed,
      webhookStatuses: deliveryStatuses,
      hubspotCalls: calls.length,
      hubspotCallsPerSecond: round(calls.length / (loadSeconds + drainSeconds)),
      hubspot429: calls.filter((c) => c.status === 429).length,
      hubspot429ByRoute: calls
        .filter((c) => c.status === 429)
        .reduce<Record<string, number>>((acc, c) => {
          const k = `${c.method} ${c.route ?? c.path}`;
          acc[k] = (acc[k] ?? 0) + 1;
          return acc;
        }, {}),
      hubspot5xx: calls.filter((c) => c.status >= 500).length,
      hubspotWrites: calls.filter((c) => c.route === '/crm/v3/objects/:objectType/batch/update').length,
      latencyMs: lat,
      latencySamplesTimedOut: totals.samplesTimedOut,
      workerJobLatencySeconds: workerHistogram,
      rssMb: {
        web: {
          before: rssBefore.web.rssMb,
          endOfLoad: rssEndOfLoad.web.rssMb,
          after: rssAfter.web.rssMb,
          min: Math.min(...rssValues('web')),
          max: Math.max(...rssValues('web')),
          peak: rssAfter.web.peakMb,
        },
        worker: {
          before: rssBefore.worker.rssMb,
          endOfLoad: rssEndOfLoad.worker.rssMb,
          after: rssAfter.worker.rssMb,
          min: Math.min(...rssValues('worker')),
          max: Math.max(...rssValues('worker')),
          peak: rssAfter.worker.peakMb,
        },
      },
      rssSeries,
      consistent: `${consistency.reduce((n, c) => n + c.consistent, 0)}/${consistency.reduce((n, c) => n + c.deals, 0)}`,
      mismatches: consistency.flatMap((c) => c.mismatches).slice(0, 10),
      deadLetters: deadLetters.length,
      failedJobs,
      logErrors: { web: web.logErrors, worker: worker.logErrors },
      logWarnings: { web: web.logWarnings, worker: worker.logWarnings },
      firstLogErrors: [...web.lastErrors, ...worker.lastErrors],
      logs: logDir,
    };
    const ok =
      summary.mismatches.length === 0 &&
      summary.deadLetters === 0 &&
      summary.failedJobs === 0 &&
      summary.webhookFailed === 0 &&
      summary.cardErrors === 0 &&
      summary.latencySamplesTimedOut === 0 &&
      summary.logErrors.web + summary.logErrors.worker === 0;
    log('');
    log(
      `${ok ? 'OK' : 'PROBLEMS'}: consistent ${summary.consistent}; ${summary.editsSent} edits (${summary.editsPerSecond}/s), ` +
        `${summary.hubspotCalls} HubSpot calls (${summary.hubspot429} × 429); edit→written p50 ${lat.p50} ms, p95 ${lat.p95} ms, p99 ${lat.p99} ms; ` +
        `RSS web ${rssBefore.web.rssMb} → ${rssAfter.web.rssMb} MB, worker ${rssBefore.worker.rssMb} → ${rssAfter.worker.rssMb} MB`,
    );
    if (JSON_OUT) process.stdout.write(`${JSON.stringify(summary)}\n`);
    else process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    if (!ok) process.exitCode = 1;
  } finally {
    for (const s of services.reverse()) await stopService(s);
    await queue?.close();
    await queueRedis?.quit();
    await sandbox?.stop();
    await redis?.stop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`load failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
