/**
 * `npm run bench` — Stepwise's performance against HubSpot's real limits, on the local sandbox.
 *   npm run bench            progress and a summary
 *   npm run bench -- --json  the same, with one JSON object as the last line
 *
 * engine   pure evaluation, deals/s on one core
 * intake   signed 100-event webhook batches over loopback HTTP: events/s and ack p99
 * burst    10,000 events over 2,000 deals against the rate-limited sandbox (110 req / 10 s):
 *          HubSpot calls, calls per deal, wall time, throughput vs the rate-limit ceiling;
 *          the worker runs as its own process (`--role worker`), whose peak RSS is reported
 * naive    the same events handled naively (one read + one write per event, no coalescing)
 */
import { HUBSPOT_LIMITS } from '../src/config/hubspot-limits';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { createHubSpotClient } from '../src/hubspot/client';
import { provisionProperties } from '../src/hubspot/provisioning';
import { signedHeaders } from '../src/hubspot/signature';
import { evaluateDeal } from '../src/methodology';
import { checkConsistency } from '../sandbox/consistency';
import { startStack, type Stack } from '../sandbox/stack';
import { startPrivateRedis, type PrivateRedis } from '../sandbox/redis-server';
import { startSandbox } from '../sandbox';
import { bulkPortalSeed } from '../sandbox/seed-data';
import { measureEngine, syntheticDeals } from './bench-engine';

const json = process.argv.includes('--json');
const log = (s: string): void => {
  process.stderr.write(`${s}\n`);
};
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const round = (n: number, d = 2): number => Math.round(n * 10 ** d) / 10 ** d;

const BURST_DEALS = 2_000;
const BURST_EVENTS = 10_000;
const INTAKE_REQUESTS = 600;
const INTAKE_CONCURRENCY = 2;
const PORTAL = 47_000_001;
const CONTACTS_PER_DEAL = 2;
/**
 * Minimum HubSpot calls to grade 100 deals: read the deals, read their contact associations,
 * read their contacts (100 per call), write.
 */
const MIN_CALLS_PER_100_DEALS = 3 + Math.ceil((100 * CONTACTS_PER_DEAL) / 100);
// HubSpot's 110 requests / 10 s per portal per app (the sandbox default, HUBSPOT_LIMITS).
const LIMIT = { max: HUBSPOT_LIMITS.requestsPerTenSeconds, windowMs: HUBSPOT_LIMITS.windowMs };

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
}

async function benchEngine(): Promise<number> {
  log('engine: 100,000 synthetic deals × 5 contacts …');
  const rate = measureEngine(syntheticDeals(100_000), 3);
  log(`  ${rate.toLocaleString('en-US')} deals/s`);
  return rate;
}

async function benchIntake(redisUrl: string): Promise<{ eventsPerSecond: number; p50: number; p99: number }> {
  log(`intake: ${INTAKE_REQUESTS} signed batches of 100 events, ${INTAKE_CONCURRENCY} senders …`);
  // Web role only: measure the edge, not the worker.
  const stack = await startStack({
    redisUrl,
    prefix: `sw-bench-intake-${randomUUID().slice(0, 6)}`,
    role: 'web',
  });
  try {
    stack.sandbox.admin.seed(bulkPortalSeed({ portalId: PORTAL, deals: 50 }));
    await stack.install(PORTAL);
    const url = `${stack.baseUrl}/webhooks/hubspot`;
    const bodies = Array.from({ length: 20 }, (_, b) =>
      JSON.stringify(
        Array.from({ length: 100 }, (_, i) => ({
          eventId: b * 100 + i,
          subscriptionId: 1,
          portalId: PORTAL,
          appId: stack.sandbox.app.appId,
          occurredAt: Date.now(),
          subscriptionType: 'deal.propertyChange',
          attemptNumber: 0,
          objectId: 1000 + ((b * 100 + i) % 2000),
          propertyName: 'sw_seven_step_need',
          propertyValue: 'problems_known',
          changeSource: 'CRM_UI',
        })),
      ),
    );
    const latencies: number[] = [];
    let next = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: INTAKE_CONCURRENCY }, async () => {
        while (next < INTAKE_REQUESTS) {
          const body = bodies[next++ % bodies.length] as string;
          const headers = {
            'content-type': 'application/json',
            ...signedHeaders({
              clientSecret: stack.sandbox.app.clientSecret,
              method: 'POST',
              uri: url,
              body,
              now: Date.now(),
            }),
          };
          const s = performance.now();
          const res = await fetch(url, { method: 'POST', headers, body });
          await res.arrayBuffer();
          if (res.status !== 200) throw new Error(`intake answered ${res.status}`);
          latencies.push(performance.now() - s);
        }
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    const result = {
      eventsPerSecond: Math.round((INTAKE_REQUESTS * 100) / seconds),
      p50: round(quantile(latencies, 0.5)),
      p99: round(quantile(latencies, 0.99)),
    };
    log(
      `  ${result.eventsPerSecond.toLocaleString('en-US')} events/s, ack p50 ${result.p50} ms, p99 ${result.p99} ms`,
    );
    return result;
  } finally {
    await stack.stop();
  }
}

