import { hubspot } from '@hubspot/ui-extensions';
import { SalesStepsCard } from './components/sales-steps-card';

// Entry point of the deal sidebar card "Sales steps" (see sales-steps-card-hsmeta.json).
hubspot.extend<'crm.record.sidebar'>(({ context, actions }) => (
  <SalesStepsCard context={context} actions={actions} />
));
