import fc from 'fast-check';
import {
  DEFAULT_SETTINGS,
  OUTPUT_PROPERTIES,
  PLAYBOOKS,
  PROCESS_PLAYBOOK_IDS,
  SCORING_INPUTS,
  buildPropertyDefinitions,
  evaluateDeal,
  parsePortalSettings,
  type DealEvaluation,
  type DealSnapshot,
  type PortalSettings,
} from '../../src/methodology';

/**
 * Cheap arbitraries for engine fuzzing at volume (100,000 cases in CI, 1,000,000 in
 * scripts/fuzz-engine.ts): every scoring input gets valid option lists, near-misses (case,
 * whitespace, duplicates, unknown ids, separators) and garbage; contacts and stages likewise;
 * settings are random VALID portal settings. The check is plain code (no expect) so a case costs
 * microseconds.
 */

const defs = buildPropertyDefinitions('en');
const stepOptions = new Map(
  PLAYBOOKS.flatMap((pb) => pb.steps.map((s) => [s.property, s.items.map((i) => i.id)] as const)),
);
const dealOptions = new Map(defs.deals.map((d) => [d.name, d.options.map((o) => o.value)] as const));
const contactOptions = new Map(defs.contacts.map((d) => [d.name, d.options.map((o) => o.value)] as const));

const GARBAGE = [
  '',
  ' ',
  ';',
  ';;;',
  'NaN',
  'Infinity',
  '-Infinity',
  '-0',
  '1e309',
  '-1e309',
  '0x10',
  '1,000,000',
  '¥3000000',
  '3e6',
  '  3000000  ',
  '-5',
  '9'.repeat(400),
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  '\u0000',
  '\ud800',
  '\u202e',
  '\u200b',
  'true',
  'null',
  'undefined',
  '[object Object]',
];

const garbage: fc.Arbitrary<string | null | undefined> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...GARBAGE) },
  { weight: 2, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.constantFrom(null, undefined) },
);

const SEPARATORS = [';', ' ; ', ';;', ';unknown_item;', ' ', ','];

/**
 * Option ids as HubSpot stores them (any subset, from a bit mask: cheap and complete), plus
 * near-misses a hand-edited or imported value can have (odd separators, duplicates, upper case).
 */
function optionValue(options: readonly string[]): fc.Arbitrary<string | null | undefined> {
  if (options.length === 0) return garbage;
  const ids = [...options];
  const n = Math.min(ids.length, 30);
  const pick = (mask: number): string[] => ids.filter((_, i) => i < n && ((mask >>> i) & 1) === 1);
  const subset = fc.integer({ min: 0, max: 2 ** n - 1 }).map((mask) => pick(mask).join(';'));
  const noisy = fc
    .tuple(fc.integer({ min: 1, max: 2 ** n - 1 }), fc.integer({ min: 0, max: SEPARATORS.length * 2 - 1 }))
    .map(([mask, k]) => {
      const xs = pick(mask);
      const joined = [...xs, xs[0] ?? ''].join(SEPARATORS[k % SEPARATORS.length]);
      return k >= SEPARATORS.length ? joined.toUpperCase() : joined;
    });
  return fc.oneof(
    { weight: 5, arbitrary: subset },
    { weight: 2, arbitrary: noisy },
    { weight: 1, arbitrary: garbage },
  );
}

const amount = fc.oneof(
  fc.integer({ min: 0, max: 10_000_000 }).map(String),
  fc.double({ noNaN: false }).map(String),
  garbage,
);

function dealValue(name: string): fc.Arbitrary<string | null | undefined> {
  if (name === 'amount' || name === 'amount_in_home_currency') return amount;
  return optionValue(stepOptions.get(name) ?? dealOptions.get(name) ?? []);
}

