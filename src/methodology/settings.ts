import { z } from 'zod';
import { LANGUAGES, PROCESS_PLAYBOOK_IDS } from './schema';
import { LEAD_GRADES } from './vocabulary';

const MIN_STAGES = ['none', 'P', 'I', 'B'] as const;
const pipelineKey = z.string().min(1).max(100);
const days = z.number().int().min(1).max(3650);
const visits = z.number().int().min(1).max(1000);
/** Portal pipeline id → HubSpot stage id → the least funnel stage a deal there should show. */
const stageMapSchema = z.record(pipelineKey, z.record(pipelineKey, z.enum(MIN_STAGES)));
/** Optional quote-strategy note per grade (seed 003 §2.4.3; the seed's text is cut off there). */
const gradeNotesSchema = z.partialRecord(z.enum(LEAD_GRADES), z.string().trim().max(1000));

/** Per-portal settings (stored in Redis by the backend, edited on the settings page). */
export const portalSettingsSchema = z
  .object({
    /** Process playbook used when a deal's pipeline has no entry below. */
    defaultProcessPlaybook: z.enum(PROCESS_PLAYBOOK_IDS),
    /** HubSpot pipeline id → process playbook. */
    processPlaybookByPipeline: z.record(z.string().min(1).max(100), z.enum(PROCESS_PLAYBOOK_IDS)),
    /** Lead grade thresholds (seed 003 §2.4.2), amounts in the portal's home currency. */
    gradeThresholds: z
      .object({
        strategicAmount: z.number().finite().nonnegative().max(1e15),
        importantAmount: z.number().finite().nonnegative().max(1e15),
        /** How many of the five strategic traits make a deal strategic. */
        strategicTraitsMin: z.number().int().min(1).max(5),
        /** How many of the three important traits make a deal important. */
        importantTraitsMin: z.number().int().min(1).max(3),
      })
      .refine((t) => t.strategicAmount >= t.importantAmount, {
        message: 'strategicAmount must be at least importantAmount',
        path: ['strategicAmount'],
      }),
    /** Language of HubSpot property labels and of `sw_next_actions`. */
    language: z.enum(LANGUAGES),
    gradeNotes: gradeNotesSchema,
    /** `stage_ahead` alert: the least funnel stage per HubSpot stage (empty: no check). */
    stageMap: stageMapSchema,
    /** `stalled` alert: days a deal may stay in a funnel stage. */
    stallDays: z.object({ P: days, I: days, B: days }).strict(),
    /** Seed 003 §2.3.1.3 and §2.4.1: visits before an insider is due and before escalating. */
    visitRules: z.object({ insiderAfter: visits, escalateAfter: visits }).strict(),
    /** Seed 003 §2.3.1.4: about 15 qualified leads per prospect, about 3 prospects per win. */
    funnelNorms: z
      .object({
        validPerProspect: z.number().finite().positive().max(1000),
        prospectsPerWin: z.number().finite().positive().max(1000),
      })
      .strict(),
  })
  .strict();

export type PortalSettings = z.infer<typeof portalSettingsSchema>;

export const DEFAULT_SETTINGS: PortalSettings = Object.freeze({
  defaultProcessPlaybook: 'seven_step',
  processPlaybookByPipeline: Object.freeze({}) as Record<string, 'seven_step' | 'ten_step'>,
  gradeThresholds: Object.freeze({
    strategicAmount: 3_000_000,
    importantAmount: 1_000_000,
    strategicTraitsMin: 3,
    importantTraitsMin: 2,
  }),
  language: 'zh',
  gradeNotes: Object.freeze({}),
  stageMap: Object.freeze({}),
  stallDays: Object.freeze({ P: 30, I: 45, B: 30 }),
  visitRules: Object.freeze({ insiderAfter: 3, escalateAfter: 6 }),
  funnelNorms: Object.freeze({ validPerProspect: 15, prospectsPerWin: 3 }),
}) as PortalSettings;

/** Partial input accepted from the settings page / stored JSON; merged over the defaults. */
export const portalSettingsPatchSchema = z
  .object({
    defaultProcessPlaybook: z.enum(PROCESS_PLAYBOOK_IDS).optional(),
    processPlaybookByPipeline: z.record(z.string().min(1).max(100), z.enum(PROCESS_PLAYBOOK_IDS)).optional(),
    gradeThresholds: z
      .object({
        strategicAmount: z.number().finite().nonnegative().max(1e15).optional(),
        importantAmount: z.number().finite().nonnegative().max(1e15).optional(),
        strategicTraitsMin: z.number().int().min(1).max(5).optional(),
        importantTraitsMin: z.number().int().min(1).max(3).optional(),
      })
      .strict()
      .optional(),
    language: z.enum(LANGUAGES).optional(),
    gradeNotes: gradeNotesSchema.optional(),
    stageMap: stageMapSchema.optional(),
    stallDays: z.object({ P: days.optional(), I: days.optional(), B: days.optional() }).strict().optional(),
    visitRules: z
      .object({ insiderAfter: visits.optional(), escalateAfter: visits.optional() })
      .strict()
      .optional(),
    funnelNorms: z
      .object({
        validPerProspect: z.number().finite().positive().max(1000).optional(),
        prospectsPerWin: z.number().finite().positive().max(1000).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();
export type PortalSettingsPatch = z.infer<typeof portalSettingsPatchSchema>;

export type SettingsParseResult =
  { ok: true; settings: PortalSettings } | { ok: false; issues: { path: string; message: string }[] };

/** Validates a patch and merges it over `base` (default: DEFAULT_SETTINGS). Never throws. */
export function parsePortalSettings(
  input: unknown,
  base: PortalSettings = DEFAULT_SETTINGS,
): SettingsParseResult {
  const patch = portalSettingsPatchSchema.safeParse(input ?? {});
  if (!patch.success) {
    return {
      ok: false,
      issues: patch.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    };
  }
  const p = patch.data;
  const merged = {
    defaultProcessPlaybook: p.defaultProcessPlaybook ?? base.defaultProcessPlaybook,
    processPlaybookByPipeline: p.processPlaybookByPipeline ?? base.processPlaybookByPipeline,
    gradeThresholds: { ...base.gradeThresholds, ...stripUndefined(p.gradeThresholds ?? {}) },
    language: p.language ?? base.language,
    gradeNotes: { ...base.gradeNotes, ...stripUndefined(p.gradeNotes ?? {}) },
    stageMap: p.stageMap ?? base.stageMap,
    stallDays: { ...base.stallDays, ...stripUndefined(p.stallDays ?? {}) },
    visitRules: { ...base.visitRules, ...stripUndefined(p.visitRules ?? {}) },
    funnelNorms: { ...base.funnelNorms, ...stripUndefined(p.funnelNorms ?? {}) },
  };
  const full = portalSettingsSchema.safeParse(merged);
  if (!full.success) {
    return {
      ok: false,
      issues: full.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    };
  }
  return { ok: true, settings: full.data };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(o)) {
    if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  }
  return out;
}
