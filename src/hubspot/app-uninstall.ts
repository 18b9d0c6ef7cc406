import type { PortalClient } from './portal-client';

/**
 * HubSpot's Uninstall App API: the app removes itself from the account of the access token
 * (token needs the `oauth` scope). HubSpot answers 204 and emails the account's admins; app
 * cards and webhook subscriptions of that account go away.
 * https://developers.hubspot.com/docs/api-reference/2026-03/app-management/app-uninstalls/uninstall-app
 * https://developers.hubspot.com/docs/api-reference/latest/app-management/app-uninstalls/guide
 */
export const UNINSTALL_APP_PATH = '/appinstalls/2026-03/external-install';

/** Non-2xx answer in the SDK's ApiException shape, so classifyHubSpotError maps it like any call. */
class UninstallHttpError extends Error {
  constructor(
    readonly code: number,
    readonly body: unknown,
    readonly headers: Record<string, string>,
  ) {
    super(`Uninstall App API answered HTTP ${code}`);
    this.name = 'UninstallHttpError';
  }
}

/**
 * Uninstalls Stepwise from the portal through its PortalClient (token, rate limit, classified
 * errors: a 401 is HubSpotError UNAUTHORIZED, a 5xx SERVER_ERROR). Resolves on 2xx.
 */
export async function uninstallApp(portal: PortalClient): Promise<void> {
  await portal.call('appInstalls.uninstall', async (client) => {
    const res = await client.apiRequest({ method: 'DELETE', path: UNINSTALL_APP_PATH });
    if (res.status >= 200 && res.status < 300) return;
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text) as unknown;
    } catch {
      // keep the text
    }
    const headers: Record<string, string> = {};
    res.headers.forEach((value, name) => {
      headers[name] = value;
    });
    throw new UninstallHttpError(res.status, body, headers);
  });
}
