import {
  Alert,
  Button,
  ButtonRow,
  Divider,
  Flex,
  Heading,
  LoadingButton,
  NumberInput,
  ProgressBar,
  Select,
  StatusTag,
  Text,
  TextArea,
} from '@hubspot/ui-extensions';
import type { PortalSettingsView, RegradeStatus, SettingsView } from '../../cards/lib/api-types';
import type { SettingsStrings } from '../lib/i18n';
import type { FieldErrors } from '../lib/validate-settings';

type Playbook = PortalSettingsView['defaultProcessPlaybook'];

/** Grades with an optional quote-strategy note, and the string naming each. */
const GRADES = [
  ['strategic', 'gradeStrategic'],
  ['important', 'gradeImportant'],
  ['ordinary', 'gradeOrdinary'],
] as const;

export interface SettingsFormProps {
  view: SettingsView;
  /** The settings as edited (not yet saved). */
  draft: PortalSettingsView;
  errors: FieldErrors;
  dirty: boolean;
  saving: boolean;
  /** Outcome of the last save or re-grade request, shown above the buttons. */
  notice: { variant: 'success' | 'danger'; title: string; message: string } | null;
  strings: SettingsStrings;
  formatTime: (iso: string) => string;
  onChange: (draft: PortalSettingsView) => void;
  onSave: () => void;
  onDiscard: () => void;
  onRegrade: () => void;
}

/** The Stepwise settings page: playbook per pipeline, grade thresholds, label language, re-grade, installation. */
export function SettingsForm(props: SettingsFormProps) {
  const { view, draft, errors, dirty, saving, notice, strings, formatTime, onChange } = props;
  const currency = view.currency ?? strings.homeCurrency;
  const playbookOptions = view.processPlaybooks.map((o) => ({ label: o.label, value: o.value }));
  const hasErrors = Object.keys(errors).length > 0;
  const setThreshold = (key: keyof PortalSettingsView['gradeThresholds'], value: number | undefined) =>
    onChange({ ...draft, gradeThresholds: { ...draft.gradeThresholds, [key]: value ?? Number.NaN } });
  const fieldError = (path: string) => {
    const message = errors[path];
    return message === undefined ? {} : { error: true, validationMessage: message };
  };

  return (
    <Flex direction="column" gap="md">
      <Heading>{strings.title}</Heading>

      <Flex direction="column" gap="xs" testId="installation">
        <Text format={{ fontWeight: 'demibold' }}>{strings.installation}</Text>
        <Flex direction="row" gap="sm" align="center">
          <StatusTag variant={view.installation.status === 'installed' ? 'success' : 'danger'}>
            {view.installation.status === 'installed' ? strings.installed : strings.uninstalled}
          </StatusTag>
          <Text>{strings.installedSince(formatTime(view.installation.installedAt))}</Text>
        </Flex>
        <Text variant="microcopy">{`${strings.scopes}: ${view.installation.scopes.join(', ')}`}</Text>
      </Flex>

      <Divider />
      <Flex direction="column" gap="sm" testId="process-section">
        <Heading>{strings.processSection}</Heading>
        <Text variant="microcopy">{strings.processHelp}</Text>
        <Select
          testId="default-playbook"
          name="defaultProcessPlaybook"
          label={strings.defaultPlaybook}
          value={draft.defaultProcessPlaybook}
          options={playbookOptions}
          onChange={(v) => onChange({ ...draft, defaultProcessPlaybook: v as Playbook })}
        />
        {view.pipelines.map((p) => (
          <Select
            key={p.id}
            testId={`pipeline-${p.id}`}
            name={`pipeline-${p.id}`}
            label={p.label}
            value={draft.processPlaybookByPipeline[p.id] ?? draft.defaultProcessPlaybook}
            options={playbookOptions}
            onChange={(v) =>
              onChange({
                ...draft,
                processPlaybookByPipeline: { ...draft.processPlaybookByPipeline, [p.id]: v as Playbook },
              })
            }
          />
        ))}
      </Flex>

      <Divider />
      <Flex direction="column" gap="sm" testId="grade-section">
        <Heading>{strings.gradeSection}</Heading>
        <Text variant="microcopy">{strings.gradeHelp}</Text>
        <NumberInput
          testId="strategicAmount"
          name="strategicAmount"
          label={strings.strategicAmount(currency)}
          value={draft.gradeThresholds.strategicAmount}
          min={0}
          onChange={(v) => setThreshold('strategicAmount', v)}
          {...fieldError('gradeThresholds.strategicAmount')}
        />
        <NumberInput
          testId="importantAmount"
          name="importantAmount"
          label={strings.importantAmount(currency)}
          value={draft.gradeThresholds.importantAmount}
          min={0}
          onChange={(v) => setThreshold('importantAmount', v)}
          {...fieldError('gradeThresholds.importantAmount')}
        />
        <NumberInput
          testId="strategicTraitsMin"
          name="strategicTraitsMin"
          label={strings.strategicTraitsMin}
          value={draft.gradeThresholds.strategicTraitsMin}
          min={1}
          max={5}
          precision={0}
          onChange={(v) => setThreshold('strategicTraitsMin', v)}
          {...fieldError('gradeThresholds.strategicTraitsMin')}
        />
        <NumberInput
          testId="importantTraitsMin"
          name="importantTraitsMin"
          label={strings.importantTraitsMin}
          value={draft.gradeThresholds.importantTraitsMin}
          min={1}
          max={3}
          precision={0}
          onChange={(v) => setThreshold('importantTraitsMin', v)}
          {...fieldError('gradeThresholds.importantTraitsMin')}
        />
        <Text variant="microcopy" testId="counting-rule-note">
          {strings.countingRuleNote}
        </Text>
        <Text variant="microcopy">{strings.quoteNoteHelp}</Text>
        {GRADES.map(([grade, label]) => (
          <TextArea
            key={grade}
            testId={`gradeNote-${grade}`}
            name={`gradeNote-${grade}`}
            label={strings.quoteNote(strings[label])}
            value={draft.gradeNotes[grade] ?? ''}
            maxLength={1000}
            onChange={(v) => onChange({ ...draft, gradeNotes: { ...draft.gradeNotes, [grade]: v } })}
            {...fieldError(`gradeNotes.${grade}`)}
          />
        ))}
      </Flex>

      <Divider />
      <Flex direction="column" gap="sm" testId="language-section">
        <Heading>{strings.languageSection}</Heading>
        <Select
          testId="language"
          name="language"
          label={strings.languageLabel}
          description={strings.languageHelp}
          value={draft.language}
          options={[
            { label: strings.languageZh, value: 'zh' },
            { label: strings.languageEn, value: 'en' },
          ]}
          onChange={(v) => onChange({ ...draft, language: v === 'en' ? 'en' : 'zh' })}
        />
      </Flex>

      {notice === null ? null : (
        <Alert testId="notice" title={notice.title} variant={notice.variant}>
          {notice.message}
        </Alert>
      )}
      <ButtonRow>
        <LoadingButton
          testId="save"
          variant="primary"
          loading={saving}
          disabled={!dirty || hasErrors || saving}
          onClick={props.onSave}
        >
          {strings.save}
        </LoadingButton>
        <Button testId="discard" variant="secondary" disabled={!dirty || saving} onClick={props.onDiscard}>
          {strings.discard}
        </Button>
      </ButtonRow>

      <Divider />
      <RegradeSection
        regrade={view.regrade}
        strings={strings}
        formatTime={formatTime}
        onRegrade={props.onRegrade}
      />
    </Flex>
  );
}

