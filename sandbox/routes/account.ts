import type { Router } from '../router';
import type { SandboxServices } from '../services';

/** Account information (`/account-info/v3/details`) and the legacy `/integrations/v1/me`. */

function offset(ms: number): string {
  const sign = ms < 0 ? '-' : '+';
  const abs = Math.abs(ms);
  const h = Math.floor(abs / 3600_000);
  const m = Math.floor((abs % 3600_000) / 60_000);
  return `${sign}${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

export function registerAccountRoutes(router: Router, s: SandboxServices): void {
  router.add({
    method: 'GET',
    pattern: '/account-info/v3/details',
    auth: 'portal',
    handler: (ctx) => {
      ctx.requireScopes(['oauth']);
      const p = s.state.portalInfo(ctx.portalId);
      return {
        status: 200,
        body: {
          portalId: p.portalId,
          accountType: p.accountType,
          timeZone: p.timeZone,
          companyCurrency: p.currency,
          additionalCurrencies: p.additionalCurrencies,
          utcOffset: offset(p.utcOffsetMilliseconds),
          utcOffsetMilliseconds: p.utcOffsetMilliseconds,
          uiDomain: p.uiDomain,
          dataHostingLocation: p.dataHostingLocation,
        },
      };
    },
  });
  router.add({
    method: 'GET',
    pattern: '/integrations/v1/me',
    auth: 'portal',
    handler: (ctx) => {
      const p = s.state.portalInfo(ctx.portalId);
      return {
        status: 200,
        body: {
          portalId: p.portalId,
          timeZone: p.timeZone,
          accountType: p.accountType,
          currency: p.currency,
          utcOffset: offset(p.utcOffsetMilliseconds),
          utcOffsetMilliseconds: p.utcOffsetMilliseconds,
        },
      };
    },
  });
}
