import type { PortalSeed, SandboxAdmin, UserEdit } from '../admin';
import { SandboxHttpError } from '../errors';
import type { FaultRule } from '../faults';
import type { RateLimitConfig } from '../rate-limit';
import type { RouteContext, Router } from '../router';
import type { SandboxServices } from '../services';
import { parseObjectType, type PortalInput } from '../types';
import type { WebhookSettings, WebhookSubscriptionInput } from '../webhooks';
import type { WorkflowActionRunner } from '../workflow-actions';

/**
 * `/_sandbox/*`: the admin API over HTTP, for the standalone sandbox (scripts/sandbox.ts) and
 * tools outside the test process. Not rate limited, not in the call log.
 */

function adminError(status: number, message: string): SandboxHttpError {
  return new SandboxHttpError(status, { status: 'error', message, category: 'SANDBOX_ADMIN' });
}

function obj(ctx: RouteContext): Record<string, unknown> {
  const body = ctx.json();
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw adminError(400, 'Expected a JSON object body.');
  return body as Record<string, unknown>;
}

function portalParam(ctx: RouteContext, s: SandboxServices): number {
  const id = Number(ctx.params['portalId']);
  if (!Number.isInteger(id) || !s.state.hasPortal(id))
    throw adminError(404, `No portal ${ctx.params['portalId']}`);
  return id;
}

function guard<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof SandboxHttpError) throw err;
    throw adminError(400, err instanceof Error ? err.message : String(err));
  }
}

/** JSON can't carry RegExp: `{ path: "/crm/v3", pathRegex: "batch/read$" }`. */
function reviveRule(raw: Record<string, unknown>): FaultRule {
  const rule = { ...raw } as Record<string, unknown>;
  const filter = rule['filter'] as Record<string, unknown> | undefined;
  if (filter !== undefined && typeof filter['pathRegex'] === 'string') {
    const { pathRegex, ...rest } = filter;
    rule['filter'] = { ...rest, path: new RegExp(pathRegex as string) };
  }
  return rule as unknown as FaultRule;
}

