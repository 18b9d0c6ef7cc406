/**
 * `npm run demo` — the whole Stepwise loop on this machine, on embedded defaults:
 * a private Redis, the local HubSpot sandbox seeded with realistic deals, Stepwise installed
 * through the real OAuth flow, provisioning and backfill, reps ticking checklist items in the
 * card and editing contacts in HubSpot, then the graded deals and the figures. Exits 0 and leaves
 * nothing running. With REDIS_URL set it uses that Redis under a private key prefix.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { DEFAULT_SETTINGS, OUTPUT_PROPERTIES } from '../src/methodology';
import { managerSummary } from './lib/manager-summary';
import { checkConsistency } from '../sandbox/consistency';
import { startStack, type Stack } from '../sandbox/stack';
import { startPrivateRedis, type PrivateRedis } from '../sandbox/redis-server';
import { DEMO_PORTAL_ID, demoPortalSeed, demoUserEdits } from '../sandbox/seed-data';

const out = (s = ''): void => {
  process.stdout.write(`${s}\n`);
};
const color = process.stdout.isTTY
  ? (code: number, s: string) => `\u001b[${code}m${s}\u001b[0m`
  : (_c: number, s: string) => s;
const ok = color(32, '✓');
const dim = (s: string) => color(2, s);

let stepNo = 0;
const STEPS = 6;
async function step<T>(title: string, run: () => Promise<T>, done: (v: T) => string): Promise<T> {
  stepNo++;
  process.stdout.write(`[${stepNo}/${STEPS}] ${title} … `);
  const t0 = performance.now();
  const v = await run();
  out(`${ok} ${done(v)} ${dim(`(${((performance.now() - t0) / 1000).toFixed(1)} s)`)}`);
  return v;
}

/** Display width (CJK characters take two columns). */
function width(s: string): number {
  let w = 0;
  for (const ch of s)
    w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(
      ch,
    )
      ? 2
      : 1;
  return w;
}
function pad(s: string, w: number): string {
  return s + ' '.repeat(Math.max(0, w - width(s)));
}
function truncate(s: string, w: number): string {
  let outStr = '';
  for (const ch of s) {
    if (width(outStr + ch) > w - 1) return `${outStr}…`;
    outStr += ch;
  }
  return outStr;
}
function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
}

let rateLimitedAnswers = 0;

/** A live counter on the current line (terminals only). */
function progress(text: string): void {
  if (process.stdout.isTTY) process.stdout.write(`\u001b7${dim(text)}\u001b[K\u001b8`);
}

/** Like the card's retry: on 429 wait Retry-After, then try again; anything else but 200 is a failure. */
async function withRetry(send: () => Promise<Response>): Promise<void> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const res = await send();
    const body = await res.text(); // always drain: an unread body keeps the connection busy
    if (res.status === 200) return;
    if (res.status !== 429) throw new Error(`card API answered ${res.status}: ${body}`);
    rateLimitedAnswers++;
    const wait = Number(res.headers.get('retry-after') ?? '1');
    await new Promise((r) => setTimeout(r, Math.min(10, Math.max(0.2, wait)) * 1000));
  }
  throw new Error('card API kept answering 429');
}

/** The seven 6W+2P questions that qualify a P customer (5W+2P). */
const FIVE_W_TWO_P = [
  'why_need',
  'budget_plan',
  'decision_maker',
  'decision_process',
  'decision_criteria',
  'timeline',
  'competitors',
];

