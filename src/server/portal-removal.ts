import type { Logger } from '../logger';
import type { Metrics } from '../observability/metrics';
import { uninstallApp } from '../hubspot/app-uninstall';
import { HubSpotError, errSummary } from '../hubspot/errors';
import { OAuthError, type OAuthService } from '../hubspot/oauth';
import type { PortalClient } from '../hubspot/portal-client';
import type { InstallationStatus } from '../hubspot/installations';
import type { PortalDataReport } from '../../webhooks/portal-data';

/**
 * Disconnect (settings page) and forget (operator, `npm run portal:forget`): uninstall Stepwise
 * from the portal at HubSpot, revoke its refresh token, then delete every piece of Stepwise data
 * about the portal in Redis (tokens, settings, queued jobs, dead letters, aggregates, caches).
 * Properties and deal values stay in HubSpot: they are the customer's data.
 *
 * Order: the Uninstall App API is called FIRST, with a live access token, because it is what
 * removes the app (cards, webhooks) from the account; revoking the refresh token first could
 * leave no token to call it with. The refresh token is revoked next (usually already dead after
 * the uninstall — that counts as revoked). A transient HubSpot failure of the uninstall stops
 * here with nothing deleted, so trying again later finishes the job; a token HubSpot no longer
 * accepts means the app is already gone there, and only local data is deleted.
 */
export type HubSpotStep = 'done' | 'already_invalid' | 'skipped';

export interface PortalRemovalReport {
  portalId: string;
  /** Installation status before the removal. */
  wasInstalled: InstallationStatus;
  /** Uninstall App API: done, already_invalid (token no longer accepted), skipped (local only / nothing installed). */
  uninstall: HubSpotStep;
  /** Refresh-token revocation: same values; 'failed' when HubSpot refused it after the uninstall. */
  revoke: HubSpotStep | 'failed';
  local: PortalDataReport;
}

export class PortalRemovalError extends Error {
  constructor(
    readonly code: 'HUBSPOT_UNAVAILABLE' | 'HUBSPOT_REFUSED',
    message: string,
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
    this.name = 'PortalRemovalError';
  }
}

export interface PortalRemovalDeps {
  installations: {
    status(portalId: string): Promise<InstallationStatus>;
    refreshTokenOf(portalId: string): Promise<string | null>;
    markUninstalled(portalId: string, reason: string): Promise<void>;
  };
  oauth: Pick<OAuthService, 'revoke'>;
  portals: { forPortal(portalId: string): PortalClient };
  deleteData(portalId: string): Promise<PortalDataReport>;
  metrics?: Metrics;
  logger?: Logger;
}

export interface RemoveOptions {
  /** 'disconnect' (settings page) or 'forget' (operator). */
  how: 'disconnect' | 'forget';
  /** Skip HubSpot entirely and only delete local data (operator, HubSpot unreachable). */
  localOnly?: boolean;
}

export type PortalRemoval = (portalId: string, options: RemoveOptions) => Promise<PortalRemovalReport>;

/** A token HubSpot no longer accepts (or none at all): the app is already gone there. */
function tokenGone(err: unknown): boolean {
  return err instanceof HubSpotError && err.code === 'UNAUTHORIZED';
}

export function createPortalRemoval(deps: PortalRemovalDeps): PortalRemoval {
  return async (portalId, options) => {
    const wasInstalled = await deps.installations.status(portalId);
    let uninstall: HubSpotStep = 'skipped';
    let revoke: PortalRemovalReport['revoke'] = 'skipped';
    // Read before the uninstall: a refresh during the call may not leave it in place.
    const refreshToken =
      options.localOnly === true || wasInstalled !== 'installed'
        ? null
        : await deps.installations.refreshTokenOf(portalId);
    if (options.localOnly !== true && wasInstalled === 'installed') {
      try {
        await uninstallApp(deps.portals.forPortal(portalId));
        uninstall = 'done';
      } catch (err) {
        if (!tokenGone(err)) {
          const retryable = err instanceof HubSpotError && err.retryable;
          deps.logger?.warn({ portalId, err: errSummary(err) }, 'uninstall at HubSpot failed; nothing deleted');
          throw new PortalRemovalError(
            retryable ? 'HUBSPOT_UNAVAILABLE' : 'HUBSPOT_REFUSED',
            `HubSpot did not uninstall Stepwise from portal ${portalId} (${err instanceof Error ? err.message : String(err)}). ` +
              'Nothing was deleted; try again' +
              (retryable ? ' in a minute.' : ', or remove only the local data with --local-only.'),
            err instanceof HubSpotError ? err.retryAfterMs : null,
          );
        }
        uninstall = 'already_invalid';
      }
      if (refreshToken !== null) {
        try {
          revoke = (await deps.oauth.revoke(refreshToken)) === 'revoked' ? 'done' : 'already_invalid';
        } catch (err) {
          // The app is already uninstalled; a refused revocation leaves a token HubSpot itself
          // invalidates with the install, so the removal goes on.
          revoke = 'failed';
          deps.logger?.warn(
            { portalId, err: err instanceof OAuthError ? err.toJSON() : errSummary(err) },
            'refresh-token revocation failed after the uninstall',
          );
        }
      } else {
        revoke = 'already_invalid';
      }
    }
    // Stops the worker and the card API for the portal before its keys go.
    if (wasInstalled !== 'unknown') await deps.installations.markUninstalled(portalId, options.how);
    const local = await deps.deleteData(portalId);
    deps.metrics?.portalsRemoved.inc({ how: options.how });
    deps.logger?.warn(
      { portalId, how: options.how, wasInstalled, uninstall, revoke, ...local },
      'portal data deleted (HubSpot properties and deal values kept)',
    );
    return { portalId, wasInstalled, uninstall, revoke, local };
  };
}
