import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SETTINGS,
  FUNNEL_STAGES,
  LEAD_GRADES,
  LEAD_STAGES,
  PLAYBOOKS,
  RELATIONSHIP_LEVELS,
  SCORING_INPUTS,
  PREVIOUS_OUTPUTS_READ,
  isOutputProperty,
  buildPropertyDefinitions,
  evaluateDeal,
  type DealSnapshot,
} from '../../src/methodology';

/** Property-based runs; CI uses this count, scripts/fuzz-engine.ts runs 1,000,000. */
const RUNS = Number(process.env['ENGINE_FUZZ_RUNS'] ?? 2_000);

const stepOptions = Object.fromEntries(
  PLAYBOOKS.flatMap((pb) => pb.steps.map((s) => [s.property, s.items.map((i) => i.id)] as const)),
);
const deals = buildPropertyDefinitions('en').deals;
const contactDefs = buildPropertyDefinitions('en').contacts;

/** Plausible values (valid option lists) mixed with garbage of every kind. */
const garbage = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('', ' ', ';;;', 'NaN', 'Infinity', '-0', '1e309', '0x10', '__proto__', 'constructor'),
  fc.constant(null),
  fc.constant(undefined),
);

const valueFor = (name: string) => {
  const opts = stepOptions[name] ?? deals.find((d) => d.name === name)?.options.map((o) => o.value) ?? [];
  const valid = opts.length > 0 ? fc.subarray(opts).map((xs) => xs.join(';')) : fc.double().map(String);
  return fc.oneof(valid, garbage);
};

const dealProps = fc.record(
  Object.fromEntries(SCORING_INPUTS.deal.map((n) => [n, valueFor(n)])) as Record<
    string,
    fc.Arbitrary<string | null | undefined>
  >,
  { requiredKeys: [] },
);
const contactProps = fc.record(
  Object.fromEntries(
    contactDefs.map((d) => [d.name, fc.oneof(fc.constantFrom(...d.options.map((o) => o.value)), garbage)]),
  ) as Record<string, fc.Arbitrary<string | null | undefined>>,
  { requiredKeys: [] },
);
const snapshot = fc.record({
  id: fc.string(),
  properties: dealProps,
  contacts: fc.array(fc.record({ id: fc.string(), properties: contactProps }), { maxLength: 8 }),
  stage: fc.option(
    fc.record({ isClosed: fc.boolean(), probability: fc.oneof(fc.double(), fc.constantFrom(0, 1)) }),
  ),
});

function assertWithinEnumerations(outputs: Record<string, string>): void {
  expect(FUNNEL_STAGES).toContain(outputs['sw_funnel_stage']);
  expect(LEAD_STAGES).toContain(outputs['sw_lead_stage']);
  expect(LEAD_GRADES).toContain(outputs['sw_lead_grade']);
  for (const k of ['sw_company_relationship', 'sw_personal_relationship', 'sw_relationship_level']) {
    expect(RELATIONSHIP_LEVELS).toContain(outputs[k]);
  }
  for (const k of ['sw_checklist_progress', 'sw_key_items_progress']) {
    const n = Number(outputs[k]);
    expect(Number.isInteger(n) && n >= 0 && n <= 100).toBe(true);
  }
  const currentStep = deals.find((d) => d.name === 'sw_current_step')?.options.map((o) => o.value) ?? [];
  expect(currentStep).toContain(outputs['sw_current_step']);
}

describe('engine totality (property-based)', () => {
  it(`never throws and keeps every output within its enumeration (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(snapshot, (snap) => {
        const ev = evaluateDeal(snap, DEFAULT_SETTINGS);
        assertWithinEnumerations(ev.outputs);
        // Same input, same output: pure.
        expect(evaluateDeal(snap, DEFAULT_SETTINGS).outputs).toEqual(ev.outputs);
      }),
      { numRuns: RUNS },
    );
  });

  it('survives inputs that are not snapshots at all', () => {
    const weird: unknown[] = [
      null,
      undefined,
      42,
      'deal',
      [],
      { properties: null, contacts: null },
      { properties: [], contacts: [null, 1, { properties: 'x' }] },
      {
        properties: { sw_six_w_two_p_qualify: 7, amount: {} },
        contacts: {},
        stage: { isClosed: 'yes', probability: '1' },
      },
      Object.create(null),
    ];
    for (const w of weird) {
      const ev = evaluateDeal(w as DealSnapshot, null as never);
      assertWithinEnumerations(ev.outputs);
    }
  });

  it(`only scoring inputs can change an output (${RUNS} runs): the webhook subscriptions are complete`, () => {
    const other = fc.constantFrom(
      'dealname',
      'closedate',
      'hs_lastmodifieddate',
      'sw_personality',
      'description',
      'hubspot_owner_id',
    );
    fc.assert(
      fc.property(snapshot, other, garbage, (snap, name, value) => {
        const base = evaluateDeal(snap).outputs;
        const changed = evaluateDeal({ ...snap, properties: { ...snap.properties, [name]: value } }).outputs;
        expect(changed).toEqual(base);
        const contacts = snap.contacts.map((c) => ({
          ...c,
          properties: { ...c.properties, sw_personality: 'stubborn', [name]: value },
        }));
        expect(evaluateDeal({ ...snap, contacts }).outputs).toEqual(base);
      }),
      { numRuns: Math.max(200, Math.floor(RUNS / 4)) },
    );
  });
});

describe('inputs', () => {
  it('every deal and contact property the engine reads is a scoring input (so it is subscribed)', () => {
    const read = { deal: new Set<string>(), contact: new Set<string>() };
    const spy = (target: Record<string, string>, into: Set<string>) =>
      new Proxy(target, {
        get: (t, k) => {
          if (typeof k === 'string') into.add(k);
          return Reflect.get(t, k);
        },
        getOwnPropertyDescriptor: (t, k) => {
          if (typeof k === 'string') into.add(k);
          return Reflect.getOwnPropertyDescriptor(t, k);
        },
        has: (t, k) => {
          if (typeof k === 'string') into.add(k);
          return Reflect.has(t, k);
        },
      });
    const fullDeal = Object.fromEntries(SCORING_INPUTS.deal.map((n) => [n, 'x']));
    // With and without a home-currency amount (the engine then falls back to `amount`).
    for (const home of ['x', '']) {
      evaluateDeal({
        id: '1',
        properties: spy(
          { ...fullDeal, amount_in_home_currency: home, sw_purchase_type: 'strategic' },
          read.deal,
        ),
        contacts: [
          {
            id: 'c',
            properties: spy(
              { sw_decision_role: 'user', sw_stance: 'coach', sw_contact_depth: 'deep', firstname: 'a' },
              read.contact,
            ),
          },
        ],
      });
    }
    // Besides inputs, the engine reads back only its own time-dependent outputs (kept without asOf).
    expect(
      [...read.deal].filter((k) => !SCORING_INPUTS.deal.includes(k) && !PREVIOUS_OUTPUTS_READ.includes(k)),
    ).toEqual([]);
    expect(PREVIOUS_OUTPUTS_READ.every(isOutputProperty)).toBe(true);
    expect([...read.contact].filter((k) => !SCORING_INPUTS.contact.includes(k))).toEqual([]);
    // And the engine does read the inputs it claims (no dead subscriptions among ours).
    expect([...SCORING_INPUTS.deal].filter((k) => !read.deal.has(k) && k !== 'dealstage')).toEqual([]);
  });
});
