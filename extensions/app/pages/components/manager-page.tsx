import type { ExtensionPointApiActions, PagesContext } from '@hubspot/ui-extensions';
import { useMemo, useState } from 'react';
import { makeTimeFormatter } from '../../cards/lib/format-time';
import { pageBackendUrl } from '../lib/api-client';
import type { ManagerQuery } from '../lib/api-types';
import { apiLocale, enumLabels, langFromLocale, pageStrings } from '../lib/i18n';
import { useManagerView } from '../lib/use-manager-view';
import { NO_FILTERS, type FilterValues } from './manager-filters';
import { ManagerView } from './manager-view';
import { PageError, PageLoading } from './page-states';

export interface ManagerPageProps {
  context: PagesContext;
  actions: ExtensionPointApiActions<'pages'>;
  /** The clock for the period presets; tests fix it. */
  now?: () => Date;
}

/** `YYYY-MM-DD` of an instant in a time zone (the portal's); UTC when the zone is unknown. */
export function calendarDate(at: Date, timeZone: string | undefined): string {
  try {
    return at.toLocaleDateString('en-CA', {
      timeZone: timeZone === undefined || timeZone === '' ? 'UTC' : timeZone,
    });
  } catch {
    return at.toISOString().slice(0, 10);
  }
}

/** The period preset as from/to dates: the `days` days ending today, both inclusive. */
export function periodQuery(
  days: number,
  now: Date,
  timeZone: string | undefined,
): { from: string; to: string } {
  const to = calendarDate(now, timeZone);
  const start = new Date(`${to}T00:00:00.000Z`);
  start.setUTCDate(start.getUTCDate() - (days - 1));
  return { from: start.toISOString().slice(0, 10), to };
}

/** The manager's app page: wires HubSpot's context to the filters, the data hook and the view. */
export function ManagerPage({ context, now = () => new Date() }: ManagerPageProps) {
  const locale = apiLocale(context.user);
  const lang = langFromLocale(locale);
  const strings = pageStrings(lang);
  const labels = enumLabels(lang);
  const timeZone = context.portal.timezone;
  const formatTime = useMemo(() => makeTimeFormatter(locale, timeZone), [locale, timeZone]);
  const [filters, setFilters] = useState<FilterValues>(NO_FILTERS);
  const [targetWins, setTargetWins] = useState<number | undefined>(undefined);
  const today = calendarDate(now(), timeZone);
  const query = useMemo((): ManagerQuery => {
    const period = periodQuery(Number(filters.period), new Date(`${today}T12:00:00.000Z`), 'UTC');
    return {
      ...(filters.pipeline === '' ? {} : { pipeline: filters.pipeline }),
      ...(filters.owner === '' ? {} : { owner: filters.owner }),
      ...(filters.team === '' ? {} : { team: filters.team }),
      ...period,
    };
  }, [filters, today]);
  const state = useManagerView({ baseUrl: pageBackendUrl(context.variables), locale, query });

  if (state.status === 'error' && state.error !== null) {
    return <PageError error={state.error} strings={strings} onRetry={state.reload} />;
  }
  if (state.view === null) return <PageLoading strings={strings} />;
  return (
    <ManagerView
      view={state.view}
      portalId={context.portal.id}
      lang={lang}
      strings={strings}
      labels={labels}
      filters={filters}
      refreshing={state.status === 'loading'}
      targetWins={targetWins}
      formatTime={formatTime}
      onFilters={setFilters}
      onTargetWins={setTargetWins}
    />
  );
}