export function registerAdminRoutes(
  router: Router,
  s: SandboxServices,
  admin: SandboxAdmin,
  workflows: WorkflowActionRunner,
): void {
  const add = (
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    pattern: string,
    handler: (ctx: RouteContext) => unknown,
    status = 200,
  ) =>
    router.add({
      method,
      pattern: `/_sandbox${pattern}`,
      auth: 'admin',
      handler: (ctx) => {
        const body = guard(() => handler(ctx));
        return body === undefined ? { status: 204 } : { status, body };
      },
    });

  add('GET', '/portals', () => ({ results: admin.portals() }));
  add('POST', '/portals', (ctx) => admin.createPortal(obj(ctx) as unknown as PortalInput), 201);
  add('GET', '/portals/:portalId/state', (ctx) => admin.snapshot(portalParam(ctx, s)));
  add('POST', '/portals/:portalId/install', (ctx) => {
    const body = ctx.rawBody.length > 0 ? obj(ctx) : {};
    const scopes = Array.isArray(body['scopes']) ? (body['scopes'] as string[]) : undefined;
    return admin.install(portalParam(ctx, s), scopes !== undefined ? { scopes } : {});
  });
  add('POST', '/portals/:portalId/uninstall', (ctx) => {
    admin.uninstall(portalParam(ctx, s));
    return undefined;
  });
  add('POST', '/portals/:portalId/expire-tokens', (ctx) => ({
    expired: admin.expireAccessTokens(portalParam(ctx, s)),
  }));
  add('POST', '/portals/:portalId/user-edits', (ctx) => {
    const portalId = portalParam(ctx, s);
    const body = obj(ctx);
    const type = parseObjectType(String(body['objectType'] ?? ''));
    if (type === undefined) throw adminError(400, 'objectType must be deals or contacts');
    const edit: UserEdit = {
      objectType: type,
      objectId: String(body['objectId'] ?? ''),
      properties: (body['properties'] ?? {}) as Record<string, string | null>,
      ...(typeof body['userId'] === 'number' ? { userId: body['userId'] } : {}),
    };
    return admin.userEdit(portalId, edit);
  });
  add('POST', '/portals/:portalId/associations', (ctx) => {
    const portalId = portalParam(ctx, s);
    const body = obj(ctx);
    return {
      changed: admin.userAssociate(portalId, String(body['dealId'] ?? ''), String(body['contactId'] ?? ''), {
        remove: body['remove'] === true,
      }),
    };
  });
  // A workflow running a custom action on a deal: `{ actionUrl, dealId, inputFields?, callbackId?, withV3? }`.
  router.add({
    method: 'POST',
    pattern: '/_sandbox/portals/:portalId/workflow-actions/run',
    auth: 'admin',
    handler: async (ctx) => {
      const portalId = portalParam(ctx, s);
      const body = obj(ctx);
      if (typeof body['actionUrl'] !== 'string' || typeof body['dealId'] !== 'string')
        throw adminError(400, 'actionUrl and dealId (strings) are required');
      const answer = await workflows.run({
        actionUrl: body['actionUrl'],
        portalId,
        dealId: body['dealId'],
        ...(typeof body['inputFields'] === 'object' && body['inputFields'] !== null
          ? { inputFields: body['inputFields'] as Record<string, string> }
          : {}),
        ...(typeof body['callbackId'] === 'string' ? { callbackId: body['callbackId'] } : {}),
        ...(body['withV3'] === true ? { withV3: true } : {}),
      });
      return { status: 200, body: { status: answer.status, body: answer.body, callbackId: answer.callbackId } };
    },
  });
  add('POST', '/seed', (ctx) => admin.seed(obj(ctx) as unknown as PortalSeed), 201);

  add('GET', '/rate-limit', () => s.limiter.settings);
  add('PUT', '/rate-limit', (ctx) => {
    s.limiter.configure(obj(ctx) as Partial<RateLimitConfig>);
    return s.limiter.settings;
  });
  add('POST', '/rate-limit/reset', () => {
    s.limiter.reset();
    return undefined;
  });

  add('GET', '/faults', () => ({ results: s.faults.list().map((r) => ({ ...r, rule: { ...r.rule } })) }));
  add('POST', '/faults', (ctx) => ({ id: s.faults.add(reviveRule(obj(ctx))) }), 201);
  add('DELETE', '/faults', () => {
    s.faults.clear();
    return undefined;
  });
  add('DELETE', '/faults/:faultId', (ctx) => {
    if (!s.faults.remove(ctx.params['faultId'] ?? '')) throw adminError(404, 'No such fault rule');
    return undefined;
  });

  add('GET', '/calls', (ctx) => {
    const limit = Number(ctx.query.get('limit') ?? '100');
    const list = s.calls.list();
    return {
      total: list.length,
      byRoute: s.calls.countByRoute(),
      byStatus: s.calls.countByStatus(),
      recent: list.slice(-Math.max(0, limit)),
    };
  });
  add('DELETE', '/calls', () => {
    s.calls.reset();
    return undefined;
  });

  add('GET', '/webhooks', () => ({
    settings: s.webhooks.config,
    subscriptions: s.webhooks.subscriptions(),
    stats: s.webhooks.stats(),
  }));
  add('PUT', '/webhooks', (ctx) => {
    const body = obj(ctx);
    const { subscriptions, ...settings } = body;
    if (Array.isArray(subscriptions))
      s.webhooks.setSubscriptions(subscriptions as WebhookSubscriptionInput[]);
    s.webhooks.configure(settings as Partial<WebhookSettings>);
    return { settings: s.webhooks.config, subscriptions: s.webhooks.subscriptions() };
  });
  add('GET', '/webhooks/deliveries', () => ({ results: s.webhooks.deliveries() }));
  add('POST', '/webhooks/pause', () => {
    s.webhooks.pause();
    return undefined;
  });
  add('POST', '/webhooks/resume', () => {
    s.webhooks.resume();
    return undefined;
  });
  add(
    'POST',
    '/webhooks/deliveries/:deliveryId/replay',
    (ctx) => s.webhooks.replay(Number(ctx.params['deliveryId'])),
    201,
  );
}
