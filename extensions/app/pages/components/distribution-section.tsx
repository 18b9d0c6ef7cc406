import { Flex, Heading, LineChart, Statistics, StatisticsItem, Text } from '@hubspot/ui-extensions';
import { FUNNEL_STAGES, LEAD_GRADES, RELATIONSHIP_LEVELS, type ManagerView } from '../lib/api-types';
import type { EnumLabels, PageStrings } from '../lib/i18n';

interface DistributionSectionProps {
  distributions: ManagerView['distributions'];
  trend: ManagerView['trend'];
  strings: PageStrings;
  labels: EnumLabels;
}

/** Grade and relationship distributions, and the funnel's 12-week trend. */
export function DistributionSection({ distributions, trend, strings, labels }: DistributionSectionProps) {
  const trendRows = trend.flatMap((w) =>
    FUNNEL_STAGES.map((stage) => ({ week: w.weekStart, stage: labels.stage[stage], count: w.counts[stage] })),
  );
  return (
    <Flex direction="column" gap="sm" testId="distribution-section">
      <Heading>{strings.gradeSection}</Heading>
      <Statistics testId="grade-distribution">
        {LEAD_GRADES.map((g) => (
          <StatisticsItem key={g} label={labels.grade[g]} number={distributions.grade[g]} />
        ))}
      </Statistics>
      <Heading>{strings.relationshipSection}</Heading>
      <Statistics testId="relationship-distribution">
        {RELATIONSHIP_LEVELS.map((r) => (
          <StatisticsItem key={r} label={labels.relationship[r]} number={distributions.relationship[r]} />
        ))}
      </Statistics>
      <Heading>{strings.trendSection}</Heading>
      <Text variant="microcopy">{strings.trendHelp}</Text>
      <LineChart
        testId="trend-chart"
        data={trendRows}
        axes={{
          x: { field: 'week', fieldType: 'category', label: strings.week },
          y: { field: 'count', fieldType: 'linear', label: strings.count },
          options: { groupFieldByColor: 'stage' },
        }}
        options={{ showLegend: true, showTooltips: true }}
      />
    </Flex>
  );
}
