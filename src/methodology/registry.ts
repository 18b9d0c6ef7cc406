import { z } from 'zod';
import { closing } from './playbooks/closing';
import { followup } from './playbooks/followup';
import { ppvvc } from './playbooks/ppvvc';
import { sevenStep } from './playbooks/seven-step';
import { sixWTwoP } from './playbooks/six-w-two-p';
import { tenStep } from './playbooks/ten-step';
import {
  PLAYBOOK_IDS,
  playbookSchema,
  type ChecklistItem,
  type Playbook,
  type PlaybookId,
  type PlaybookStep,
  type ProcessPlaybookId,
} from './schema';
import type { PortalSettings } from './settings';

const registrySchema = z.array(playbookSchema).superRefine((playbooks, ctx) => {
  const ids = playbooks.map((p) => p.id);
  if (ids.join() !== PLAYBOOK_IDS.join()) {
    ctx.addIssue({
      code: 'custom',
      message: `registry must hold ${PLAYBOOK_IDS.join(', ')} in order, got ${ids.join(', ')}`,
    });
  }
  const properties = new Set<string>();
  for (const pb of playbooks) {
    for (const step of pb.steps) {
      if (properties.has(step.property)) {
        ctx.addIssue({ code: 'custom', message: `duplicate step property ${step.property}` });
      }
      properties.add(step.property);
    }
  }
});

/** Every playbook, validated once when the module loads (a bad transcription fails fast). */
export const PLAYBOOKS: readonly Playbook[] = Object.freeze(
  registrySchema.parse([sevenStep, sixWTwoP, followup, ppvvc, tenStep, closing]),
);

export interface StepEntry {
  playbook: Playbook;
  step: PlaybookStep;
  /** Item id → item. */
  items: ReadonlyMap<string, ChecklistItem>;
  /** Item id → its bit in the step's checked mask (bit i = i-th item). */
  bits: ReadonlyMap<string, number>;
  /** Mask of the ★ items. */
  keyMask: number;
  /** Position in STEP_ENTRIES (index into Facts.checked). */
  index: number;
  /** Item ids grouped by length, for allocation-free matching of raw values. */
  idsByLength: ReadonlyMap<number, readonly { id: string; bit: number }[]>;
}

export interface ItemEntry {
  playbook: Playbook;
  step: PlaybookStep;
  item: ChecklistItem;
}

const byId = new Map<string, Playbook>();
const stepsByKey = new Map<string, StepEntry>();
const stepsByProperty = new Map<string, StepEntry>();
const itemsByRef = new Map<string, ItemEntry>();
for (const playbook of PLAYBOOKS) {
  byId.set(playbook.id, playbook);
  for (const step of playbook.steps) {
    const entry: StepEntry = {
      playbook,
      step,
      items: new Map(step.items.map((i) => [i.id, i])),
      bits: new Map(step.items.map((i, n) => [i.id, 1 << n])),
      keyMask: step.items.reduce((m, i, n) => (i.key ? m | (1 << n) : m), 0),
      index: stepsByProperty.size,
      idsByLength: step.items.reduce((m, i, n) => {
        m.set(i.id.length, [...(m.get(i.id.length) ?? []), { id: i.id, bit: 1 << n }]);
        return m;
      }, new Map<number, { id: string; bit: number }[]>()),
    };
    stepsByKey.set(`${playbook.id}.${step.id}`, entry);
    stepsByProperty.set(step.property, entry);
    for (const item of step.items)
      itemsByRef.set(`${playbook.id}.${step.id}.${item.id}`, { playbook, step, item });
  }
}

export function getPlaybook(id: string): Playbook | undefined {
  return byId.get(id);
}

/** `playbook.step` → step entry. */
export function findStep(key: string): StepEntry | undefined {
  return stepsByKey.get(key);
}

/** Deal property `sw_<playbook>_<step>` → step entry. */
export function findStepByProperty(property: string): StepEntry | undefined {
  return stepsByProperty.get(property);
}

/** `playbook.step.item` → item entry. */
export function findItem(ref: string): ItemEntry | undefined {
  return itemsByRef.get(ref);
}

/** All checklist step properties, in registry order. */
export const STEP_PROPERTIES: readonly string[] = Object.freeze([...stepsByProperty.keys()]);

/** All steps, in registry order. */
export const STEP_ENTRIES: readonly StepEntry[] = Object.freeze([...stepsByProperty.values()]);

/** Number of set bits (checked items in a mask). */
export function popcount(mask: number): number {
  let m = mask - ((mask >>> 1) & 0x55555555);
  m = (m & 0x33333333) + ((m >>> 2) & 0x33333333);
  return (((m + (m >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** The process playbook of a deal's pipeline under the portal's settings. */
export function processPlaybookFor(
  pipelineId: string | null | undefined,
  settings: PortalSettings,
): ProcessPlaybookId {
  if (typeof pipelineId === 'string' && Object.hasOwn(settings.processPlaybookByPipeline, pipelineId)) {
    return settings.processPlaybookByPipeline[pipelineId] ?? settings.defaultProcessPlaybook;
  }
  return settings.defaultProcessPlaybook;
}

export function isPlaybookId(id: string): id is PlaybookId {
  return byId.has(id);
}
