import {
  Accordion,
  Alert,
  Checkbox,
  DescriptionList,
  DescriptionListItem,
  Divider,
  Flex,
  Heading,
  ProgressBar,
  Text,
} from '@hubspot/ui-extensions';
import type { DealCardView, PlaybookView, StepView, TickRequest } from '../lib/api-types';
import type { CardStrings } from '../lib/i18n';
import { itemKey } from '../lib/optimistic';
import { CriteriaList } from './criteria-list';
import { OutputExplanation, OutputTag } from './output-tag';

export interface SalesStepsViewProps {
  view: DealCardView;
  strings: CardStrings;
  /** Items being saved (`playbook.step.item`). */
  pending: ReadonlySet<string>;
  onTick: (tick: TickRequest) => void;
  /** Formats an ISO time for the user (locale and portal time zone). */
  formatTime: (iso: string) => string;
}

/** The "Sales steps" card: grades, progress, what the next stage needs, and every checklist. */
export function SalesStepsView({ view, strings, pending, onTick, formatTime }: SalesStepsViewProps) {
  const readOnly = view.closed !== null;
  const process = view.playbooks.find((pb) => pb.id === view.processPlaybook) ?? null;
  const questions = view.playbooks.filter((pb) => pb.id !== view.processPlaybook && pb.kind === 'questions');
  // At B the closing checklist is shown with the next stage, not among the qualification lists.
  const closing = view.playbooks.find((pb) => pb.id === view.closingPlaybook) ?? null;
  const qualification = view.playbooks.filter(
    (pb) => pb.id !== view.processPlaybook && pb.kind !== 'questions' && pb.id !== closing?.id,
  );
  const { progress, outputs } = view;
  const funnelNext = outputs.funnelStage.next;

  return (
    <Flex direction="column" gap="sm">
      <DescriptionList direction="row">
        <DescriptionListItem label={strings.funnelStage}>
          <OutputTag output={outputs.funnelStage} />
        </DescriptionListItem>
        <DescriptionListItem label={strings.leadGrade}>
          <OutputTag output={outputs.leadGrade} />
        </DescriptionListItem>
        <DescriptionListItem label={strings.relationshipLevel}>
          <OutputTag output={outputs.relationshipLevel} />
        </DescriptionListItem>
        <DescriptionListItem label={strings.leadStage}>
          <OutputTag output={outputs.leadStage} />
        </DescriptionListItem>
        <DescriptionListItem label={strings.amount}>
          <Text testId="amount">{view.amount}</Text>
        </DescriptionListItem>
      </DescriptionList>

      {view.gradeNote === null ? null : (
        <Text testId="quote-note">{`${strings.quoteNote}: ${view.gradeNote}`}</Text>
      )}

      {view.closed !== null ? null : (
        <Flex direction="column" gap="xs" testId="buying-phase">
          <Text
            format={{ fontWeight: 'demibold' }}
          >{`${strings.buyingPhase}: ${view.buyingPhase.label}`}</Text>
          <Text>{`${strings.customerConcern}: ${view.buyingPhase.concern}`}</Text>
          <Text>{`${strings.sellerTask}: ${view.buyingPhase.sellerTask}`}</Text>
        </Flex>
      )}

      {view.alerts.length === 0 ? null : (
        <Alert testId="alerts" title={strings.alertsTitle} variant="warning">
          {view.alerts.map((a) => `${a.label}: ${a.reason}`).join(' · ')}
        </Alert>
      )}

      {view.closed === null ? null : (
        <Alert testId="deal-closed" title={strings.closedTitle} variant="info">
          {view.closed === 'won' ? strings.closedWon : strings.closedLost}
        </Alert>
      )}

      <TotalBar
        testId="progress-overall"
        title={strings.overallProgress}
        percent={progress.percent}
        counted={strings.itemsCount(progress.checked, progress.total)}
      />
      {/* A process playbook without ★ (ten_step): key progress is checklist progress; no ★ bar. */}
      {!view.hasKeyItems ? null : (
        <TotalBar
          testId="progress-key"
          title={strings.keyProgress}
          percent={progress.keyPercent}
          counted={strings.itemsCount(progress.keyChecked, progress.keyTotal)}
        />
      )}
      <Text testId="current-step">
        {`${strings.currentStep}: ${progress.currentStep === null ? strings.allStepsDone : progress.currentStep.label}`}
      </Text>

      {view.closed !== null ? null : (
        <Flex direction="column" gap="xs" testId="next-stage">
          <Heading>
            {funnelNext === null
              ? strings.neededForNext
              : `${strings.neededForNext}: ${funnelNext.valueLabel}`}
          </Heading>
          {funnelNext === null || view.nextActions.length === 0 ? (
            <Text>{strings.nothingMissing}</Text>
          ) : (
            <CriteriaList testId="next-actions" criteria={view.nextActions} />
          )}
        </Flex>
      )}

      {closing === null ? null : (
        <Flex direction="column" gap="xs" testId="closing-checklist">
          <Heading>{strings.closingTitle}</Heading>
          <PlaybookSection
            playbook={closing}
            currentStepId={closing.steps[0]?.id ?? null}
            {...{ strings, pending, onTick, readOnly }}
          />
        </Flex>
      )}

      {view.warnings.length === 0 ? null : (
        <Alert testId="input-warnings" title={strings.warningsTitle} variant="warning">
          {view.warnings.join(' · ')}
        </Alert>
      )}

      {process === null ? null : (
        <>
          <Divider />
          <PlaybookSection
            playbook={process}
            currentStepId={progress.currentStep?.id ?? null}
            {...{ strings, pending, onTick, readOnly }}
          />
        </>
      )}

      {qualification.length === 0 ? null : (
        <>
          <Divider />
          <Heading>{strings.qualification}</Heading>
          {qualification.map((pb) => (
            <PlaybookSection
              key={pb.id}
              playbook={pb}
              currentStepId={null}
              {...{ strings, pending, onTick, readOnly }}
            />
          ))}
        </>
      )}

      {questions.length === 0 ? null : (
        <>
          <Divider />
          <Heading>{strings.questions}</Heading>
          {questions.map((pb) => (
            <PlaybookSection
              key={pb.id}
              playbook={pb}
              currentStepId={null}
              {...{ strings, pending, onTick, readOnly }}
            />
          ))}
        </>
      )}

      <Divider />
      <Accordion testId="why" title={strings.why} defaultOpen={false} size="sm">
        <Flex direction="column" gap="sm">
          <OutputExplanation title={strings.funnelStage} output={outputs.funnelStage} strings={strings} />
          <OutputExplanation title={strings.leadGrade} output={outputs.leadGrade} strings={strings} />
          <OutputExplanation title={strings.leadStage} output={outputs.leadStage} strings={strings} />
          <OutputExplanation
            title={strings.relationshipLevel}
            output={outputs.relationshipLevel}
            strings={strings}
          />
        </Flex>
      </Accordion>
      <Text variant="microcopy" testId="computed-at">
        {`${strings.lastGraded}: ${view.computedAt === null ? strings.never : formatTime(view.computedAt)}`}
      </Text>
    </Flex>
  );
}

