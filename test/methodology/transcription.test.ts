import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { followup } from '../../src/methodology/playbooks/followup';
import { ppvvc } from '../../src/methodology/playbooks/ppvvc';
import { sevenStep } from '../../src/methodology/playbooks/seven-step';
import { sixWTwoP } from '../../src/methodology/playbooks/six-w-two-p';
import { tenStep } from '../../src/methodology/playbooks/ten-step';
import { playbookSchema, type ChecklistItem, type Playbook } from '../../src/methodology/schema';
import { RULE_SETS } from '../../src/methodology/rule-sets';
import type { Criterion, SeedRef } from '../../src/methodology/criteria';
import { ALERT_SOURCES } from '../../src/methodology/alerts';
import { buyingPhaseOf } from '../../src/methodology/buying-phase';

/**
 * The playbooks are transcriptions of shared/seeds: these tests pin the contract ids (DESIGN §2)
 * and prove, against the seed files themselves, that the Chinese text is the seeds' own.
 */

const PLAYBOOKS: readonly Playbook[] = [sevenStep, sixWTwoP, followup, ppvvc, tenStep];

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const seedsDir = path.resolve(repoRoot, '..', 'shared', 'seeds');
const SEED_FILES = {
  s000: '000_9fc3feababb7930c.txt',
  s001: '001_286e2b6c19b7b667.txt',
  s002: '002_958c185825c1fb55.txt',
  s003: '003_4f80fe95266cfc5f.txt',
  s004: '004_0f3f79d074ab19de.txt',
} as const;
type SeedKey = keyof typeof SEED_FILES;
const seedsPresent = Object.values(SEED_FILES).every((f) => existsSync(path.join(seedsDir, f)));

const squash = (s: string): string => s.replace(/\s+/g, '');

/**
 * The only repairs made to seed text, applied after whitespace removal, before comparing.
 * Everything else must match the seed character for character, whitespace aside.
 */
const SEED_REPAIRS: Record<SeedKey, ReadonlyArray<readonly [RegExp | string, string]>> = {
  // 5.1 hint 5 "并成为好朋 6、": the 友 of 好朋友 was lost at the line break.
  s000: [
    ['并成为好朋6、', '并成为好朋友6、'],
    // 5.2 hint 1: 打短话 is OCR for 打电话 (the hint says so).
    ['打短话', '打电话'],
  ],
  s001: [],
  s002: [
    // The Power heading: 权利 (rights) is a typo for 权力 (power).
    ['权利', '权力'],
  ],
  s003: [],
  s004: [
    // Pinyin annotations after characters: 銷(xiāo)售 → 銷售.
    [/\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)/g, ''],
    // Mojibake in step 3: 調查??蛻糁嘘P鍵人物 → 調查。客戶中關鍵人物.
    ['??蛻糁嘘P', '。客戶中關'],
  ],
};

const seedCache = new Map<SeedKey, string>();
function seed(key: SeedKey): string {
  let text = seedCache.get(key);
  if (text === undefined) {
    text = squash(readFileSync(path.join(seedsDir, SEED_FILES[key]), 'utf8'));
    for (const [from, to] of SEED_REPAIRS[key]) text = text.replaceAll(from, to);
    seedCache.set(key, text);
  }
  return text;
}

const NUMBERING = /^(\d+)、/;
const EN_NUMBERING = /^(\d+)\. /;
/** Editorial note: a whole line, or a trailing remark, in full-width parentheses (seeds use ASCII ones). */
const NOTE_LINE = /^\uff08[^\uff08\uff09]*\uff09$/;
const TRAILING_NOTE = /\uff08[^\uff08\uff09]*\uff09$/;
/** Prefixes marking a quoted seed sentence (原文) or a suggested question from the seed (可问). */
const QUOTE_PREFIX = /^(原文|可问):/;
const CJK = /[\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]/;

interface QuoteLine {
  line: string;
  /** The seed text the line quotes (whitespace removed), or null for an editorial note line. */
  quote: string | null;
  editorial: boolean;
}