/** What the demo reps do in the card, per deal (by position): a realistic spread of progress. */
const REP_PLANS: { playbook: string; step: string; items: string[] }[][] = [
  // qualified by 5W+2P → P
  [
    {
      playbook: 'six_w_two_p',
      step: 'qualify',
      items: FIVE_W_TWO_P,
    },
  ],
  // formally evaluating → I
  [
    {
      playbook: 'six_w_two_p',
      step: 'qualify',
      items: [...FIVE_W_TWO_P, 'why_us'],
    },
    {
      playbook: 'seven_step',
      step: 'need',
      items: ['problems_known', 'deadline_known', 'opportunity_confirmed', 'solution_known'],
    },
    {
      playbook: 'seven_step',
      step: 'funding',
      items: ['exec_approved', 'budget_ready', 'project_established'],
    },
    {
      playbook: 'followup',
      step: 'progress',
      items: ['demo_done', 'insider_developed', 'proposal_submitted'],
    },
  ],
  // negotiating → B
  [
    {
      playbook: 'six_w_two_p',
      step: 'qualify',
      items: FIVE_W_TWO_P,
    },
    {
      playbook: 'seven_step',
      step: 'need',
      items: [
        'problems_known',
        'deadline_known',
        'opportunity_confirmed',
        'competitive_edge',
        'solution_known',
      ],
    },
    { playbook: 'seven_step', step: 'funding', items: ['budget_ready', 'project_established'] },
    {
      playbook: 'seven_step',
      step: 'tech',
      items: [
        'differentiation_acknowledged',
        'company_endorsed',
        'technical_barrier_set',
        'main_competitor_known',
      ],
    },
    {
      playbook: 'seven_step',
      step: 'account',
      items: [
        'decision_chain_mapped',
        'coach_in_place',
        'procurement_known',
        'channel_known',
        'competition_known',
      ],
    },
    { playbook: 'seven_step', step: 'chain', items: ['coach_informs', 'key_person_assists'] },
    {
      playbook: 'followup',
      step: 'progress',
      items: [
        'demo_done',
        'insider_developed',
        'proposal_submitted',
        'quote_given',
        'visit_invited',
        'chain_exchanges',
        'chain_insider',
      ],
    },
  ],
  // early discovery
  [{ playbook: 'seven_step', step: 'need', items: ['problems_known', 'need_source_known'] }],
];

/** Decision-chain edits reps make in the card (by contact position on a deal). */
const CHAIN_PLANS: Record<string, string>[] = [
  {
    sw_decision_role: 'decision_maker',
    sw_stance: 'supporter',
    sw_contact_depth: 'frequent',
    sw_personality: 'pragmatist',
  },
  {
    sw_decision_role: 'influencer',
    sw_stance: 'coach',
    sw_contact_depth: 'deep',
    sw_personality: 'innovator',
  },
  {
    sw_decision_role: 'purchaser',
    sw_stance: 'supporter',
    sw_contact_depth: 'general',
    sw_personality: 'conservative',
  },
];

