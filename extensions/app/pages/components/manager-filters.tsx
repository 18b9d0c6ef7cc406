import { Flex, Select } from '@hubspot/ui-extensions';
import type { FilterOption, ManagerView } from '../lib/api-types';
import { PERIODS, type PageStrings, type Period } from '../lib/i18n';

export interface FilterValues {
  pipeline: string;
  owner: string;
  team: string;
  period: Period;
}

export const NO_FILTERS: FilterValues = { pipeline: '', owner: '', team: '', period: '90' };

interface ManagerFiltersProps {
  options: ManagerView['filters'];
  values: FilterValues;
  strings: PageStrings;
  onChange: (values: FilterValues) => void;
}

const isPeriod = (v: unknown): v is Period => PERIODS.some((p) => p === v);

/** Pipeline, owner, team and period; '' means all. */
export function ManagerFilters({ options, values, strings, onChange }: ManagerFiltersProps) {
  const choices = (list: FilterOption[]) => [
    { label: strings.all, value: '' },
    ...list.map((o) => ({ label: o.label, value: o.id })),
  ];
  const select = (key: 'pipeline' | 'owner' | 'team', label: string, list: FilterOption[]) => (
    <Select
      testId={`filter-${key}`}
      name={key}
      label={label}
      value={values[key]}
      options={choices(list)}
      onChange={(v) => onChange({ ...values, [key]: typeof v === 'string' ? v : '' })}
    />
  );
  return (
    <Flex direction="row" gap="sm" wrap="wrap" testId="filters">
      {select('pipeline', strings.pipeline, options.pipelines)}
      {select('owner', strings.owner, options.owners)}
      {select('team', strings.team, options.teams)}
      <Select
        testId="filter-period"
        name="period"
        label={strings.period}
        value={values.period}
        options={PERIODS.map((p) => ({ label: strings.lastDays(p), value: p }))}
        onChange={(v) => onChange({ ...values, period: isPeriod(v) ? v : values.period })}
      />
    </Flex>
  );
}
