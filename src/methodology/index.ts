/**
 * Stepwise methodology engine: pure and total (no I/O, no clock, no environment).
 * DESIGN §4 is the contract for evaluateDeal / DEFAULT_SETTINGS / DealSnapshot / DealEvaluation.
 */
export { evaluateDeal, actionableLeaves, percent } from './evaluate-deal';
export {
  DEFAULT_SETTINGS,
  parsePortalSettings,
  portalSettingsSchema,
  portalSettingsPatchSchema,
} from './settings';
export type { PortalSettings, PortalSettingsPatch, SettingsParseResult } from './settings';
export {
  PLAYBOOKS,
  getPlaybook,
  findStep,
  findItem,
  findStepByProperty,
  processPlaybookFor,
  STEP_PROPERTIES,
} from './registry';
export { buildPropertyDefinitions, PROPERTY_GROUP } from './properties';
export type { PropertyDefinition, PropertyDefinitions, PropertyOption } from './properties';
export {
  SCORING_INPUTS,
  OUTPUT_PROPERTIES,
  DEAL_READ_PROPERTIES,
  CONTACT_READ_PROPERTIES,
  isOutputProperty,
  PREVIOUS_OUTPUTS_READ,
} from './inputs';
export { RULE_SETS, RULES_VERSION, gradedByCurrentRules } from './rule-sets';
export { suggestStageMinimum, STAGE_SUGGESTION_THRESHOLDS } from './stage-map-suggestion';
export type { StageMinimum } from './stage-map-suggestion';
export { formatAmount, formatAmountZh } from './compile-criterion';
export { GLOSSARY } from './glossary';
export * from './labels';
export * from './vocabulary';
export type {
  DealSnapshot,
  DealEvaluation,
  CriterionResult,
  LevelResult,
  StepProgress,
  InputWarning,
  PropertyBag,
  AlertResult,
  BlockingContact,
  Measures,
} from './types';
export type { SeedRef } from './criteria';
export type {
  Playbook,
  PlaybookStep,
  ChecklistItem,
  LocalizedText,
  Language,
  PlaybookId,
  ProcessPlaybookId,
} from './schema';
export { LANGUAGES, PLAYBOOK_IDS, PROCESS_PLAYBOOK_IDS } from './schema';
