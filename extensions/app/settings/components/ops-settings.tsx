import { Button, Divider, Flex, Heading, NumberInput, Select, StatusTag, Text } from '@hubspot/ui-extensions';
import { useState } from 'react';
import type { PortalSettingsView, SettingsView } from '../../cards/lib/api-types';
import type { StageMapPreview, WriteBackView } from '../../cards/lib/ops-api-types';
import type { OpsStrings } from '../lib/ops-i18n';

type MinStage = 'none' | 'P' | 'I' | 'B';

export interface OpsSettingsProps {
  view: SettingsView;
  draft: PortalSettingsView;
  strings: OpsStrings;
  onChange: (next: PortalSettingsView) => void;
  /** POST /settings/preview with the draft (one page per call). */
  previewPage: (settings: PortalSettingsView, after: string | null) => Promise<StageMapPreview>;
  /** POST /write-back/pause or /resume; the page reloads the view after. */
  setPaused: (paused: boolean) => Promise<void>;
}

/** Longest dry run the page runs (pages of 100 deals): beyond it the count is a sample, and says so. */
export const PREVIEW_MAX_PAGES = 20;

const counts = (label: string, values: Record<string, number>): string =>
  `${label}: ${Object.entries(values)
    .map(([k, n]) => `${k} ${n}`)
    .join(' · ')}`;

function WriteBack({
  writeBack,
  strings,
  setPaused,
}: {
  writeBack: WriteBackView;
  strings: OpsStrings;
  setPaused: (p: boolean) => Promise<void>;
}) {
  const [busy, setBusy] = useState(false);
  const toggle = () => {
    setBusy(true);
    void setPaused(!writeBack.paused).finally(() => setBusy(false));
  };
  return (
    <Flex direction="column" gap="sm" testId="write-back-section">
      <Heading>{strings.writeSection}</Heading>
      <StatusTag testId="write-back-state" variant={writeBack.paused ? 'warning' : 'success'}>
        {writeBack.paused ? strings.paused : strings.writing}
      </StatusTag>
      <Text variant="microcopy">{strings.writeHelp}</Text>
      {writeBack.paused ? (
        <Flex direction="column" gap="xs" testId="write-back-preview">
          <Text>{strings.wouldWrite(writeBack.deals)}</Text>
          <Text>{counts(strings.grades, writeBack.grades)}</Text>
          <Text>{counts(strings.stages, writeBack.funnelStages)}</Text>
          <Text>{counts(strings.alerts, writeBack.alerts)}</Text>
        </Flex>
      ) : null}
      <Button testId="write-back-toggle" variant="secondary" disabled={busy} onClick={toggle}>
        {writeBack.paused ? strings.resume : strings.pause}
      </Button>
    </Flex>
  );
}