interface RegradeProps {
  regrade: RegradeStatus;
  strings: SettingsStrings;
  formatTime: (iso: string) => string;
  onRegrade: () => void;
}

function RegradeSection({ regrade, strings, formatTime, onRegrade }: RegradeProps) {
  const running = regrade.state === 'running';
  const total = regrade.total;
  const statusLine =
    regrade.state === 'running'
      ? strings.regradeRunning(regrade.processed, total)
      : regrade.state === 'done'
        ? `${strings.regradeDone(regrade.processed)}${regrade.finishedAt === null ? '' : ` (${formatTime(regrade.finishedAt)})`}`
        : regrade.state === 'failed'
          ? strings.regradeFailed(regrade.error ?? '')
          : strings.regradeIdle;
  return (
    <Flex direction="column" gap="sm" testId="regrade-section">
      <Heading>{strings.regradeSection}</Heading>
      <Text variant="microcopy">{strings.regradeHelp}</Text>
      {regrade.state === 'idle' ? null : (
        <ProgressBar
          testId="regrade-progress"
          title={strings.regradeProgress}
          value={
            total === null || total === 0
              ? regrade.state === 'done'
                ? 100
                : 0
              : Math.min(100, Math.round((100 * regrade.processed) / total))
          }
          maxValue={100}
          showPercentage
          {...(regrade.state === 'failed' ? { variant: 'danger' as const } : {})}
          {...(regrade.state === 'done' ? { variant: 'success' as const } : {})}
        />
      )}
      <Text testId="regrade-status">{statusLine}</Text>
      <Button testId="regrade" variant="secondary" disabled={running} onClick={onRegrade}>
        {strings.regradeButton}
      </Button>
    </Flex>
  );
}
