import type { CrmContext, ExtensionPointApiActions } from '@hubspot/ui-extensions';
import { useMemo } from 'react';
import { backendUrlFrom } from '../lib/api-client';
import { apiLocale, cardStrings, langFromLocale } from '../lib/i18n';
import { makeTimeFormatter } from '../lib/format-time';
import { useDealCard } from '../lib/use-deal-card';
import { CardError, CardLoading } from './card-states';
import { SalesStepsView } from './sales-steps-view';

export interface SalesStepsCardProps {
  context: CrmContext;
  actions: ExtensionPointApiActions<'crm.record.sidebar'>;
}

/** Deal sidebar card "Sales steps": wires HubSpot's context and actions to the data hook and the view. */
export function SalesStepsCard({ context, actions }: SalesStepsCardProps) {
  const locale = apiLocale(context.user);
  const strings = cardStrings(langFromLocale(locale));
  const baseUrl = backendUrlFrom(context.variables);
  const formatTime = useMemo(
    () => makeTimeFormatter(locale, context.portal.timezone),
    [locale, context.portal.timezone],
  );
  const card = useDealCard({
    baseUrl,
    dealId: String(context.crm.objectId),
    locale,
    onTickFailed: (error) =>
      actions.addAlert({
        type: 'danger',
        title: strings.tickFailedTitle,
        message: `${strings.tickFailed} ${error.message}`.trim(),
      }),
    onTickSaved: () => actions.refreshObjectProperties(),
  });

  if (card.status === 'error' && card.error !== null) {
    return <CardError error={card.error} strings={strings} onRetry={card.reload} />;
  }
  if (card.status !== 'ready' || card.view === null) return <CardLoading strings={strings} />;
  return (
    <SalesStepsView
      view={card.view}
      strings={strings}
      pending={card.pending}
      onTick={card.tick}
      formatTime={formatTime}
    />
  );
}
