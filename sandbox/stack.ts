import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Writable } from 'node:stream';
import { loadConfig, type Config } from '../src/config/env';
import { signedHeaders } from '../src/hubspot/signature';
import { createLogger } from '../src/logger';
import { startService, type Service, type ServiceOptions } from '../src/main';
import { freePort } from './redis-server';
import { startSandbox, subscriptionsFromHsMeta, type Sandbox, type SandboxOptions } from './';

/**
 * The whole loop on one machine: the local HubSpot sandbox, the Stepwise service (web + worker)
 * pointed at it, webhooks from the sandbox to the service. Used by the demo, the end-to-end tests
 * and the benchmark.
 */
export interface StackOptions {
  redisUrl: string;
  /** Redis key prefix of the service (unique per stack when several share one Redis). */
  prefix?: string;
  sandbox?: SandboxOptions;
  service?: Omit<ServiceOptions, 'prefix'>;
  logLevel?: Config['logLevel'];
  /** 'all' (default) runs web + worker in this process; 'web' leaves the worker to another process. */
  role?: 'all' | 'web';
  /** Where service logs go (default: discarded unless logLevel is set, then stderr). */
  logDestination?: Writable;
}

export interface Stack {
  /** Environment for another Stepwise process (e.g. `--role worker`) joining this stack. */
  readonly env: Record<string, string>;
  readonly sandbox: Sandbox;
  readonly service: Service;
  readonly config: Config;
  /** http://127.0.0.1:<port> — PUBLIC_BASE_URL of the service. */
  readonly baseUrl: string;
  /** Installs Stepwise into a sandbox portal through the real OAuth redirect flow; returns the success page. */
  install(portalId: number): Promise<string>;
  /** A request signed like HubSpot's `hubspot.fetch` (portalId/userId in the query, v3 signature). */
  cardFetch(
    portalId: number,
    method: string,
    path: string,
    body?: unknown,
    query?: Record<string, string>,
  ): Promise<Response>;
  /**
   * HubSpot's `hubspot.fetch` proxy (sandbox/fetch-proxy.ts) for a user of `portalId`: requests
   * to `backendOrigin` (the card's BACKEND_URL) reach this stack's Stepwise, signed like HubSpot.
   */
  hubspotFetch(
    portalId: number,
    backendOrigin: string,
    options?: Partial<Pick<FetchProxyOptions, 'onAttempt' | 'userId' | 'userEmail'>>,
  ): HubSpotFetch;
  /** Resolves when webhooks, queue and pending work have all drained (stable for `settleMs`). */
  waitForQuiet(options?: { timeoutMs?: number; settleMs?: number }): Promise<void>;
  stop(): Promise<void>;
}

import { createHubSpotFetch, type FetchProxyOptions, type HubSpotFetch } from './fetch-proxy';

const HSMETA = fileURLToPath(new URL('../extensions/app/webhooks/webhooks-hsmeta.json', import.meta.url));

