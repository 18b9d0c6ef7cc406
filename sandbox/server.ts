import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { SandboxAdmin, type PortalSeed } from './admin';
import { CallLog } from './call-log';
import {
  SandboxHttpError,
  correlationId,
  expiredAuthentication,
  hubspotError,
  invalidAuthentication,
  invalidJson,
  missingScopes,
  rateLimited,
  lockedOrMigrating,
  serverErrorBody,
  serverErrorHtml,
} from './errors';
import { FaultInjector, type FaultRule } from './faults';
import { OAuthStore, type AccessTokenRecord } from './oauth-store';
import { PortalRateLimiter, rateLimitHeaders, type RateLimitConfig } from './rate-limit';
import { Router, type HttpMethod, type HttpResult, type RouteContext } from './router';
import { registerAccountRoutes } from './routes/account';
import { registerListRoutes, sandboxLists, type SandboxList } from './routes/lists';
import { registerAdminRoutes } from './routes/admin';
import { WorkflowActionRunner } from './workflow-actions';
import { registerAssociationRoutes } from './routes/associations';
import { registerObjectRoutes } from './routes/objects';
import { registerOAuthRoutes } from './routes/oauth';
import { registerPipelineRoutes } from './routes/pipelines';
import { registerPropertyRoutes } from './routes/properties';
import { ALL_SCOPES, type SandboxOAuthOptions, type SandboxServices } from './services';
import { CrmState } from './state';
import type { PortalInput, SandboxApp } from './types';
import { WebhookDispatcher, type WebhookSettings, type WebhookSubscriptionInput } from './webhooks';

/**
 * startSandbox: a local HTTP server that plays HubSpot for Stepwise — OAuth, CRM properties,
 * deals and contacts (batch, search), associations v4, pipelines, account info — with
 * HubSpot's shapes, per-portal rate limits, error bodies, fault injection, a call log and
 * signed webhooks. Point @hubspot/api-client at `sandbox.url` (basePath).
 */

export interface SandboxOptions {
  /** Port to listen on (default 0 = a free port). */
  port?: number;
  /** Interface (default 127.0.0.1). */
  host?: string;
  /** The OAuth app (client id/secret used by the token endpoint and to sign webhooks). */
  app?: Partial<SandboxApp>;
  /** Access token lifetime (default 1800 s, as HubSpot). */
  accessTokenTtlSeconds?: number;
  /** Portals to create at start. */
  portals?: PortalInput[];
  /** Seeds to apply at start (portals are created when missing). */
  seeds?: PortalSeed[];
  /** Portal that /oauth/authorize installs into when the URL names none (default: first portal). */
  installPortalId?: number;
  /** Scopes granted by admin installs and by authorize requests without `scope` (default: all Stepwise scopes). */
  defaultScopes?: string[];
  /** OAuth behaviour: v1 endpoints (default off, as after HubSpot's sunset) and exact matching (default on). */
  oauth?: Partial<SandboxOAuthOptions>;
  rateLimit?: Partial<RateLimitConfig>;
  /** Fault rules active from the start. */
  faults?: FaultRule[];
  /** Seed of the RNG behind fault decisions and webhook shuffles (default 1). */
  seed?: number;
  webhooks?: Partial<WebhookSettings> & { subscriptions?: WebhookSubscriptionInput[] };
  /** Clock (epoch ms) for token expiry, timestamps and rate windows (default Date.now). */
  now?: () => number;
  /** Serve the `/_sandbox/*` admin API over HTTP (default true). */
  adminHttp?: boolean;
  /** Call-log capacity (default 200 000). */
  maxCallRecords?: number;
  /** Request bodies larger than this answer 413 (default 20 MB). */
  maxBodyBytes?: number;
  /** Called with unexpected handler errors (they answer 500). */
  onError?: (err: unknown) => void;
}

export interface Sandbox {
  /** Base URL (`http://127.0.0.1:<port>`): the SDK's basePath / HUBSPOT_API_BASE_URL. */
  readonly url: string;
  readonly port: number;
  /** `${url}/oauth/authorize`: HUBSPOT_AUTHORIZE_URL for the app. */
  readonly authorizeUrl: string;
  readonly app: SandboxApp;
  /** Portals, installs, seeds, user edits (CRM_UI webhooks), raw state. */
  readonly admin: SandboxAdmin;
  /** Latency / 5xx / 429 bursts / dropped connections. */
  readonly faults: FaultInjector;
  /** Per-portal rate limits (configure, reset). */
  readonly rateLimit: PortalRateLimiter;
  /** Every API call answered. */
  readonly calls: CallLog;
  /** Webhook subscriptions, target, deliveries, pause/resume, duplicate/drop/reorder/replay. */
  readonly webhooks: WebhookDispatcher;
  /** The deal lists created in a portal through the Lists API. */
  lists(portalId: number): readonly SandboxList[];
  /** Runs custom workflow actions against the app's actionUrl, signed as HubSpot does. */
  readonly workflows: WorkflowActionRunner;
  /** Resolves when every pending webhook delivery has settled. */
  webhooksIdle(): Promise<void>;
  /** Closes the server, timers and pending deliveries. */
  stop(): Promise<void>;
}

