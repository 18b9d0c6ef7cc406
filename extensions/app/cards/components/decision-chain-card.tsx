import type { CrmContext, ExtensionPointApiActions } from '@hubspot/ui-extensions';
import { backendUrlFrom } from '../lib/api-client';
import { apiLocale, cardStrings, langFromLocale } from '../lib/i18n';
import { useDecisionChain } from '../lib/use-decision-chain';
import { CardError, CardLoading } from './card-states';
import { DecisionChainPanel } from './decision-chain-view';

export interface DecisionChainCardProps {
  context: CrmContext;
  actions: ExtensionPointApiActions<'crm.record.sidebar'>;
}

/** Deal sidebar card "Decision chain": wires HubSpot's context and actions to the data hook and the view. */
export function DecisionChainCard({ context, actions }: DecisionChainCardProps) {
  const locale = apiLocale(context.user);
  const strings = cardStrings(langFromLocale(locale));
  const chain = useDecisionChain({
    baseUrl: backendUrlFrom(context.variables),
    dealId: String(context.crm.objectId),
    locale,
    onEditFailed: (error) =>
      actions.addAlert({
        type: 'danger',
        title: strings.editFailedTitle,
        message: `${strings.editFailed} ${error.message}`.trim(),
      }),
    onEditSaved: () => actions.refreshObjectProperties(),
  });

  if (chain.status === 'error' && chain.error !== null) {
    return <CardError error={chain.error} strings={strings} onRetry={chain.reload} />;
  }
  if (chain.status !== 'ready' || chain.view === null) return <CardLoading strings={strings} />;
  return (
    <DecisionChainPanel view={chain.view} strings={strings} pending={chain.pending} onEdit={chain.edit} />
  );
}