function quoteOf(line: string): QuoteLine {
  if (NOTE_LINE.test(line)) return { line, quote: null, editorial: true };
  let rest = line.replace(NUMBERING, '');
  const prefixed = QUOTE_PREFIX.test(rest);
  rest = rest.replace(QUOTE_PREFIX, '');
  const noted = TRAILING_NOTE.test(rest);
  rest = rest.replace(TRAILING_NOTE, '');
  return { line, quote: squash(rest), editorial: prefixed || noted };
}

const hintLines = (item: ChecklistItem): QuoteLine[] => item.hint.zh.split('\n').map(quoteOf);
const inAnySeed = (text: string, seeds: readonly SeedKey[]): boolean =>
  seeds.some((k) => seed(k).includes(text));
const allItems = (pb: Playbook): ChecklistItem[] => pb.steps.flatMap((s) => s.items);
const stepOf = (pb: Playbook, id: string) => {
  const step = pb.steps.find((s) => s.id === id);
  if (step === undefined) throw new Error(`no step ${id} in ${pb.id}`);
  return step;
};

// ---------------------------------------------------------------------------------------------
// seven_step: DESIGN §2's table (ids are contract)
// ---------------------------------------------------------------------------------------------

/** [step id, seed step label, [item id, ★]...] in seed order. */
const SEVEN_STEP_TABLE: ReadonlyArray<readonly [string, string, ReadonlyArray<readonly [string, boolean]>]> =
  [
    [
      'need',
      '需求挖掘',
      [
        ['problems_known', true],
        ['deadline_known', false],
        ['opportunity_confirmed', true],
        ['competitive_edge', false],
        ['need_source_known', false],
        ['solution_known', false],
        ['environment_known', false],
      ],
    ],
    [
      'funding',
      '项目资金与到位',
      [
        ['exec_approved', false],
        ['budget_ready', true],
        ['project_established', true],
        ['budget_breakdown_known', false],
      ],
    ],
    [
      'tech',
      '技术认可',
      [
        ['acceptance_criteria_met', false],
        ['differentiation_acknowledged', true],
        ['test_preferred', false],
        ['company_endorsed', true],
        ['chain_endorses_tech', false],
        ['main_competitor_known', false],
        ['competitor_supporters_known', false],
        ['technical_barrier_set', true],
        ['no_open_concerns', false],
      ],
    ],
    [
      'account',
      '客户及渠道分析',
      [
        ['decision_chain_mapped', true],
        ['coach_in_place', true],
        ['procurement_known', true],
        ['channel_known', true],
        ['competition_known', true],
      ],
    ],
    [
      'chain',
      '客户及渠道决策链公关及商务谈判',
      [
        ['relationship_criteria_met', false],
        ['coach_informs', true],
        ['model_endorsed', false],
        ['chain_not_leaning_away', false],
        ['key_person_assists', true],
        ['channel_confirmed', false],
        ['top_decider_engaged', false],
        ['commercial_terms_accepted', false],
      ],
    ],
    [
      'tender',
      '引导招投标工作',
      [
        ['bid_specs_aligned', false],
        ['shortlisted', false],
      ],
    ],
    ['award', '中标及签约', [['contract_flow_known', false]]],
  ];

/**
 * seven_step items that are intentionally not a literal transcription of seed 000, and why.
 * `label: 'rephrased'` skips the literal label check; `hintSeeds` lets the hint carry editorial
 * notes and quote other seeds.
 */
const SEVEN_STEP_NOT_LITERAL: Record<
  string,
  { reason: string; label: 'literal' | 'rephrased'; hintSeeds: readonly SeedKey[] }
> = {
  problems_known: {
    reason: 'seed gives no hint for 1.1: the hint quotes check 1.6 and seed 001',
    label: 'literal',
    hintSeeds: ['s000', 's001'],
  },
  channel_known: {
    reason: 'seed gives no hint for 4.4: the hint quotes other checks of seed 000',
    label: 'literal',
    hintSeeds: ['s000'],
  },
  no_open_concerns: {
    reason: 'question about a problem (3.9) stored as the positive fact; hint keeps the question',
    label: 'rephrased',
    hintSeeds: ['s000'],
  },
  chain_not_leaning_away: {
    reason: 'question about a problem (5.4) stored as the positive fact; hint keeps the question',
    label: 'rephrased',
    hintSeeds: ['s000'],
  },
  bid_specs_aligned: {
    reason: 'step 6 has no checks in the seed: composed from the hints of 3.8 and 5.3',
    label: 'rephrased',
    hintSeeds: ['s000'],
  },
  shortlisted: {
    reason: 'step 6 has no checks in the seed: composed from seed 003 progress criteria',
    label: 'rephrased',
    hintSeeds: ['s003'],
  },
};

