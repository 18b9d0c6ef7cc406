import { Button, Divider, EmptyState, Flex, Heading, LoadingSpinner, Text } from '@hubspot/ui-extensions';
import type { Lang, ManagerView as View } from '../lib/api-types';
import type { EnumLabels, PageStrings } from '../lib/i18n';
import { AlertsSection } from './alerts-section';
import { ConversionSection } from './conversion-section';
import { DistributionSection } from './distribution-section';
import { FunnelSection } from './funnel-section';
import { ManagerFilters, NO_FILTERS, type FilterValues } from './manager-filters';

export interface ManagerViewProps {
  view: View;
  portalId: number | string;
  lang: Lang;
  strings: PageStrings;
  labels: EnumLabels;
  filters: FilterValues;
  /** A new filter is loading (the previous numbers stay on screen meanwhile). */
  refreshing: boolean;
  targetWins: number | undefined;
  formatTime: (iso: string) => string;
  onFilters: (filters: FilterValues) => void;
  onTargetWins: (wins: number | undefined) => void;
}

const sameFilters = (a: FilterValues, b: FilterValues) =>
  a.pipeline === b.pipeline && a.owner === b.owner && a.team === b.team && a.period === b.period;

/** The manager's page: filters, funnel, conversion and coverage, alerts, distributions and trend. */
export function ManagerView(props: ManagerViewProps) {
  const { view, lang, strings, labels, filters } = props;
  const dealCount = view.funnel.reduce((n, row) => n + row.deals, 0);
  return (
    <Flex direction="column" gap="md">
      <Heading>{strings.title}</Heading>
      <ManagerFilters options={view.filters} values={filters} strings={strings} onChange={props.onFilters} />
      <Flex direction="row" gap="sm" align="center">
        <Text variant="microcopy" testId="period">
          {`${strings.periodRange(view.applied.from, view.applied.to)} · ${strings.asOf(props.formatTime(view.asOf))}`}
        </Text>
        {props.refreshing ? (
          <LoadingSpinner testId="page-refreshing" label={strings.loading} size="xs" />
        ) : null}
      </Flex>
      {dealCount === 0 ? (
        <EmptyState testId="page-empty" title={strings.emptyTitle} layout="vertical">
          <Text>{strings.emptyBody}</Text>
          {sameFilters(filters, NO_FILTERS) ? null : (
            <Button testId="clear-filters" onClick={() => props.onFilters(NO_FILTERS)}>
              {strings.clearFilters}
            </Button>
          )}
        </EmptyState>
      ) : (
        <>
          <FunnelSection
            funnel={view.funnel}
            currency={view.currency}
            lang={lang}
            strings={strings}
            labels={labels}
          />
          <Divider />
          <ConversionSection
            conversion={view.conversion}
            norms={view.norms}
            targetWins={props.targetWins}
            strings={strings}
            labels={labels}
            onTargetWins={props.onTargetWins}
          />
          <Divider />
          <AlertsSection
            alerts={view.alerts}
            portalId={props.portalId}
            currency={view.currency}
            lang={lang}
            strings={strings}
            labels={labels}
          />
          <Divider />
          <DistributionSection
            distributions={view.distributions}
            trend={view.trend}
            strings={strings}
            labels={labels}
          />
        </>
      )}
    </Flex>
  );
}
