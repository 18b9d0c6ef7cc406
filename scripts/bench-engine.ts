/**
 * Engine benchmark: evaluates 100,000 synthetic deals with 5 contacts each on one core. Each deal
 * has a random half of the seven-step, 6W+2P and follow-up items checked (and of PPVVC for half of
 * the deals), a random amount, purchase type and traits, and 5 contacts with random roles, stances
 * and depths; 10 % are closed.
 *   npm run bench:engine            human-readable
 *   npm run bench:engine -- --json  one JSON object as the last line
 */
import { performance } from 'node:perf_hooks';
import { DEFAULT_SETTINGS, PLAYBOOKS, evaluateDeal, type DealSnapshot } from '../src/methodology';

const DEALS = Number(process.argv.find((a) => a.startsWith('--deals='))?.slice(8) ?? 100_000);
const ROUNDS = 5;
const json = process.argv.includes('--json');

/** Deterministic PRNG (mulberry32) so every run grades the same deals. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function syntheticDeals(n: number, seed = 42): DealSnapshot[] {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const roles = ['decision_maker', 'influencer', 'gatekeeper', 'purchaser', 'user'];
  const stances = ['coach', 'supporter', 'neutral', 'non_supporter', 'enemy'];
  const depths = ['none', 'general', 'frequent', 'deep'];
  const out: DealSnapshot[] = [];
  for (let i = 0; i < n; i++) {
    const properties: Record<string, string> = {
      amount: String(Math.floor(r() * 5_000_000)),
      sw_purchase_type: pick(['single', 'group', 'strategic', '']),
      sw_account_traits: ['group_influence', 'growth_potential', 'repeat_purchase']
        .filter(() => r() < 0.4)
        .join(';'),
      pipeline: 'default',
    };
    // Like a real portal: deals of a seven-step pipeline use its checklist, 6W+2P and follow-up;
    // half of them also answer PPVVC questions; the ten-step checklist belongs to other pipelines.
    const usePpvvc = r() < 0.5;
    for (const pb of PLAYBOOKS) {
      if (pb.id === 'ten_step' || (pb.id === 'ppvvc' && !usePpvvc)) continue;
      for (const step of pb.steps) {
        properties[step.property] = step.items
          .filter(() => r() < 0.5)
          .map((it) => it.id)
          .join(';');
      }
    }
    out.push({
      id: String(i),
      properties,
      contacts: Array.from({ length: 5 }, (_, c) => ({
        id: `${i}-${c}`,
        properties: {
          sw_decision_role: pick(roles),
          sw_stance: pick(stances),
          sw_contact_depth: pick(depths),
        },
      })),
      stage:
        r() < 0.1 ? { isClosed: true, probability: pick([0, 1]) } : { isClosed: false, probability: 0.4 },
    });
  }
  return out;
}

/** Median deals/s of `rounds` passes over `deals` (after a warm-up). */
export function measureEngine(
  deals: readonly DealSnapshot[],
  rounds = ROUNDS,
  onRound?: (rate: number) => void,
): number {
  let sink = 0;
  for (let i = 0; i < Math.min(10_000, deals.length); i++)
    sink += evaluateDeal(deals[i] as DealSnapshot, DEFAULT_SETTINGS).progress.checked;
  const rates: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const t0 = performance.now();
    for (const d of deals) sink += evaluateDeal(d, DEFAULT_SETTINGS).progress.checked;
    rates.push(Math.round(deals.length / ((performance.now() - t0) / 1000)));
    onRound?.(rates.at(-1) ?? 0);
  }
  if (sink < 0) throw new Error('unreachable');
  rates.sort((a, b) => a - b);
  return rates[Math.floor(rates.length / 2)] ?? 0;
}

function main(): void {
  const deals = syntheticDeals(DEALS);
  let round = 0;
  const median = measureEngine(deals, ROUNDS, (rate) => {
    round++;
    if (!json) process.stdout.write(`round ${round}/${ROUNDS}: ${rate.toLocaleString('en-US')} deals/s\n`);
  });
  const result = { deals: deals.length, contactsPerDeal: 5, rounds: ROUNDS, engineDealsPerSecond: median };
  if (json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else
    process.stdout.write(
      `engine: ${median.toLocaleString('en-US')} deals/s (median of ${ROUNDS} rounds over ${deals.length.toLocaleString('en-US')} deals × 5 contacts, one core)\n`,
    );
}

if (import.meta.url === `file://${process.argv[1]}`) main();
