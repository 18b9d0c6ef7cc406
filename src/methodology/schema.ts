import { z } from 'zod';

/** Text in both product languages. Chinese as the seeds write it; English translation. */
export const localizedTextSchema = z.object({
  zh: z.string().min(1),
  en: z.string().min(1),
});
export type LocalizedText = z.infer<typeof localizedTextSchema>;

export const LANGUAGES = ['zh', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

const snakeId = z.string().regex(/^[a-z][a-z0-9_]*$/, 'ids are snake_case ASCII');

/** One check of a playbook step (one option of the step's checkbox property). */
export const checklistItemSchema = z.object({
  id: snakeId.max(60),
  label: localizedTextSchema,
  /** "How to judge" (结果行为判断提示): numbered hints, newline-separated, as in the seed. */
  hint: localizedTextSchema,
  /** ★ key check: only where the seed marks ★ (DESIGN §2). */
  key: z.boolean(),
  /** What a rep does to tick it, when the label is a question or a state (next actions show it). */
  action: localizedTextSchema.optional(),
  /** The seed's own wording when the shown Chinese is converted (seed 004: traditional → simplified). */
  quote: z.string().min(1).optional(),
});
export type ChecklistItem = z.infer<typeof checklistItemSchema>;

export const playbookStepSchema = z.object({
  id: snakeId.max(40),
  label: localizedTextSchema,
  /** Optional steps are shown but not counted in progress. */
  optional: z.boolean(),
  /** Post-sale steps: ticked after close, never counted toward an open deal's progress. */
  afterClose: z.boolean().optional(),
  /** Why the step exists / what it is about, from the seed (short). */
  description: localizedTextSchema.optional(),
  /** The seed's own wording of the step when the shown Chinese is converted. */
  quote: z.string().min(1).optional(),
  /** HubSpot deal property holding the checked item ids (`sw_<playbook>_<step>`). */
  property: z.string().regex(/^sw_[a-z0-9_]+$/),
  /** At most 31 items: the engine keeps a step's checked items as a bitmask. */
  items: z.array(checklistItemSchema).min(1).max(31),
});
export type PlaybookStep = z.infer<typeof playbookStepSchema>;

export const PLAYBOOK_KINDS = ['process', 'qualification', 'questions'] as const;

export const playbookSchema = z
  .object({
    id: snakeId.max(30),
    label: localizedTextSchema,
    description: localizedTextSchema,
    /** Which seed file under shared/seeds it transcribes. */
    source: z.string().min(1),
    /** `process` playbooks can be a pipeline's main checklist (progress, current step). */
    kind: z.enum(PLAYBOOK_KINDS),
    steps: z.array(playbookStepSchema).min(1),
  })
  .superRefine((pb, ctx) => {
    const stepIds = new Set<string>();
    const itemIds = new Set<string>();
    pb.steps.forEach((step, si) => {
      if (stepIds.has(step.id)) {
        ctx.addIssue({ code: 'custom', path: ['steps', si, 'id'], message: `duplicate step id ${step.id}` });
      }
      stepIds.add(step.id);
      const expected = `sw_${pb.id}_${step.id}`;
      if (step.property !== expected) {
        ctx.addIssue({
          code: 'custom',
          path: ['steps', si, 'property'],
          message: `step property must be ${expected}, got ${step.property}`,
        });
      }
      step.items.forEach((item, ii) => {
        if (itemIds.has(item.id)) {
          ctx.addIssue({
            code: 'custom',
            path: ['steps', si, 'items', ii, 'id'],
            message: `duplicate item id ${item.id} in playbook ${pb.id}`,
          });
        }
        itemIds.add(item.id);
      });
    });
  });
export type Playbook = z.infer<typeof playbookSchema>;

export type PlaybookId = 'seven_step' | 'six_w_two_p' | 'followup' | 'ppvvc' | 'ten_step' | 'closing';
export const PLAYBOOK_IDS: readonly PlaybookId[] = [
  'seven_step',
  'six_w_two_p',
  'followup',
  'ppvvc',
  'ten_step',
  'closing',
];
export const PROCESS_PLAYBOOK_IDS = ['seven_step', 'ten_step'] as const;
export type ProcessPlaybookId = (typeof PROCESS_PLAYBOOK_IDS)[number];