/** Times as HubSpot or a caller may give them: ISO, epoch ms, and garbage. */
const time = fc.oneof(
  fc.integer({ min: 0, max: 253_402_300_799_999 }).map((ms) => new Date(ms).toISOString()),
  fc.integer({ min: -1, max: 1e13 }).map(String),
  fc.constantFrom('2026-02-30T00:00:00Z', '2026-12-01T20:00:00+08:00', '2026-12-01', 'yesterday'),
  garbage,
);

// Every key present (a value of `undefined` stands for an absent property): cheaper to generate.
// The time-dependent outputs are read back as their previous values, so they are fuzzed too.
const dealProperties = fc.record({
  ...(Object.fromEntries(SCORING_INPUTS.deal.map((n) => [n, dealValue(n)])) as Record<
    string,
    fc.Arbitrary<string | null | undefined>
  >),
  sw_funnel_stage: optionValue(dealOptions.get('sw_funnel_stage') ?? []),
  sw_alerts: optionValue(dealOptions.get('sw_alerts') ?? []),
  sw_funnel_stage_since: time,
});

const contactProperties = fc.record(
  Object.fromEntries(
    SCORING_INPUTS.contact.map((n) => [n, optionValue(contactOptions.get(n) ?? [])]),
  ) as Record<string, fc.Arbitrary<string | null | undefined>>,
);

export const snapshotArb: fc.Arbitrary<DealSnapshot> = fc.record({
  id: fc.oneof(fc.integer({ min: 1, max: 1e9 }).map(String), fc.string({ maxLength: 8 })),
  properties: dealProperties,
  contacts: fc.array(
    fc.record({ id: fc.integer({ min: 1, max: 1e6 }).map(String), properties: contactProperties }),
    {
      maxLength: 6,
    },
  ),
  stage: fc.option(
    fc.record({
      isClosed: fc.boolean(),
      probability: fc.oneof(
        fc.constantFrom(0, 1, 0.5, -1, 2, Number.NaN, Number.POSITIVE_INFINITY),
        fc.double(),
      ),
    }),
    { nil: null },
  ),
  asOf: fc.option(time, { nil: undefined }),
  activity: fc.option(
    fc.oneof(
      fc.record({ completedVisits: fc.integer({ min: 0, max: 12 }) }),
      fc.record({ completedVisits: fc.constantFrom(-1, 1.5, Number.NaN, 1e300) }),
    ),
    { nil: undefined },
  ),
}) as fc.Arbitrary<DealSnapshot>;

/** Random VALID settings (what SettingsStore can hold): pipelines, playbooks, thresholds, language. */
const settingsPatchArb = fc.record(
  {
    defaultProcessPlaybook: fc.constantFrom(...PROCESS_PLAYBOOK_IDS),
    processPlaybookByPipeline: fc.dictionary(
      fc.constantFrom('default', '777', 'x', '__proto__'),
      fc.constantFrom(...PROCESS_PLAYBOOK_IDS),
      {
        maxKeys: 3,
      },
    ),
    gradeThresholds: fc.record(
      {
        strategicAmount: fc.constantFrom(0, 1, 1_000_000, 3_000_000, 1e15),
        importantAmount: fc.constantFrom(0, 1, 1_000_000),
        strategicTraitsMin: fc.integer({ min: 1, max: 5 }),
        importantTraitsMin: fc.integer({ min: 1, max: 3 }),
      },
      { requiredKeys: [] },
    ),
    language: fc.constantFrom('zh', 'en'),
    gradeNotes: fc.record({ strategic: fc.string({ maxLength: 20 }) }, { requiredKeys: [] }),
    stageMap: fc.dictionary(
      fc.constantFrom('default', '777', '__proto__'),
      fc.dictionary(
        fc.constantFrom('s1', 'contract', 'constructor'),
        fc.constantFrom('none', 'P', 'I', 'B'),
        {
          maxKeys: 2,
        },
      ),
      { maxKeys: 2 },
    ),
    stallDays: fc.record(
      { P: fc.integer({ min: 1, max: 60 }), B: fc.constantFrom(1, 3650) },
      { requiredKeys: [] },
    ),
    visitRules: fc.record(
      { insiderAfter: fc.integer({ min: 1, max: 5 }), escalateAfter: fc.integer({ min: 1, max: 10 }) },
      { requiredKeys: [] },
    ),
  },
  { requiredKeys: [] },
);