/** The app's real webhook subscriptions, as committed in the HubSpot project. */
export function projectSubscriptions(): ReturnType<typeof subscriptionsFromHsMeta> {
  return subscriptionsFromHsMeta(JSON.parse(readFileSync(HSMETA, 'utf8')));
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function startStack(options: StackOptions): Promise<Stack> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const sandbox = await startSandbox({
    ...options.sandbox,
    app: { redirectUris: [`${baseUrl}/oauth/callback`], ...options.sandbox?.app },
    webhooks: {
      subscriptions: projectSubscriptions(),
      // HubSpot's retry schedule (10 tries over 24 h) 10 000× faster: 24 h of retries in 8.6 s.
      clockSpeed: 10_000,
      ...options.sandbox?.webhooks,
      targetUrl: `${baseUrl}/webhooks/hubspot`,
    },
  });
  const env: Record<string, string> = {
    HUBSPOT_CLIENT_ID: sandbox.app.clientId,
    HUBSPOT_CLIENT_SECRET: sandbox.app.clientSecret,
    PUBLIC_BASE_URL: baseUrl,
    REDIS_URL: options.redisUrl,
    TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    PORT: String(port),
    HUBSPOT_API_BASE_URL: sandbox.url,
    HUBSPOT_AUTHORIZE_URL: sandbox.authorizeUrl,
    LOG_LEVEL: options.logLevel ?? 'silent',
    NODE_ENV: 'test',
    ...(options.prefix === undefined ? {} : { REDIS_KEY_PREFIX: options.prefix }),
  };
  const config = loadConfig(env);
  const logger = createLogger({
    level: config.logLevel,
    ...(options.logDestination === undefined ? {} : { destination: options.logDestination }),
  });
  let service: Service;
  try {
    service = await startService(config, options.role ?? 'all', logger, {
      ...options.service,
      ...(options.prefix === undefined ? {} : { prefix: options.prefix }),
    });
  } catch (err) {
    await sandbox.stop();
    throw err;
  }

  const install = async (portalId: number): Promise<string> => {
    const start = await fetch(`${baseUrl}/oauth/install`, { redirect: 'manual' });
    const authorize = start.headers.get('location');
    if (start.status !== 302 || authorize === null)
      throw new Error(`install did not redirect (${start.status})`);
    const approve = await fetch(`${authorize}&portal=${portalId}`, { redirect: 'manual' });
    const callback = approve.headers.get('location');
    if (callback === null)
      throw new Error(`authorize did not redirect (${approve.status}): ${await approve.text()}`);
    const done = await fetch(callback, { redirect: 'manual' });
    const page = await done.text();
    if (done.status !== 200) throw new Error(`OAuth callback answered ${done.status}: ${page.slice(0, 500)}`);
    return page;
  };

  const cardFetch = async (
    portalId: number,
    method: string,
    path: string,
    body?: unknown,
    query: Record<string, string> = {},
  ): Promise<Response> => {
    const qs = new URLSearchParams({
      portalId: String(portalId),
      userId: '1001',
      userEmail: 'rep@example.com',
      appId: String(sandbox.app.appId),
      ...query,
    });
    const url = `${baseUrl}${path}?${qs.toString()}`;
    const raw = body === undefined ? '' : JSON.stringify(body);
    const headers: Record<string, string> = {
      ...signedHeaders({
        clientSecret: sandbox.app.clientSecret,
        method,
        uri: url,
        body: raw,
        now: Date.now(),
      }),
    };
    if (body !== undefined) headers['content-type'] = 'application/json';
    return fetch(url, { method, headers, ...(body === undefined ? {} : { body: raw }) });
  };

  const hubspotFetch: Stack['hubspotFetch'] = (portalId, backendOrigin, options = {}) =>
    createHubSpotFetch({
      clientSecret: sandbox.app.clientSecret,
      appId: sandbox.app.appId,
      portalId,
      userId: options.userId ?? 1001,
      userEmail: options.userEmail ?? 'rep@example.com',
      ...(options.onAttempt === undefined ? {} : { onAttempt: options.onAttempt }),
      proxy: { [backendOrigin]: baseUrl },
    });

  /**
   * True when no recompute work is queued, running or pending (the repeatable reconcile tick and
   * the sweeps it delayed to their portal's place in the period aside).
   */
  const queueIdle = async (): Promise<boolean> => {
    const q = service.queue.queue;
    const counts = await q.getJobCounts('waiting', 'active', 'prioritized', 'waiting-children');
    if (Object.values(counts).some((n) => n > 0)) return false;
    const delayed = await q.getJobs(['delayed'], 0, 200);
    if (delayed.some((j) => j.name !== 'reconcile-tick' && j.name !== 'reconcile')) return false;
    for (const p of sandbox.admin.portals()) {
      const pending = await service.queue.pending(String(p.portalId));
      if (Object.values(pending).some((n) => n > 0)) return false;
    }
    return true;
  };

  const waitForQuiet = async ({ timeoutMs = 60_000, settleMs = 400 } = {}): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    let quietSince: number | null = null;
    while (Date.now() < deadline) {
      await sandbox.webhooksIdle();
      if (await queueIdle()) {
        quietSince ??= Date.now();
        if (Date.now() - quietSince >= settleMs) return;
      } else quietSince = null;
      await sleep(50);
    }
    throw new Error(`the stack did not settle within ${timeoutMs} ms`);
  };

  return {
    env,
    sandbox,
    service,
    config,
    baseUrl,
    install,
    cardFetch,
    hubspotFetch,
    waitForQuiet,
    stop: async () => {
      await service.stop();
      await sandbox.stop();
    },
  };
}
