import { hubspot } from '@hubspot/ui-extensions';
import { DecisionChainCard } from './components/decision-chain-card';

// Entry point of the deal sidebar card "Decision chain" (see decision-chain-card-hsmeta.json).
hubspot.extend<'crm.record.sidebar'>(({ context, actions }) => (
  <DecisionChainCard context={context} actions={actions} />
));
