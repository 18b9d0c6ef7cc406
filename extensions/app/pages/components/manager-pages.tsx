import { useExtensionActions, useExtensionContext } from '@hubspot/ui-extensions';
import { createPageRouter, PageRoutes } from '@hubspot/ui-extensions/pages';
import { ManagerPage } from './manager-page';

/** The index route (the app's home page, https://app.hubspot.com/app/{HubID}/{appId}). */
function ManagerHome() {
  const context = useExtensionContext<'pages'>();
  const actions = useExtensionActions<'pages'>();
  return <ManagerPage context={context} actions={actions} />;
}

/**
 * The app pages router (platform 2026.03 app pages: createPageRouter with an index route,
 * https://developers.hubspot.com/docs/apps/developer-platform/add-features/ui-extensions/extension-points/app-pages/page-routing).
 */
export const ManagerPages = createPageRouter(
  <PageRoutes>
    <PageRoutes.IndexRoute component={ManagerHome} />
  </PageRoutes>,
);
