import { hubspot } from '@hubspot/ui-extensions';
import { StepwiseSettings } from './components/stepwise-settings';

// Entry point of the app settings page (see settings-hsmeta.json).
hubspot.extend<'settings'>(({ context, actions }) => (
  <StepwiseSettings context={context} actions={actions} />
));