describe('every playbook', () => {
  it.each(PLAYBOOKS.map((pb) => [pb.id, pb] as const))('%s parses with playbookSchema', (_id, pb) => {
    const parsed = playbookSchema.safeParse(pb);
    expect(parsed.success, parsed.success ? '' : JSON.stringify(parsed.error.issues, null, 2)).toBe(true);
  });

  it('has the registry ids, kinds and step properties sw_<playbook>_<step>', () => {
    expect(PLAYBOOKS.map((pb) => [pb.id, pb.kind])).toEqual([
      ['seven_step', 'process'],
      ['six_w_two_p', 'qualification'],
      ['followup', 'qualification'],
      ['ppvvc', 'questions'],
      ['ten_step', 'process'],
    ]);
    for (const pb of PLAYBOOKS) {
      for (const step of pb.steps) expect(step.property).toBe(`sw_${pb.id}_${step.id}`);
    }
  });

  const texts = PLAYBOOKS.flatMap((pb) => [
    { where: `${pb.id} label`, text: pb.label, isLabel: true },
    { where: `${pb.id} description`, text: pb.description, isLabel: false },
    ...pb.steps.flatMap((step) => [
      { where: `${pb.id}.${step.id} label`, text: step.label, isLabel: true },
      ...(step.description === undefined
        ? []
        : [{ where: `${pb.id}.${step.id} description`, text: step.description, isLabel: false }]),
      ...step.items.flatMap((item) => [
        { where: `${pb.id}.${step.id}.${item.id} label`, text: item.label, isLabel: true },
        { where: `${pb.id}.${step.id}.${item.id} hint`, text: item.hint, isLabel: false },
      ]),
    ]),
  ]);

  it('gives every label, description and hint a non-empty zh and en, with no CJK in en', () => {
    for (const { where, text } of texts) {
      expect(text.zh.trim(), where).not.toBe('');
      expect(text.en.trim(), where).not.toBe('');
      expect(text.en, `${where} en contains CJK`).not.toMatch(CJK);
      expect(text.zh, `${where} zh has no Chinese`).toMatch(CJK);
    }
  });

  it('never uses the English text as the Chinese label', () => {
    for (const { where, text, isLabel } of texts) if (isLabel) expect(text.zh, where).not.toBe(text.en);
  });

  it('every step description exists', () => {
    for (const pb of PLAYBOOKS) for (const step of pb.steps) expect(step.description, step.id).toBeDefined();
  });

  it('translates hints line by line: same line count, numbered lines 1..n matching 1. ..n.', () => {
    for (const pb of PLAYBOOKS) {
      for (const item of allItems(pb)) {
        const where = `${pb.id}.${item.id}`;
        const zh = item.hint.zh.split('\n');
        const en = item.hint.en.split('\n');
        expect(en.length, `${where}: en hint lines`).toBe(zh.length);
        const numbers: number[] = [];
        zh.forEach((line, i) => {
          const n = NUMBERING.exec(line)?.[1];
          expect(EN_NUMBERING.exec(en[i] ?? '')?.[1], `${where} line ${i + 1}: ${line}`).toBe(n);
          if (n !== undefined) numbers.push(Number(n));
          expect(line.trim(), `${where} line ${i + 1} is blank`).not.toBe('');
        });
        expect(numbers, `${where}: numbering`).toEqual(numbers.map((_, i) => i + 1));
      }
    }
  });
});