/** Peak resident set (VmHWM) of a process, in MB. */
function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return round(kb / 1024, 1);
}

async function startWorkerProcess(stack: Stack): Promise<ChildProcess> {
  const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', main, '--role', 'worker'], {
    env: { ...process.env, ...stack.env, PORT: '0', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await sleep(1500); // boot (tsx compile) before the burst starts
  if (child.exitCode !== null) throw new Error('the worker process exited at start');
  return child;
}

async function benchBurst(redisUrl: string) {
  log(
    `burst: ${BURST_EVENTS.toLocaleString('en-US')} events over ${BURST_DEALS.toLocaleString('en-US')} deals, sandbox limit ${LIMIT.max} req / ${LIMIT.windowMs / 1000} s …`,
  );
  const stack = await startStack({
    redisUrl,
    prefix: `sw-bench-burst-${randomUUID().slice(0, 6)}`,
    role: 'web',
    sandbox: { rateLimit: { max: LIMIT.max, windowMs: LIMIT.windowMs } },
  });
  let worker: ChildProcess | undefined;
  try {
    const seeded = stack.sandbox.admin.seed(
      bulkPortalSeed({ portalId: PORTAL, deals: BURST_DEALS, contactsPerDeal: CONTACTS_PER_DEAL }),
    );
    worker = await startWorkerProcess(stack);
    const tInstall = performance.now();
    await stack.install(PORTAL);
    await stack.waitForQuiet({ timeoutMs: 600_000, settleMs: 1000 });
    log(`  install + backfill of ${BURST_DEALS} deals: ${round((performance.now() - tInstall) / 1000, 1)} s`);
    // Let both rate windows (ours and the sandbox's) clear, then count only the burst.
    await sleep(LIMIT.windowMs * 1.05 + 1000);
    stack.sandbox.calls.reset();

    const dealIds = Object.values(seeded.deals);
    const steps = ['need', 'funding', 'tech', 'account', 'chain'] as const;
    const items: Record<(typeof steps)[number], string[]> = {
      need: ['problems_known', 'deadline_known', 'opportunity_confirmed', 'competitive_edge'],
      funding: ['exec_approved', 'budget_ready', 'project_established'],
      tech: ['differentiation_acknowledged', 'company_endorsed', 'technical_barrier_set'],
      account: ['decision_chain_mapped', 'coach_in_place', 'procurement_known'],
      chain: ['coach_informs', 'key_person_assists'],
    };
    const t0 = performance.now();
    for (let e = 0; e < BURST_EVENTS; e++) {
      const dealId = dealIds[e % dealIds.length] as string;
      const step = steps[Math.floor(e / dealIds.length) % steps.length] as (typeof steps)[number];
      stack.sandbox.admin.userEdit(PORTAL, {
        objectType: 'deals',
        objectId: dealId,
        properties: { [`sw_seven_step_${step}`]: (items[step] ?? []).join(';') },
      });
    }
    await stack.waitForQuiet({ timeoutMs: 600_000, settleMs: 300 });
    const wallSeconds = (performance.now() - t0) / 1000;
    const calls = stack.sandbox.calls
      .list()
      .filter((c) => !c.path.startsWith('/oauth') && !c.path.startsWith('/_sandbox'));
    const rateLimited = calls.filter((c) => c.status === 429).length;
    const byRoute = new Map<string, number>();
    for (const c of calls)
      byRoute.set(
        `${c.method} ${c.route ?? c.path}`,
        (byRoute.get(`${c.method} ${c.route ?? c.path}`) ?? 0) + 1,
      );
    log(`  calls by endpoint: ${[...byRoute.entries()].map(([r, n]) => `${n} × ${r}`).join(', ')}`);
    const consistency = checkConsistency(stack.sandbox, PORTAL);
    const ceilingDealsPerSecond = LIMIT.max / (LIMIT.windowMs / 1000) / (MIN_CALLS_PER_100_DEALS / 100);
    const dealsPerSecond = BURST_DEALS / wallSeconds;
    const rss = worker.pid === undefined ? 0 : peakRssMb(worker.pid);
    const result = {
      hubspotCalls: calls.length,
      rateLimited,
      apiCallsPerDeal: round(calls.length / BURST_DEALS, 3),
      wallSeconds: round(wallSeconds, 2),
      dealsPerSecond: round(dealsPerSecond, 1),
      ceilingDealsPerSecond,
      throughputVsCeiling: round(dealsPerSecond / ceilingDealsPerSecond, 2),
      consistent: `${consistency.consistent}/${consistency.deals}`,
      workerPeakRssMb: rss,
    };
    log(
      `  ${result.hubspotCalls} HubSpot calls (${result.apiCallsPerDeal}/deal, ${rateLimited} × 429) in ${result.wallSeconds} s: ` +
        `${result.dealsPerSecond} deals/s vs ceiling ${ceilingDealsPerSecond} → ${result.throughputVsCeiling}; consistent ${result.consistent}; worker peak RSS ${rss} MB`,
    );
    return result;
  } finally {
    worker?.kill('SIGTERM');
    await stack.stop();
  }
}

const SUSTAINED_DEALS = 20_000;
const SUSTAINED_CONTACTS_PER_DEAL = 4;
const SUSTAINED_PORTAL = 47_000_002;
/** HubSpot's ceiling: calls per second at 110 requests / 10 s. */
const CALLS_PER_SECOND = LIMIT.max / (LIMIT.windowMs / 1000);

/**
 * Fewest calls HubSpot's batch limits allow to grade `deals` deals with `contacts` contacts:
 * objects 100 per batch read / update, association reads 1,000 inputs.
 */
function floorCalls(deals: number, contacts: number, options: { readDeals: boolean }): number {
  const objects = HUBSPOT_LIMITS.objectBatch;
  return (
    (options.readDeals ? Math.ceil(deals / objects) : 0) +
    Math.ceil(deals / HUBSPOT_LIMITS.associationBatchRead) +
    Math.ceil(contacts / objects) +
    Math.ceil(deals / objects)
  );
}

/** Seconds HubSpot's limits need for `calls` general calls, from a fresh 10 s window. */
const secondsAtCeiling = (calls: number): number => Math.max(0, calls - LIMIT.max) / CALLS_PER_SECOND;

/**
 * Backfill and sustained burst on one portal of 20,000 deals × 4 contacts, the worker as its own
 * process, the sandbox at HubSpot's 110 req / 10 s and search 5 / s:
 * - backfill (install → every deal graded) against its floor: search pages of 200 at 5 / s, and
 *   the general calls (provisioning as observed, association reads of 1,000, contact reads and
 *   writes of 100) at 110 / 10 s, whichever is longer;
 * - then one edit per deal, more than 10 rate windows of work: deals/s ÷ the ceiling (110 / 10 s ÷
 *   the floor's calls per deal) and calls per deal ÷ the floor.
 */
async function benchSustained(redisUrl: string) {
  const deals = SUSTAINED_DEALS;
  const contacts = deals * SUSTAINED_CONTACTS_PER_DEAL;
  log(
    `sustained: backfill then one edit each of ${deals.toLocaleString('en-US')} deals × ${SUSTAINED_CONTACTS_PER_DEAL} contacts at ${LIMIT.max} req / 10 s …`,
  );
  const stack = await startStack({
    redisUrl,
    prefix: `sw-bench-sustained-${randomUUID().slice(0, 6)}`,
    role: 'web',
    sandbox: { rateLimit: { max: LIMIT.max, windowMs: LIMIT.windowMs } },
  });
  let worker: ChildProcess | undefined;
  try {
    const seeded = stack.sandbox.admin.seed(
      bulkPortalSeed({ portalId: SUSTAINED_PORTAL, deals, contactsPerDeal: SUSTAINED_CONTACTS_PER_DEAL }),
    );
    worker = await startWorkerProcess(stack);
    stack.sandbox.calls.reset();
    const tInstall = performance.now();
    await stack.install(SUSTAINED_PORTAL);
    await stack.waitForQuiet({ timeoutMs: 600_000, settleMs: 300 });
    const backfillSeconds = (performance.now() - tInstall) / 1000;
    const installCalls = stack.sandbox.calls
      .list()
      .filter((c) => !c.path.startsWith('/oauth') && !c.path.startsWith('/_sandbox'));
    const provisioning = installCalls.filter((c) => (c.route ?? c.path).includes('/properties')).length;
    const searchPages = Math.ceil(deals / HUBSPOT_LIMITS.searchPageSize);
    const backfillFloorSeconds = Math.max(
      searchPages / HUBSPOT_LIMITS.searchPerSecond,
      secondsAtCeiling(provisioning + floorCalls(deals, contacts, { readDeals: false })),
    );
    const backfillVsFloor = round(backfillFloorSeconds / backfillSeconds, 3);
    log(
      `  backfill: ${round(backfillSeconds, 1)} s for ${installCalls.length} calls (${provisioning} provisioning); floor ${round(backfillFloorSeconds, 1)} s → ${backfillVsFloor}`,
    );

    await sleep(LIMIT.windowMs * 1.05 + 1000);
    stack.sandbox.calls.reset();
    const t0 = performance.now();
    for (const dealId of Object.values(seeded.deals)) {
      stack.sandbox.admin.userEdit(SUSTAINED_PORTAL, {
        objectType: 'deals',
        objectId: dealId,
        properties: { sw_seven_step_need: 'problems_known;deadline_known' },
      });
    }
    await stack.waitForQuiet({ timeoutMs: 600_000, settleMs: 300 });
    const wallSeconds = (performance.now() - t0) / 1000;
    const calls = stack.sandbox.calls
      .list()
      .filter((c) => !c.path.startsWith('/oauth') && !c.path.startsWith('/_sandbox'));
    const floorPerDeal = floorCalls(deals, contacts, { readDeals: true }) / deals;
    const ceilingDealsPerSecond = CALLS_PER_SECOND / floorPerDeal;
    const dealsPerSecond = deals / wallSeconds;
    const consistency = checkConsistency(stack.sandbox, SUSTAINED_PORTAL);
    const result = {
      backfillDeals: deals,
      backfillSeconds: round(backfillSeconds, 1),
      backfillFloorSeconds: round(backfillFloorSeconds, 1),
      backfillVsFloor,
      sustainedDeals: deals,
      sustainedWindows: round(wallSeconds / (LIMIT.windowMs / 1000), 1),
      sustainedDealsPerSecond: round(dealsPerSecond, 1),
      sustainedCeilingDealsPerSecond: round(ceilingDealsPerSecond, 1),
      sustainedThroughputVsCeiling: round(dealsPerSecond / ceilingDealsPerSecond, 3),
      sustainedCalls: calls.length,
      sustainedRateLimited: calls.filter((c) => c.status === 429).length,
      callsPerDealVsFloor: round(calls.length / deals / floorPerDeal, 3),
      sustainedConsistent: `${consistency.consistent}/${consistency.deals}`,
      workerPeakRssMb: worker.pid === undefined ? 0 : peakRssMb(worker.pid),
    };
    log(
      `  burst: ${result.sustainedWindows} windows, ${result.sustainedDealsPerSecond} deals/s vs ceiling ${result.sustainedCeilingDealsPerSecond} → ${result.sustainedThroughputVsCeiling}; ` +
        `${calls.length} calls (${result.sustainedRateLimited} × 429) → ${result.callsPerDealVsFloor} × the floor; consistent ${result.sustainedConsistent}; worker peak RSS ${result.workerPeakRssMb} MB`,
    );
    return result;
  } finally {
    worker?.kill('SIGTERM');
    await stack.stop();
  }
}

/** Naive baseline: per event, read the deal and write its outputs (no coalescing, no batching). */
async function benchNaive(): Promise<{ calls: number; secondsAtLimit: number }> {
  log(`naive: the same ${BURST_EVENTS.toLocaleString('en-US')} events, one read + one write each …`);
  const sandbox = await startSandbox({ rateLimit: { enabled: false } });
  try {
    const seeded = sandbox.admin.seed(
      bulkPortalSeed({ portalId: PORTAL, deals: BURST_DEALS, contactsPerDeal: CONTACTS_PER_DEAL }),
    );
    const token = sandbox.admin.install(PORTAL).accessToken;
    const client = createHubSpotClient({ basePath: sandbox.url, accessToken: token });
    await provisionProperties(async (_op, fn) => fn(client), 'zh');
    const dealIds = Object.values(seeded.deals);
    sandbox.calls.reset();
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < BURST_EVENTS) {
          const dealId = dealIds[next++ % dealIds.length] as string;
          const deal = await client.crm.deals.basicApi.getById(dealId, ['sw_seven_step_need', 'amount']);
          const outputs = evaluateDeal({ id: dealId, properties: deal.properties, contacts: [] }).outputs;
          await client.crm.deals.basicApi.update(dealId, {
            properties: { sw_funnel_stage: outputs['sw_funnel_stage'] ?? 'none' },
          });
        }
      }),
    );
    const calls = sandbox.calls.count();
    const result = { calls, secondsAtLimit: Math.round(calls / (LIMIT.max / (LIMIT.windowMs / 1000))) };
    log(
      `  ${calls.toLocaleString('en-US')} HubSpot calls (≥ ${result.secondsAtLimit.toLocaleString('en-US')} s at the rate limit)`,
    );
    return result;
  } finally {
    await sandbox.stop();
  }
}