async function main(): Promise<void> {
  const started = performance.now();
  out('Stepwise demo — the whole loop on this machine, no HubSpot account needed.');
  out(dim('Local HubSpot sandbox ⇄ Stepwise (OAuth, provisioning, signed webhooks, worker, card API).'));
  out();

  let redis: PrivateRedis | undefined;
  let stack: Stack | undefined;
  try {
    const redisUrl = await step(
      'Starting Redis',
      async () => {
        if (process.env['REDIS_URL']) return process.env['REDIS_URL'];
        redis = await startPrivateRedis();
        return redis.url;
      },
      (url) =>
        process.env['REDIS_URL']
          ? `using REDIS_URL (keys under a private prefix)`
          : `private redis-server at ${url}`,
    );

    const seeded = await step(
      'Starting the local HubSpot sandbox',
      async () => {
        stack = await startStack({
          redisUrl,
          prefix: `sw-demo-${randomUUID().slice(0, 8)}`,
          service: { coalesceMs: 300 },
        });
        return stack.sandbox.admin.seed(demoPortalSeed());
      },
      (s) =>
        `portal ${s.portalId}: ${Object.keys(s.deals).length} deals, ${Object.keys(s.contacts).length} contacts (楼宇对讲 · 网络安全)`,
    );
    const st = stack as unknown as Stack;

    await step(
      'Installing Stepwise through OAuth (provisions properties, starts the backfill)',
      async () => {
        await st.install(DEMO_PORTAL_ID);
        await st.waitForQuiet({ timeoutMs: 120_000 });
        const snap = st.sandbox.admin.snapshot(DEMO_PORTAL_ID) as {
          properties: { deals: unknown[]; contacts: unknown[] };
        };
        return snap.properties;
      },
      (p) =>
        `${p.deals.length} deal and ${p.contacts.length} contact properties provisioned; every deal graded`,
    );

    const tickLatencies: number[] = [];
    const dealIds = Object.values(seeded.deals);
    await step(
      'Reps at work: ticking items in the Sales steps card, editing the decision chain',
      async () => {
        let ticks = 0;
        let hubspotTicks = 0;
        let chainEdits = 0;
        for (const [i, dealId] of dealIds.entries()) {
          const plan = REP_PLANS[i % REP_PLANS.length] ?? [];
          for (const { playbook, step: stepId, items } of plan) {
            // The first box of each step is ticked in the Sales steps card (synchronous: read,
            // merge, write input + outputs); the rest in HubSpot's own record view, which reaches
            // Stepwise as webhooks and is coalesced by the worker.
            const [first, ...rest] = items;
            if (first !== undefined) {
              progress(`deal ${i + 1}/${dealIds.length}, ${ticks} ticks`);
              await withRetry(async () => {
                const t0 = performance.now();
                const res = await st.cardFetch(DEMO_PORTAL_ID, 'POST', `/api/v1/deals/${dealId}/items`, {
                  playbook,
                  step: stepId,
                  item: first,
                  checked: true,
                });
                if (res.status === 200) tickLatencies.push(performance.now() - t0);
                return res;
              });
              ticks++;
            }
            if (rest.length > 0) {
              const property = `sw_${playbook}_${stepId}`;
              const current =
                st.sandbox.admin.getObject(DEMO_PORTAL_ID, 'deals', dealId)?.properties[property] ?? '';
              const merged = [...new Set([...current.split(';').filter(Boolean), ...rest])].join(';');
              st.sandbox.admin.userEdit(DEMO_PORTAL_ID, {
                objectType: 'deals',
                objectId: dealId,
                properties: { [property]: merged },
              });
              hubspotTicks += rest.length;
            }
          }
          if (i % 2 === 1) {
            const contacts = st.sandbox.admin.associatedIds(DEMO_PORTAL_ID, 'deals', dealId);
            for (const [j, contactId] of contacts.slice(0, CHAIN_PLANS.length).entries()) {
              await withRetry(() =>
                st.cardFetch(
                  DEMO_PORTAL_ID,
                  'PATCH',
                  `/api/v1/deals/${dealId}/contacts/${contactId}`,
                  CHAIN_PLANS[j],
                ),
              );
              chainEdits++;
            }
          }
        }
        const edits = demoUserEdits(seeded);
        for (const edit of edits) st.sandbox.admin.userEdit(DEMO_PORTAL_ID, edit);
        return { ticks, hubspotTicks, chainEdits, hubspotEdits: edits.length };
      },
      (r) =>
        `${r.ticks} ticks and ${r.chainEdits} decision-chain edits in the cards; ${r.hubspotTicks} boxes and ${r.hubspotEdits} other edits in HubSpot; ${rateLimitedAnswers} card answers were 429 and retried`,
    );

    const settle = await step(
      'Waiting for the webhook recomputes to settle',
      async () => {
        const t0 = performance.now();
        await st.waitForQuiet({ timeoutMs: 120_000 });
        return performance.now() - t0;
      },
      (ms) => `settled in ${(ms / 1000).toFixed(1)} s`,
    );
    void settle;

    const report = await step(
      'Checking every deal against the engine',
      async () => checkConsistency(st.sandbox, DEMO_PORTAL_ID),
      (r) => `${r.consistent}/${r.deals} deals: written grades equal evaluateDeal of their final inputs`,
    );

    // The table managers would see in a HubSpot deal view filtered by Stepwise's properties.
    out();
    const cols = [
      ['Deal', 34],
      ['Checklist', 9],
      ['★', 5],
      ['Funnel', 6],
      ['Lead stage', 10],
      ['Grade', 9],
      ['Relation', 8],
      ['Buying phase', 21],
      ['Alerts', 18],
    ] as const;
    out(cols.map(([h, w]) => pad(h, w)).join('  '));
    out(cols.map(([, w]) => '─'.repeat(w)).join('  '));
    const deals = st.sandbox.admin.listObjects(DEMO_PORTAL_ID, 'deals');
    for (const d of deals) {
      const p = d.properties;
      out(
        [
          pad(truncate(p['dealname'] ?? d.id, 34), 34),
          pad(`${p['sw_checklist_progress'] ?? '-'}%`, 9),
          pad(`${p['sw_key_items_progress'] ?? '-'}%`, 5),
          pad(p['sw_funnel_stage'] ?? '-', 6),
          pad(p['sw_lead_stage'] ?? '-', 10),
          pad(p['sw_lead_grade'] ?? '-', 9),
          pad(
            `${p['sw_company_relationship'] ?? '-'}/${p['sw_personal_relationship'] ?? '-'}→${p['sw_relationship_level'] ?? '-'}`,
            8,
          ),
          pad(p['sw_buying_phase'] ?? '-', 21),
          pad(p['sw_alerts'] || '-', 18),
        ].join('  '),
      );
    }

    // Figures.
    const calls = st.sandbox.calls;
    const api = calls.list().filter((c) => !c.path.startsWith('/oauth') && !c.path.startsWith('/_sandbox'));
    const byRoute = new Map<string, number>();
    for (const c of api)
      byRoute.set(
        `${c.method} ${c.route ?? c.path}`,
        (byRoute.get(`${c.method} ${c.route ?? c.path}`) ?? 0) + 1,
      );
    const deliveries = st.sandbox.webhooks.deliveries();
    out();
    out(
      `HubSpot API calls by Stepwise: ${api.length} in total, ${api.filter((c) => c.status === 429).length} rate-limited (429), ${api.filter((c) => c.status >= 500).length} server errors`,
    );
    for (const [route, n] of [...byRoute.entries()].sort((a, b) => b[1] - a[1]).slice(0, 8))
      out(`  ${String(n).padStart(5)}  ${route}`);
    out(
      `Webhook deliveries from HubSpot: ${deliveries.length} requests carrying ${deliveries.reduce((n, d) => n + d.events.length, 0)} events`,
    );
    out(
      `Card tick round trip (read, merge, write input + outputs): p50 ${quantile(tickLatencies, 0.5).toFixed(0)} ms, p95 ${quantile(tickLatencies, 0.95).toFixed(0)} ms over ${tickLatencies.length} ticks`,
    );
    out(
      `Outputs written per deal: ${OUTPUT_PROPERTIES.length} properties; consistency ${report.consistent}/${report.deals}`,
    );

    // The manager's view (funnel, conversion against the manual's norms, alerts), from the
    // written outputs, and one workflow action as HubSpot's workflow engine would run it.
    const summary = managerSummary(deals, DEFAULT_SETTINGS.funnelNorms);
    out();
    out(color(1, "Manager's view · 经理视图"));
    out(
      '  Funnel:      ' +
        summary.funnel.map((f) => `${f.stage} ${f.deals} (${(f.amount / 10_000).toFixed(0)}万)`).join('  '),
    );
    for (const c of summary.conversion) {
      const ratio = c.ratio === null ? 'n/a' : `${c.ratio.toFixed(1)} : 1`;
      const norm =
        c.norm === null
          ? ''
          : ` · norm ≈ ${c.norm} : 1 → ${c.meets === null ? 'not enough data' : c.meets ? 'meets' : 'below the norm'}`;
      out(
        `  ${pad(c.step, 26)} ${String(c.from).padStart(3)} → ${String(c.to).padStart(3)}  ${ratio}${norm}`,
      );
    }
    for (const a of summary.alerts)
      out(
        `  Alert ${pad(a.alert, 19)} ${a.deals.length === 0 ? '-' : a.deals.map((d) => truncate(d.name, 30)).join(', ')}`,
      );
    const gated =
      deals.find((d) => d.properties['sw_funnel_stage'] !== 'B' && d.properties['sw_funnel_stage'] !== 'W') ??
      deals[0];
    if (gated !== undefined) {
      const answer = await st.sandbox.workflows.run({
        actionUrl: `${st.baseUrl}/api/v1/actions/stage-gate`,
        portalId: DEMO_PORTAL_ID,
        dealId: gated.id,
        inputFields: { required_stage: 'B' },
      });
      const fields = (answer.body as { outputFields?: Record<string, string> }).outputFields ?? {};
      out();
      out(color(1, 'Workflow action "Stepwise: check stage gate" (required B) · 阶段把关'));
      out(
        `  ${truncate(gated.properties['dealname'] ?? gated.id, 40)}: HTTP ${answer.status}, passes=${fields['passes'] ?? '?'}, funnel stage=${fields['funnel_stage'] ?? '?'}`,
      );
      for (const line of (fields['missing'] ?? '')
        .split('\n')
        .filter((l) => l !== '')
        .slice(0, 6))
        out(`    ${truncate(line, 100)}`);
      if (answer.status !== 200) process.exitCode = 1;
    }
    out(dim(`Done in ${((performance.now() - started) / 1000).toFixed(1)} s.`));
    if (report.mismatches.length > 0) {
      out(color(31, `${report.mismatches.length} mismatching outputs:`));
      for (const m of report.mismatches.slice(0, 10))
        out(`  deal ${m.dealId} ${m.property}: written ${m.written ?? 'null'}, expected ${m.expected}`);
      process.exitCode = 1;
    }
  } finally {
    const t0 = performance.now();
    await stack?.stop();
    if (process.env['DEMO_DEBUG'])
      process.stderr.write(`stack stop ${(performance.now() - t0).toFixed(0)} ms\n`);
    await redis?.stop();
    if (process.env['DEMO_DEBUG'])
      process.stderr.write(`redis stop ${(performance.now() - t0).toFixed(0)} ms\n`);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`\ndemo failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
