import type {
  Lang,
  PortalSettingsView,
  RegradeStatus,
  SettingsView,
} from '../../../extensions/app/cards/lib/api-types';
import type { RulesUpgradeView, WriteBackView } from '../../../extensions/app/cards/lib/ops-api-types';
import {
  PROCESS_PLAYBOOK_IDS,
  getPlaybook,
  processPlaybookFor,
  suggestStageMinimum,
  type PortalSettings,
} from '../../methodology';

export interface SettingsViewInput {
  portalId: string;
  lang: Lang;
  settings: PortalSettings;
  pipelines: readonly {
    id: string;
    label: string;
    displayOrder?: number;
    stages?: readonly { id: string; label: string; displayOrder: number; isClosed: boolean; probability: number }[];
  }[];
  /** The portal's home currency (ISO code), null when unknown. */
  currency: string | null;
  installation: {
    installedAt: string;
    scopes: readonly string[];
    status: 'installed' | 'uninstalled';
  } | null;
  regrade: RegradeStatus;
  writeBack: WriteBackView;
  rulesUpgrade: RulesUpgradeView;
}

export function settingsToView(settings: PortalSettings): PortalSettingsView {
  return {
    defaultProcessPlaybook: settings.defaultProcessPlaybook,
    processPlaybookByPipeline: { ...settings.processPlaybookByPipeline },
    gradeThresholds: { ...settings.gradeThresholds },
    language: settings.language,
    gradeNotes: { ...settings.gradeNotes },
    stageMap: Object.fromEntries(Object.entries(settings.stageMap).map(([p, m]) => [p, { ...m }])),
    stallDays: { ...settings.stallDays },
    visitRules: { ...settings.visitRules },
    funnelNorms: { ...settings.funnelNorms },
  };
}

/** The settings page's view model: settings, each pipeline's playbook, currency, installation, re-grade. Pure. */
export function buildSettingsView(input: SettingsViewInput): SettingsView {
  const { settings, lang } = input;
  const pipelines = [...input.pipelines].sort((a, b) => (a.displayOrder ?? 0) - (b.displayOrder ?? 0));
  return {
    portalId: input.portalId,
    language: lang,
    settings: settingsToView(settings),
    pipelines: pipelines.map((p) => ({
      id: p.id,
      label: p.label,
      processPlaybook: processPlaybookFor(p.id, settings),
      stages: [...(p.stages ?? [])]
        .sort((a, b) => a.displayOrder - b.displayOrder)
        .map((st) => ({
          id: st.id,
          label: st.label,
          probability: st.probability,
          isClosed: st.isClosed,
          suggested: suggestStageMinimum(st),
        })),
    })),
    processPlaybooks: PROCESS_PLAYBOOK_IDS.map((id) => ({
      value: id,
      label: getPlaybook(id)?.label[lang] ?? id,
    })),
    currency: input.currency,
    installation: {
      installedAt: input.installation?.installedAt ?? '',
      scopes: [...(input.installation?.scopes ?? [])],
      status: input.installation?.status ?? 'uninstalled',
    },
    regrade: input.regrade,
    writeBack: input.writeBack,
    rulesUpgrade: input.rulesUpgrade,
  };
}