describe('seven_step (seed 000, DESIGN §2)', () => {
  it('has exactly the contract step ids, item ids and ★ in seed order', () => {
    expect(
      sevenStep.steps.map((s) => [s.id, s.label.zh, s.items.map((i) => [i.id, i.key])] as const),
    ).toEqual(SEVEN_STEP_TABLE);
  });

  it('has 36 items, 14 of them ★, and 34 counted outside the optional step', () => {
    const items = allItems(sevenStep);
    expect(items).toHaveLength(36);
    expect(items.filter((i) => i.key)).toHaveLength(14);
    expect(sevenStep.steps.filter((s) => !s.optional).flatMap((s) => s.items)).toHaveLength(34);
  });

  it('makes tender, and only tender, optional; its description quotes the seed', () => {
    expect(sevenStep.steps.filter((s) => s.optional).map((s) => s.id)).toEqual(['tender']);
    expect(squash(stepOf(sevenStep, 'tender').description?.zh ?? '')).toContain(
      '企业招投标工作很少,可以不做重点',
    );
  });

  it('keeps the seed question as the first hint line of the positive rephrasings', () => {
    const first = (id: string) => allItems(sevenStep).find((i) => i.id === id)?.hint;
    expect(first('no_open_concerns')?.zh.split('\n')[0]).toBe('原文:是否还有什么技术上的顾虑?');
    expect(first('no_open_concerns')?.en).toMatch(/^Seed asks: /);
    expect(first('chain_not_leaning_away')?.zh.split('\n')[0]).toMatch(/^原文:决策链是否已对竞争对手有倾向?/);
    expect(first('chain_not_leaning_away')?.en).toMatch(/^Seed asks: /);
  });

  it('carries the full 8 / 7 sub-criteria of 3.1 and 5.1', () => {
    const count = (id: string) =>
      allItems(sevenStep)
        .find((i) => i.id === id)
        ?.hint.zh.split('\n')
        .filter((l) => NUMBERING.test(l)).length;
    expect(count('acceptance_criteria_met')).toBe(8);
    expect(count('relationship_criteria_met')).toBe(7);
  });

  it('keeps the allow-list of non-literal items to real items', () => {
    const ids = new Set(allItems(sevenStep).map((i) => i.id));
    for (const id of Object.keys(SEVEN_STEP_NOT_LITERAL)) expect(ids.has(id), id).toBe(true);
  });
});

describe('six_w_two_p and followup (ids are contract)', () => {
  it('six_w_two_p: one step qualify with the 6W+2P ids in order; no ★ (the seed marks none)', () => {
    expect(sixWTwoP.steps.map((s) => [s.id, s.property])).toEqual([['qualify', 'sw_six_w_two_p_qualify']]);
    expect(allItems(sixWTwoP).map((i) => [i.id, i.key])).toEqual([
      ['why_need', false],
      ['budget_plan', false],
      ['decision_maker', false],
      ['decision_process', false],
      ['decision_criteria', false],
      ['timeline', false],
      ['competitors', false],
      ['why_us', false],
    ]);
    expect(allItems(sixWTwoP).map((i) => i.label.zh.match(/\((W|P)\)$/)?.[1] ?? null)).toEqual([
      'W',
      'P',
      'W',
      'W',
      'W',
      'P',
      'W',
      null,
    ]);
  });

  it('followup: one step progress with the table ids in order, none key', () => {
    expect(followup.steps.map((s) => [s.id, s.property])).toEqual([['progress', 'sw_followup_progress']]);
    expect(allItems(followup).map((i) => i.id)).toEqual([
      'developer_known',
      'company_profiled',
      'demo_done',
      'insider_developed',
      'proposal_submitted',
      'quote_given',
      'visit_invited',
      'chain_exchanges',
      'chain_insider',
      'tender_shortlisted',
      'tender_second_round',
    ]);
    expect(allItems(followup).some((i) => i.key)).toBe(false);
  });
});