async function main(): Promise<void> {
  let redis: PrivateRedis | undefined;
  try {
    const redisUrl = process.env['REDIS_URL'] ?? (redis = await startPrivateRedis()).url;
    const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7);
    if (only === 'burst') {
      await benchBurst(redisUrl);
      return;
    }
    if (only === 'sustained') {
      await benchSustained(redisUrl);
      return;
    }
    const engineDealsPerSecond = await benchEngine();
    const intake = await benchIntake(redisUrl);
    const burst = await benchBurst(redisUrl);
    const naive = await benchNaive();
    const sustained = await benchSustained(redisUrl);
    const summary = {
      engineDealsPerSecond,
      intakeEventsPerSecond: intake.eventsPerSecond,
      intakeP50Ms: intake.p50,
      intakeP99Ms: intake.p99,
      burstEvents: BURST_EVENTS,
      burstDeals: BURST_DEALS,
      totalHubspotCalls: burst.hubspotCalls,
      rateLimited: burst.rateLimited,
      apiCallsPerDeal: burst.apiCallsPerDeal,
      wallSeconds: burst.wallSeconds,
      throughputVsCeiling: burst.throughputVsCeiling,
      consistent: burst.consistent,
      naiveCalls: naive.calls,
      naiveCallsRatio: round(naive.calls / Math.max(1, burst.hubspotCalls), 1),
      ...sustained,
      workerPeakRssMb: Math.max(burst.workerPeakRssMb, sustained.workerPeakRssMb),
      loadAverage: loadavg().map((n) => round(n, 2)),
    };
    log('');
    log(`naive ÷ Stepwise calls: ${summary.naiveCallsRatio}`);
    if (json) process.stdout.write(`${JSON.stringify(summary)}\n`);
    else process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  } finally {
    await redis?.stop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