/** A deal-level progress bar (green when complete). */
function TotalBar(props: { testId: string; title: string; percent: number; counted: string }) {
  return (
    <ProgressBar
      testId={props.testId}
      title={props.title}
      value={props.percent}
      maxValue={100}
      showPercentage
      valueDescription={props.counted}
      {...(props.percent === 100 ? { variant: 'success' as const } : {})}
    />
  );
}

interface SectionProps {
  playbook: PlaybookView;
  currentStepId: string | null;
  strings: CardStrings;
  pending: ReadonlySet<string>;
  onTick: (tick: TickRequest) => void;
  readOnly: boolean;
}

function PlaybookSection({ playbook, currentStepId, strings, pending, onTick, readOnly }: SectionProps) {
  const single = playbook.steps.length === 1;
  return (
    <Flex direction="column" gap="xs" testId={`playbook-${playbook.id}`}>
      {single ? null : <Heading>{playbook.label}</Heading>}
      {playbook.steps.map((step, i) => (
        <StepAccordion
          key={step.id}
          title={single ? playbook.label : `${i + 1}. ${step.label}`}
          step={step}
          open={step.id === currentStepId}
          {...{ strings, pending, onTick, readOnly }}
        />
      ))}
    </Flex>
  );
}

interface StepProps {
  title: string;
  step: StepView;
  open: boolean;
  strings: CardStrings;
  pending: ReadonlySet<string>;
  onTick: (tick: TickRequest) => void;
  readOnly: boolean;
}

function StepAccordion({ title, step, open, strings, pending, onTick, readOnly }: StepProps) {
  const suffix = step.optional ? ` · ${strings.optionalStep}` : '';
  return (
    <Accordion
      testId={`step-${step.playbook}.${step.id}`}
      title={`${title} (${strings.itemsCount(step.checked, step.total)})${suffix}`}
      defaultOpen={open}
      size="sm"
    >
      <Flex direction="column" gap="xs">
        <ProgressBar
          testId={`progress-${step.playbook}.${step.id}`}
          aria-label={title}
          value={step.percent}
          maxValue={100}
          showPercentage
          {...(step.keyTotal > 0
            ? { valueDescription: `★ ${strings.itemsCount(step.keyChecked, step.keyTotal)}` }
            : {})}
          {...(step.percent === 100 ? { variant: 'success' as const } : {})}
        />
        {step.items.map((item) => {
          const key = itemKey({ playbook: step.playbook, step: step.id, item: item.id });
          return (
            <Checkbox
              key={item.id}
              testId={`item-${key}`}
              name={key}
              value={key}
              checked={item.checked}
              readOnly={readOnly || pending.has(key)}
              {...(item.hint === '' ? {} : { description: item.hint })}
              {...(item.key ? { 'aria-label': `${strings.keyItem}: ${item.label}` } : {})}
              onChange={(checked: boolean) =>
                onTick({ playbook: step.playbook, step: step.id, item: item.id, checked })
              }
            >
              {item.key ? `★ ${item.label}` : item.label}
            </Checkbox>
          );
        })}
      </Flex>
    </Accordion>
  );
}
