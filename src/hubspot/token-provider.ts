/**
 * Supplies a valid (refreshed-if-needed) HubSpot access token for an installed portal.
 * Implemented by `InstallationStore` (src/hubspot/installations.ts); consumed by PortalClients.
 */
export interface TokenProvider {
  getAccessToken(portalId: string): Promise<string>;
}
