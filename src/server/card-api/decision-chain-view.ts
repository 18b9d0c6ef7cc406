import type {
  ContactView,
  DecisionChainView,
  Lang,
  OptionView,
} from '../../../extensions/app/cards/lib/api-types';
import {
  COMPANY_RELATIONSHIP_DESCRIPTIONS,
  CONTACT_DEPTHS,
  CONTACT_DEPTH_LABELS,
  CONTACT_INPUTS,
  DECISION_ROLES,
  DECISION_ROLE_LABELS,
  DECISION_ROLE_TACTICS,
  PERSONALITIES,
  PERSONALITY_LABELS,
  PERSONAL_RELATIONSHIP_DESCRIPTIONS,
  STANCES,
  STANCE_LABELS,
  type DealEvaluation,
  type DealSnapshot,
  type LocalizedText,
  type PropertyBag,
} from '../../methodology';
import { relationshipDescription } from './deal-card-view';
import { outputView, type ExplainContext } from './localize';

export interface DecisionChainViewInput {
  portalId: string;
  snapshot: DealSnapshot;
  evaluation: DealEvaluation;
  lang: Lang;
}

/** The contact properties the decision-chain card edits, with their allowed values. */
export const CONTACT_FIELDS = {
  [CONTACT_INPUTS.decisionRole]: DECISION_ROLES,
  [CONTACT_INPUTS.stance]: STANCES,
  [CONTACT_INPUTS.contactDepth]: CONTACT_DEPTHS,
  [CONTACT_INPUTS.personality]: PERSONALITIES,
} as const satisfies Record<string, readonly string[]>;

function options(values: readonly string[], labels: Record<string, LocalizedText>, lang: Lang): OptionView[] {
  return values.map((value) => ({ value, label: labels[value]?.[lang] ?? value }));
}

function str(bag: PropertyBag, name: string): string | null {
  const v = bag[name];
  if (typeof v !== 'string') return null;
  const t = v.trim();
  return t === '' ? null : t;
}

/** A value the contact holds, or null when empty or not one of the allowed options. */
function enumValue(bag: PropertyBag, name: string, allowed: readonly string[]): string | null {
  const v = str(bag, name);
  return v !== null && allowed.includes(v) ? v : null;
}

const CJK = /[\u3400-\u9fff]/;

/** "First Last", or 姓名 (family name first, no space) for Chinese names shown to a zh user. */
export function contactName(bag: PropertyBag, id: string, lang: Lang): string {
  const first = str(bag, 'firstname');
  const last = str(bag, 'lastname');
  if (first !== null && last !== null) {
    return lang === 'zh' && CJK.test(first + last) ? `${last}${first}` : `${first} ${last}`;
  }
  return first ?? last ?? str(bag, 'email') ?? (lang === 'zh' ? `联系人 ${id}` : `Contact ${id}`);
}

export function contactView(contact: { id: string; properties: PropertyBag }, lang: Lang): ContactView {
  const p = contact.properties;
  const role = enumValue(p, CONTACT_INPUTS.decisionRole, DECISION_ROLES) as
    (typeof DECISION_ROLES)[number] | null;
  return {
    id: contact.id,
    name: contactName(p, contact.id, lang),
    email: str(p, 'email'),
    jobTitle: str(p, 'jobtitle'),
    decisionRole: enumValue(p, CONTACT_INPUTS.decisionRole, DECISION_ROLES),
    stance: enumValue(p, CONTACT_INPUTS.stance, STANCES),
    contactDepth: enumValue(p, CONTACT_INPUTS.contactDepth, CONTACT_DEPTHS),
    personality: enumValue(p, CONTACT_INPUTS.personality, PERSONALITIES),
    tactics: role === null ? [] : DECISION_ROLE_TACTICS[role].map((t) => t[lang]),
  };
}

/** Names of the deal's contacts, for explanations that name blocking contacts. */
export function explainContext(
  snapshot: DealSnapshot,
  evaluation: DealEvaluation,
  lang: Lang,
): ExplainContext {
  return {
    blocking: evaluation.blocking,
    names: new Map(snapshot.contacts.map((c) => [c.id, contactName(c.properties, c.id, lang)])),
  };
}

/**
 * The "Decision chain" card's view model (seed 000 step 4, seed 003 §2.3.2.3): the deal's
 * contacts with their role, stance, depth and personality, and the company / personal
 * relationship levels with what the next level still needs. Pure.
 */
export function buildDecisionChainView(input: DecisionChainViewInput): DecisionChainView {
  const { snapshot, evaluation, lang } = input;
  const ctx = explainContext(snapshot, evaluation, lang);
  return {
    portalId: input.portalId,
    dealId: snapshot.id,
    language: lang,
    contacts: snapshot.contacts.map((c) => contactView(c, lang)),
    companyRelationship: outputView(
      evaluation.companyRelationship,
      lang,
      relationshipDescription(COMPANY_RELATIONSHIP_DESCRIPTIONS, evaluation.companyRelationship.value),
      ctx,
    ),
    personalRelationship: outputView(
      evaluation.personalRelationship,
      lang,
      relationshipDescription(PERSONAL_RELATIONSHIP_DESCRIPTIONS, evaluation.personalRelationship.value),
      ctx,
    ),
    relationshipLevel: outputView(evaluation.relationshipLevel, lang, null, ctx),
    options: {
      decisionRole: options(DECISION_ROLES, DECISION_ROLE_LABELS, lang),
      stance: options(STANCES, STANCE_LABELS, lang),
      contactDepth: options(CONTACT_DEPTHS, CONTACT_DEPTH_LABELS, lang),
      personality: options(PERSONALITIES, PERSONALITY_LABELS, lang),
    },
  };
}
