import { hubspot } from '@hubspot/ui-extensions';
import { ManagerPages } from './components/manager-pages';

// Entry point of the app page "Stepwise · sales manager" (see manager-page-hsmeta.json).
hubspot.extend<'pages'>(() => <ManagerPages />);