/** Ops settings: stage map with suggestions and a dry run, stall days, visit rules, norms, write-back pause. */
export function OpsSettings({ view, draft, strings, onChange, previewPage, setPaused }: OpsSettingsProps) {
  const [preview, setPreview] = useState<string | null>(null);
  const stageOptions = (['none', 'P', 'I', 'B'] as const).map((v) => ({
    value: v,
    label: v === 'none' ? strings.none : v,
  }));
  const setStage = (pipelineId: string, stageId: string, value: MinStage) => {
    const others = Object.entries(draft.stageMap[pipelineId] ?? {}).filter(([id]) => id !== stageId);
    const pipeline = Object.fromEntries(value === 'none' ? others : [...others, [stageId, value]]);
    onChange({ ...draft, stageMap: { ...draft.stageMap, [pipelineId]: pipeline } });
  };
  const useSuggestions = () => {
    const stageMap: PortalSettingsView['stageMap'] = {};
    for (const p of view.pipelines) {
      const entries = p.stages.filter((s) => s.suggested !== 'none').map((s) => [s.id, s.suggested] as const);
      if (entries.length > 0) stageMap[p.id] = Object.fromEntries(entries);
    }
    onChange({ ...draft, stageMap });
  };
  const runPreview = async () => {
    let after: string | null = null;
    let done = 0;
    let total = 0;
    let flagged = 0;
    let now = 0;
    try {
      for (let page = 0; page < PREVIEW_MAX_PAGES; page++) {
        const r: StageMapPreview = await previewPage(draft, after);
        done += r.evaluated;
        total = r.total;
        flagged += r.flagged['stage_ahead'] ?? 0;
        now += r.flaggedNow['stage_ahead'] ?? 0;
        setPreview(strings.previewRunning(done, total));
        after = r.nextAfter;
        if (after === null) break;
      }
      setPreview(strings.previewResult(flagged, now, done, Math.max(total, done)));
    } catch (err) {
      setPreview(`${strings.previewFailed} ${err instanceof Error ? err.message : String(err)}`);
    }
  };
  const num = (value: number, set: (v: number) => PortalSettingsView) => ({
    value,
    min: 1,
    onChange: (v: number | undefined) => {
      if (typeof v === 'number' && Number.isFinite(v)) onChange(set(v));
    },
  });
  return (
    <Flex direction="column" gap="md" testId="ops-settings">
      <Divider />
      <Flex direction="column" gap="sm" testId="stage-map-section">
        <Heading>{strings.stageMapSection}</Heading>
        <Text variant="microcopy">{strings.stageMapHelp}</Text>
        {view.pipelines.flatMap((p) =>
          p.stages
            .filter((s) => !s.isClosed)
            .map((s) => (
              <Select
                key={`${p.id}-${s.id}`}
                testId={`stage-${p.id}-${s.id}`}
                name={`stage-${p.id}-${s.id}`}
                label={`${p.label} · ${s.label} (${Math.round(s.probability * 100)}%)`}
                description={strings.suggested(s.suggested === 'none' ? strings.none : s.suggested)}
                value={draft.stageMap[p.id]?.[s.id] ?? 'none'}
                options={stageOptions}
                onChange={(v) => setStage(p.id, s.id, v as MinStage)}
              />
            )),
        )}
        <Flex direction="row" gap="sm">
          <Button testId="use-suggestions" variant="secondary" onClick={useSuggestions}>
            {strings.useSuggestions}
          </Button>
          <Button testId="preview" variant="secondary" onClick={() => void runPreview()}>
            {strings.preview}
          </Button>
        </Flex>
        {preview === null ? null : <Text testId="preview-result">{preview}</Text>}
      </Flex>
      <Divider />
      <Flex direction="column" gap="sm" testId="time-section">
        <Heading>{strings.timeSection}</Heading>
        {(['P', 'I', 'B'] as const).map((s) => (
          <NumberInput
            key={s}
            testId={`stall-${s}`}
            name={`stall-${s}`}
            label={strings.stall(s)}
            {...num(draft.stallDays[s], (v) => ({ ...draft, stallDays: { ...draft.stallDays, [s]: v } }))}
          />
        ))}
        <NumberInput
          testId="insiderAfter"
          name="insiderAfter"
          label={strings.insiderAfter}
          {...num(draft.visitRules.insiderAfter, (v) => ({
            ...draft,
            visitRules: { ...draft.visitRules, insiderAfter: v },
          }))}
        />
        <NumberInput
          testId="escalateAfter"
          name="escalateAfter"
          label={strings.escalateAfter}
          {...num(draft.visitRules.escalateAfter, (v) => ({
            ...draft,
            visitRules: { ...draft.visitRules, escalateAfter: v },
          }))}
        />
        <NumberInput
          testId="validPerProspect"
          name="validPerProspect"
          label={strings.validPerProspect}
          {...num(draft.funnelNorms.validPerProspect, (v) => ({
            ...draft,
            funnelNorms: { ...draft.funnelNorms, validPerProspect: v },
          }))}
        />
        <NumberInput
          testId="prospectsPerWin"
          name="prospectsPerWin"
          label={strings.prospectsPerWin}
          {...num(draft.funnelNorms.prospectsPerWin, (v) => ({
            ...draft,
            funnelNorms: { ...draft.funnelNorms, prospectsPerWin: v },
          }))}
        />
      </Flex>
      <Divider />
      <WriteBack writeBack={view.writeBack} strings={strings} setPaused={setPaused} />
      <Text variant="microcopy" testId="rules-upgrade">
        {strings.rules(view.rulesUpgrade.current, view.rulesUpgrade.graded, view.rulesUpgrade.state)}
      </Text>
    </Flex>
  );
}