describe('ppvvc and ten_step (ids ours)', () => {
  it('ppvvc: steps in seed order, collaborate has 4–6 derived checks, no ★', () => {
    expect(ppvvc.steps.map((s) => s.id)).toEqual([
      'pain',
      'power',
      'vision',
      'value',
      'collaborate',
      'compelling',
    ]);
    const collaborate = stepOf(ppvvc, 'collaborate').items.length;
    expect(collaborate).toBeGreaterThanOrEqual(4);
    expect(collaborate).toBeLessThanOrEqual(6);
    expect(allItems(ppvvc).some((i) => i.key)).toBe(false);
  });

  it('ten_step: ten steps with 1–3 checks each and no ★ (the seed marks none)', () => {
    expect(tenStep.steps.map((s) => [s.id, s.items.map((i) => [i.id, i.key])])).toEqual([
      ['focus', [['focus_prospect', false]]],
      [
        'coach',
        [
          ['coach_found', false],
          ['needs_via_coach', false],
        ],
      ],
      [
        'research',
        [
          ['key_people_researched', false],
          ['decision_process_known', false],
          ['competitors_known', false],
        ],
      ],
      ['relationship', [['relationship_built', false]]],
      [
        'listen',
        [
          ['asked_and_listened', false],
          ['talk_less', false],
        ],
      ],
      [
        'solution',
        [
          ['solution_fits', false],
          ['objections_handled', false],
        ],
      ],
      [
        'inform',
        [
          ['references_shared', false],
          ['why_us_answered', false],
          ['benefits_explained', false],
        ],
      ],
      [
        'intent',
        [
          ['buying_intent_recognised', false],
          ['decision_process_respected', false],
        ],
      ],
      [
        'retain',
        [
          ['feedback_process', false],
          ['customer_as_coach', false],
        ],
      ],
      ['referral', [['referral_obtained', false]]],
    ]);
    expect(tenStep.steps.every((s) => !s.optional)).toBe(true);
    // Steps 9–10 come after the sale: ticked after close, not counted toward an open deal.
    expect(tenStep.steps.filter((s) => s.afterClose === true).map((s) => s.id)).toEqual([
      'retain',
      'referral',
    ]);
  });

  it('ten_step: no pinyin annotations or mojibake left in the Chinese text', () => {
    const zh = JSON.stringify(tenStep);
    expect(zh).not.toMatch(/\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)/);
    expect(zh).not.toContain('??');
    expect(zh).not.toMatch(/[蛻糁嘘]/);
  });
});