export const DEFAULT_APP: SandboxApp = {
  clientId: 'sandbox-client-id',
  clientSecret: 'sandbox-client-secret',
  appId: 4_242_001,
  redirectUris: [],
  scopes: [],
};

function bearer(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const m = /^Bearer\s+(.+)$/i.exec(header.trim());
  return m?.[1]?.trim();
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? null : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

const METHODS = new Set<string>(['GET', 'POST', 'PATCH', 'PUT', 'DELETE']);

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const now = options.now ?? Date.now;
  const app: SandboxApp = {
    ...DEFAULT_APP,
    ...options.app,
    redirectUris: [...(options.app?.redirectUris ?? [])],
    scopes: [...(options.app?.scopes ?? [])],
  };
  const state = new CrmState(now);
  const oauth = new OAuthStore(now, options.accessTokenTtlSeconds ?? 1800);
  const limiter = new PortalRateLimiter(options.rateLimit ?? {});
  const faults = new FaultInjector(options.seed ?? 1, now);
  for (const rule of options.faults ?? []) faults.add(rule);
  const calls = new CallLog(options.maxCallRecords);
  const { subscriptions = [], ...webhookSettings } = options.webhooks ?? {};
  const webhooks = new WebhookDispatcher(
    {
      app,
      now,
      isInstalled: (id) => state.hasPortal(id) && state.portalInfo(id).installed,
      seed: options.seed ?? 1,
    },
    webhookSettings,
    subscriptions,
  );
  state.onChange((change) => webhooks.handleChange(change));

  const services: SandboxServices = {
    state,
    oauth,
    app,
    limiter,
    faults,
    calls,
    webhooks,
    now,
    installPortalId: options.installPortalId ?? null,
    defaultScopes: [...(options.defaultScopes ?? ALL_SCOPES)],
    oauthOptions: { v1: options.oauth?.v1 ?? false, strictMatching: options.oauth?.strictMatching ?? true },
  };
  const admin = new SandboxAdmin(state, oauth, services.defaultScopes, (id) => {
    services.installPortalId = id;
  });
  if (options.installPortalId !== undefined) admin.setInstallPortal(options.installPortalId);
  for (const p of options.portals ?? []) admin.createPortal(p);
  for (const seed of options.seeds ?? []) admin.seed(seed);

  const router = new Router();
  registerOAuthRoutes(router, services);
  registerPropertyRoutes(router, services);
  registerObjectRoutes(router, services);
  registerAssociationRoutes(router, services);
  registerPipelineRoutes(router, services);
  registerAccountRoutes(router, services);
  registerListRoutes(router, services);
  const workflows = new WorkflowActionRunner(services.app, services.now);
  if (options.adminHttp !== false) registerAdminRoutes(router, services, admin, workflows);

  const maxBody = options.maxBodyBytes ?? 20 * 1024 * 1024;
  const sleepers = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();
  let stopped = false;
  let baseUrl = '';

  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const entry = {
        timer: setTimeout(() => {
          sleepers.delete(entry);
          resolve();
        }, ms),
        resolve,
      };
      sleepers.add(entry);
    });

  const send = (res: ServerResponse, result: HttpResult, extra: Record<string, string>): number => {
    if (res.destroyed || res.writableEnded) return 0;
    const headers: Record<string, string> = { ...extra, ...(result.headers ?? {}) };
    let payload: string | undefined;
    if (result.text !== undefined) {
      payload = result.text;
      headers['Content-Type'] = result.contentType ?? 'text/html;charset=utf-8';
    } else if (result.status !== 204 && result.status !== 302 && result.body !== undefined) {
      payload = JSON.stringify(result.body);
      headers['Content-Type'] = 'application/json;charset=utf-8';
    }
    const bytes = payload === undefined ? 0 : Buffer.byteLength(payload);
    headers['Content-Length'] = String(bytes);
    res.writeHead(result.status, headers);
    res.end(payload);
    return bytes;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const arrival = now();
    const t0 = performance.now();
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', baseUrl);
    const path = url.pathname;
    const body = await readBody(req, maxBody);
    const match = METHODS.has(method)
      ? router.match(method, path)
      : ({ found: false, methodNotAllowed: true } as const);
    const def = match.found ? match.def : null;
    const isAdmin = def?.auth === 'admin' || path.startsWith('/_sandbox/');

    let token: AccessTokenRecord | null = null;
    let authError: SandboxHttpError | null = null;
    if (def?.auth === 'portal') {
      const check = oauth.checkAccess(bearer(req.headers.authorization));
      if (check.ok) token = check.record;
      else
        authError =
          check.reason === 'expired'
            ? expiredAuthentication(check.expiredAt, arrival)
            : invalidAuthentication();
    }
    const info = { method, path, route: def?.pattern ?? null, portalId: token?.portalId ?? null };
    let faultId: string | null = null;
    if (!isAdmin) {
      const ms = faults.latencyFor(info);
      if (ms > 0) {
        faultId = 'latency';
        await sleep(ms);
      }
    }
    if (stopped) return;

    const record = (status: number, responseBytes: number): void => {
      if (isAdmin) return;
      calls.record({
        at: arrival,
        method,
        path,
        route: info.route,
        portalId: info.portalId,
        status,
        durationMs: performance.now() - t0,
        requestBytes: body?.length ?? 0,
        responseBytes,
        fault: faultId,
      });
    };

    let result: HttpResult | null = null;
    let extra: Record<string, string> = { 'X-HubSpot-Correlation-Id': correlationId() };
    try {
      if (body === null)
        throw hubspotError(413, 'VALIDATION_ERROR', `Request body exceeds ${maxBody} bytes.`);
      if (!match.found || def === null) {
        throw match.found === false && match.methodNotAllowed
          ? hubspotError(405, 'VALIDATION_ERROR', `HTTP method ${method} is not supported by this resource.`)
          : hubspotError(404, 'OBJECT_NOT_FOUND', `No route for ${method} ${path}`);
      }
      if (authError !== null) throw authError;
      const action = isAdmin ? null : faults.actionFor(info);
      if (action !== null) {
        faultId = action.ruleId;
        if (action.type === 'disconnect') {
          record(0, 0);
          req.socket.destroy();
          return;
        }
        if (action.type === 'rate-limit') {
          throw rateLimited({
            policy: action.policy,
            groupName: `publicapi:oauth-app-api-calls-ten-secondly:${app.appId}:${info.portalId ?? 0}`,
            retryAfterSeconds: action.retryAfterSeconds,
            headers: rateLimitHeaders(limiter.settings.max, 0, limiter.settings.windowMs),
          });
        }
        if (action.type !== 'error') {
          throw lockedOrMigrating(action.type, action.retryAfterSeconds);
        }
        result = action.html
          ? { status: action.status, text: serverErrorHtml(action.status), contentType: 'text/html' }
          : { status: action.status, body: serverErrorBody(action.status) };
      }
      if (result === null && def.auth === 'portal' && token !== null) {
        const search = def.kind === 'search';
        const decision = limiter.check(token.portalId, search ? 'search' : 'general', arrival);
        const headers = search
          ? {}
          : rateLimitHeaders(decision.max, decision.ok ? decision.remaining : 0, decision.windowMs);
        if (!decision.ok) {
          throw rateLimited({
            policy: decision.policy,
            groupName:
              decision.policy === 'SECONDLY'
                ? `publicapi:search-api-calls-secondly:${token.portalId}`
                : `publicapi:oauth-app-api-calls-ten-secondly:${app.appId}:${token.portalId}`,
            retryAfterSeconds: decision.retryAfterMs / 1000,
            headers,
          });
        }
        extra = { ...extra, ...headers };
      }
      if (result === null) {
        const tok = token;
        let jsonCache: { v: unknown } | null = null;
        const raw = body;
        const ctx: RouteContext = {
          method: method as HttpMethod,
          path,
          query: url.searchParams,
          params: match.params,
          headers: req.headers,
          rawBody: raw,
          now: arrival,
          baseUrl,
          portalId: tok?.portalId ?? 0,
          token: tok,
          source: { changeSource: 'INTEGRATION', sourceId: String(app.appId) },
          json() {
            if (jsonCache === null) {
              const text = raw.toString('utf8');
              if (text.trim() === '') jsonCache = { v: undefined };
              else {
                try {
                  jsonCache = { v: JSON.parse(text) as unknown };
                } catch (err) {
                  throw invalidJson(err instanceof Error ? err.message : String(err));
                }
              }
            }
            return jsonCache.v;
          },
          form() {
            return new URLSearchParams(raw.toString('utf8'));
          },
          requireScopes(anyOf) {
            if (tok === null) return;
            if (!anyOf.some((sc) => tok.scopes.includes(sc))) throw missingScopes(anyOf);
          },
        };
        result = await def.handler(ctx);
      }
    } catch (err) {
      if (err instanceof SandboxHttpError) {
        result = { status: err.status, body: err.body, headers: err.headers };
      } else {
        options.onError?.(err);
        result = { status: 500, body: serverErrorBody(500) };
      }
    }
    if (stopped) return;
    record(result.status, send(res, result, extra));
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      options.onError?.(err);
      if (!res.headersSent && !res.destroyed) {
        res.writeHead(500, { 'Content-Type': 'application/json;charset=utf-8' });
        res.end(JSON.stringify(serverErrorBody(500)));
      }
    });
  });
  server.on('clientError', (_err, socket) => socket.destroy());
  server.keepAliveTimeout = 5_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = options.host ?? '127.0.0.1';
  baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;

  return {
    url: baseUrl,
    port: address.port,
    authorizeUrl: `${baseUrl}/oauth/authorize`,
    app,
    admin,
    faults,
    rateLimit: limiter,
    calls,
    webhooks,
    workflows,
    lists: (portalId) => [...sandboxLists(services, portalId)],
    webhooksIdle: () => webhooks.idle(),
    async stop() {
      if (stopped) return;
      stopped = true;
      webhooks.stop();
      for (const s of sleepers) {
        clearTimeout(s.timer);
        s.resolve();
      }
      sleepers.clear();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