/**
 * A fixed pool of 64 valid settings objects: a portal's settings object is reused across its
 * deals, and the engine compiles its rules once per settings object (WeakMap), so a fresh object
 * per case would measure compilation, not evaluation.
 */
export const SETTINGS_POOL: readonly PortalSettings[] = fc
  .sample(settingsPatchArb, { numRuns: 64, seed: 7 })
  .map((patch) => {
    const parsed = parsePortalSettings(patch);
    return parsed.ok ? parsed.settings : DEFAULT_SETTINGS;
  });

export const settingsArb: fc.Arbitrary<PortalSettings> = fc
  .integer({ min: 0, max: SETTINGS_POOL.length - 1 })
  .map((i) => SETTINGS_POOL[i] ?? DEFAULT_SETTINGS);

const enumValues = new Map(
  defs.deals
    .filter((d) => OUTPUT_PROPERTIES.includes(d.name) && d.type === 'enumeration')
    .map((d) => [d.name, new Set(d.options.map((o) => o.value))] as const),
);
const numberOutputs = defs.deals
  .filter((d) => OUTPUT_PROPERTIES.includes(d.name) && d.type === 'number')
  .map((d) => d.name);
const checkboxOutputs = new Set(
  defs.deals
    .filter((d) => OUTPUT_PROPERTIES.includes(d.name) && d.fieldType === 'checkbox')
    .map((d) => d.name),
);
const dateOutputs = new Set(
  defs.deals.filter((d) => OUTPUT_PROPERTIES.includes(d.name) && d.type === 'datetime').map((d) => d.name),
);
const EXPECTED_KEYS = [...OUTPUT_PROPERTIES].sort().join(',');
/** HubSpot's limit on a string property value. */
const HUBSPOT_STRING_MAX = 65_536;

/** null when the evaluation is sound; else what is wrong (outputs must be writable to HubSpot as-is). */
export function problemOf(ev: DealEvaluation): string | null {
  const outputs = ev.outputs as Record<string, unknown>;
  const keys = Object.keys(outputs).sort().join(',');
  if (keys !== EXPECTED_KEYS) return `output keys ${keys} ≠ ${EXPECTED_KEYS}`;
  for (const [name, value] of Object.entries(outputs)) {
    if (typeof value !== 'string') return `${name} is ${typeof value}`;
    if (value.length > HUBSPOT_STRING_MAX) return `${name} is ${value.length} characters`;
    if (/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(value))
      return `${name} has a lone surrogate`;
    const allowed = enumValues.get(name);
    const values = checkboxOutputs.has(name) ? value.split(';').filter((v) => v !== '') : [value];
    if (allowed !== undefined && !values.every((v) => allowed.has(v)))
      return `${name}=${JSON.stringify(value)} is not an option`;
    if (dateOutputs.has(name) && value !== '' && !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(value))
      return `${name}=${JSON.stringify(value)} is not an ISO time`;
  }
  for (const name of numberOutputs) {
    const n = Number(outputs[name]);
    if (!Number.isInteger(n) || n < 0 || n > 100 || String(n) !== outputs[name]) {
      return `${name}=${JSON.stringify(outputs[name])} is not an integer 0–100`;
    }
  }
  return null;
}

/** The fuzz property: evaluateDeal never throws and its outputs are always writable values. */
export const engineProperty = fc.property(
  snapshotArb,
  fc.option(settingsArb, { nil: undefined }),
  (snapshot, settings) => {
    let ev: DealEvaluation;
    try {
      ev = evaluateDeal(snapshot, settings);
    } catch (err) {
      throw new Error(`evaluateDeal threw: ${err instanceof Error ? err.message : String(err)}`);
    }
    const problem = problemOf(ev);
    if (problem !== null) throw new Error(problem);
  },
);
