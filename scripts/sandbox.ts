/**
 * Starts the local HubSpot sandbox standalone, seeded with the demo portals.
 *
 *   npx tsx scripts/sandbox.ts [--port=3999] [--host=127.0.0.1] [--stepwise-inputs] [--no-seed]
 *       [--webhook-target=http://127.0.0.1:3000/webhooks/hubspot] [--webhooks-hsmeta=path.json]
 *       [--rate-max=100] [--token-ttl=1800] [--install]
 *
 * Client id/secret default to HUBSPOT_CLIENT_ID / HUBSPOT_CLIENT_SECRET (so webhooks are signed
 * with the app's secret); the webhook target defaults to $PUBLIC_BASE_URL/webhooks/hubspot.
 * Prints `SANDBOX_URL=…` and the environment lines for Stepwise, then runs until SIGINT/SIGTERM.
 * Admin API: http://<host>:<port>/_sandbox/… (portals, user-edits, faults, calls, webhooks).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createLogger } from '../src/logger';
import { stepwiseSubscriptions } from '../sandbox/default-subscriptions';
import { DEMO_PORTAL_ID, demoPortalSeed, secondPortalSeed } from '../sandbox/seed-data';
import { startSandbox } from '../sandbox/server';
import { subscriptionsFromHsMeta, type WebhookSubscriptionInput } from '../sandbox/webhooks';

const DEFAULT_HSMETA = 'extensions/app/webhooks/webhooks-hsmeta.json';

function arg(name: string): string | undefined {
  const hit = process.argv.find((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (hit === undefined) return undefined;
  return hit.includes('=') ? hit.slice(hit.indexOf('=') + 1) : '';
}

function numberArg(name: string, fallback: number): number {
  const raw = arg(name);
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n)) throw new Error(`--${name} must be a number (got ${raw})`);
  return n;
}

function subscriptions(log: ReturnType<typeof createLogger>): WebhookSubscriptionInput[] {
  const path = arg('webhooks-hsmeta') ?? (existsSync(DEFAULT_HSMETA) ? DEFAULT_HSMETA : undefined);
  if (path === undefined) return stepwiseSubscriptions();
  const subs = subscriptionsFromHsMeta(JSON.parse(readFileSync(path, 'utf8')) as unknown);
  log.info({ path, subscriptions: subs.length }, 'webhook subscriptions loaded');
  return subs.length > 0 ? subs : stepwiseSubscriptions();
}

async function main(): Promise<void> {
  const log = createLogger({ level: process.env['LOG_LEVEL'] ?? 'info' });
  const publicBase = process.env['PUBLIC_BASE_URL']?.replace(/\/+$/, '');
  const target =
    arg('webhook-target') ?? (publicBase !== undefined ? `${publicBase}/webhooks/hubspot` : undefined);
  const seed = arg('no-seed') === undefined;
  const sandbox = await startSandbox({
    port: numberArg('port', 3999),
    host: arg('host') ?? '127.0.0.1',
    app: {
      clientId: process.env['HUBSPOT_CLIENT_ID'] ?? 'sandbox-client-id',
      clientSecret: process.env['HUBSPOT_CLIENT_SECRET'] ?? 'sandbox-client-secret',
    },
    accessTokenTtlSeconds: numberArg('token-ttl', 1800),
    rateLimit: { max: numberArg('rate-max', 100) },
    seeds: seed
      ? [demoPortalSeed({ stepwiseInputs: arg('stepwise-inputs') !== undefined }), secondPortalSeed()]
      : [],
    ...(seed ? { installPortalId: DEMO_PORTAL_ID } : {}),
    webhooks: { targetUrl: target ?? null, subscriptions: subscriptions(log) },
    onError: (err) => log.error({ err }, 'sandbox handler error'),
  });

  process.stdout.write(
    [
      `SANDBOX_URL=${sandbox.url}`,
      `HUBSPOT_API_BASE_URL=${sandbox.url}`,
      `HUBSPOT_AUTHORIZE_URL=${sandbox.authorizeUrl}`,
      `HUBSPOT_CLIENT_ID=${sandbox.app.clientId}`,
      '',
    ].join('\n'),
  );
  log.info(
    {
      url: sandbox.url,
      portals: sandbox.admin.portals().map((p) => ({ portalId: p.portalId, name: p.name })),
      webhookTarget: target ?? null,
    },
    'HubSpot sandbox listening',
  );
  if (arg('install') !== undefined && seed) {
    const tokens = sandbox.admin.install(DEMO_PORTAL_ID);
    process.stdout.write(
      `SANDBOX_ACCESS_TOKEN=${tokens.accessToken}\nSANDBOX_REFRESH_TOKEN=${tokens.refreshToken}\n`,
    );
  }

  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping HubSpot sandbox');
    sandbox.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err }, 'sandbox stop failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  process.stderr.write(`sandbox failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