describe.skipIf(!seedsPresent)(
  'faithfulness to the seeds (needs ../shared/seeds next to the repo; CI has it)',
  () => {
    it('seven_step: literal labels and hint lines are seed 000 text (whitespace and OCR repairs aside)', () => {
      for (const step of sevenStep.steps) {
        expect(seed('s000'), `step label ${step.id}`).toContain(squash(step.label.zh));
        for (const item of step.items) {
          const exception = SEVEN_STEP_NOT_LITERAL[item.id];
          if (exception?.label !== 'rephrased') {
            expect(seed('s000'), `label of ${item.id}`).toContain(squash(item.label.zh));
          }
          for (const l of hintLines(item)) {
            if (exception === undefined) {
              expect(l.editorial, `${item.id}: editorial note in a literal hint: ${l.line}`).toBe(false);
            }
            if (l.quote === null) continue;
            expect(
              inAnySeed(l.quote, exception?.hintSeeds ?? ['s000']),
              `${item.id}: hint line not in the seed: ${l.line}`,
            ).toBe(true);
          }
        }
      }
    });

    it('six_w_two_p: labels (with their (W)/(P) markers) and hint quotes are seed 001 text', () => {
      for (const item of allItems(sixWTwoP)) {
        expect(seed('s001'), item.id).toContain(squash(item.label.zh));
        for (const l of hintLines(item)) {
          if (l.quote !== null) expect(seed('s001'), `${item.id}: ${l.line}`).toContain(l.quote);
        }
      }
    });

    it('followup: labels are cells of seed 003 §2.1.3 and quoted cells are in the table', () => {
      const table = seed('s003').slice(seed('s003').indexOf('客户进展阶段判断标准表'));
      for (const item of allItems(followup)) {
        expect(table, item.id).toContain(squash(item.label.zh));
        for (const [, cell] of item.hint.zh.matchAll(/“([^”]+)”/g)) {
          expect(table, `${item.id}: ${cell}`).toContain(squash(cell ?? ''));
        }
      }
    });

    it('ppvvc: question labels are exactly the seed 002 questions, in order', () => {
      const raw = readFileSync(path.join(seedsDir, SEED_FILES.s002), 'utf8');
      const [main = ''] = raw.split('学会问有用的问题');
      const questions = main
        .split('\n')
        .filter((l) => l.startsWith('- '))
        .map((l) => squash(l.slice(2)));
      const labels = ppvvc.steps
        .filter((s) => s.id !== 'collaborate') // the seed's Collaborate section has no questions
        .flatMap((s) => s.items.map((i) => squash(i.label.zh)));
      expect(labels).toEqual(questions);
    });

    it('ppvvc: every hint line quotes seed 002, and no question of 学会问有用的问题 is dropped', () => {
      const quotes = new Set<string>();
      for (const item of allItems(ppvvc)) {
        for (const l of hintLines(item)) {
          expect(l.quote, `${item.id}: ${l.line}`).not.toBeNull();
          expect(l.line, `${item.id}: ${l.line}`).toMatch(QUOTE_PREFIX);
          expect(seed('s002'), `${item.id}: ${l.line}`).toContain(l.quote);
          if (l.line.startsWith('可问:')) quotes.add(l.quote ?? '');
        }
      }
      const raw = readFileSync(path.join(seedsDir, SEED_FILES.s002), 'utf8');
      const closing = raw.slice(raw.indexOf('学会问有用的问题'));
      const asked = closing
        .split('\n')
        .filter((l) => l.startsWith('- ') && l.includes('?'))
        .map((l) => squash(l.slice(2)));
      expect(asked.length).toBeGreaterThan(0);
      for (const q of asked) expect(quotes.has(q), `question not attached to any hint: ${q}`).toBe(true);
    });

    it('rules: every seed passage a rule, measure, alert or phase cites is in its seed', () => {
      const refs: SeedRef[] = [];
      const walk = (c: Criterion): void => {
        if (c.source !== undefined) refs.push(c.source);
        if ('of' in c) c.of.forEach(walk);
      };
      for (const rs of Object.values(RULE_SETS)) {
        for (const ladder of rs.ladders) {
          ladder.overrides.forEach((o) => walk(o.when));
          ladder.guidance?.requires.forEach(walk);
          for (const m of Object.values(ladder.measures ?? {})) if (m !== undefined) refs.push(m.source);
          for (const level of ladder.levels) {
            level.requires.forEach(walk);
            Object.values(level.byPurchaseType ?? {})
              .flat()
              .forEach(walk);
          }
        }
      }
      refs.push(buyingPhaseOf('P').source, ...Object.values(ALERT_SOURCES));
      expect(refs.length).toBeGreaterThan(60);
      for (const r of refs) {
        expect(seed(`s${r.seed}` as SeedKey), `${r.where}: ${r.quote}`).toContain(squash(r.quote));
      }
    });

    it('ten_step: each step and item quote is seed 004 text (pinyin removed, mojibake repaired); shown in simplified Chinese', () => {
      // A few characters that exist only in traditional Chinese: none may be shown.
      const traditional = /[銷戶與關說過們會這對調並為從麼後現動傳應產]/;
      tenStep.steps.forEach((step, i) => {
        expect(seed('s004'), `quote of ${step.id}`).toContain(squash(step.quote ?? ''));
        expect(step.quote, step.id).toMatch(new RegExp(`^第${'一二三四五六七八九十'[i]}步:`));
        expect(step.description?.zh, step.id).toMatch(new RegExp(`^第${'一二三四五六七八九十'[i]}步:`));
        expect(`${step.label.zh}${step.description?.zh ?? ''}`, step.id).not.toMatch(traditional);
        for (const item of step.items) {
          expect(`${item.label.zh}${item.hint.zh}`, item.id).not.toMatch(traditional);
          const quoted = hintLines(item);
          expect(
            quoted.every((l) => /^原文:/.test(l.line)),
            item.id,
          ).toBe(true);
          const originals = (item.quote ?? '').split('\n').filter((l) => l !== '');
          // Every 原文 line shows one line of the original, in the same order.
          expect(originals.length, item.id).toBe(quoted.length);
          for (const o of originals) expect(seed('s004'), `${item.id}: ${o}`).toContain(squash(o));
        }
      });
    });
  },
);
