import type { Server } from 'node:http';
import { pathToFileURL } from 'node:url';
import express from 'express';
import { compose } from './composition-root';
import { ConfigError, loadConfig, type Config } from './config/env';
import { createLogger, type Logger } from './logger';
import { UsageError, parseRole, type Role } from './server/cli';
import { createHealthRouter } from './server/health';
import type { RecomputeQueueHandle } from '../webhooks/queue';
import type { RecomputeWorker, WorkerOptions } from '../webhooks/worker';

/**
 * `npm start` — the Stepwise service.
 *   --role all     HTTP edge + worker in one process (default)
 *   --role web     HTTP edge only (install, webhooks, card API, health, metrics)
 *   --role worker  worker only (queue processing, backfill, reconcile), with /healthz and /metrics on PORT
 * SIGTERM/SIGINT: stop accepting requests, finish in-flight requests and the current jobs, close
 * queues and Redis, exit 0. An invalid configuration prints what is wrong and exits 1.
 */

const SHUTDOWN_GRACE_MS = 25_000;

export interface Service {
  /** Resolves when the HTTP server listens (if any) and the worker runs (if any). */
  readonly port: number | null;
  /** The recompute queue (producer side), e.g. to wait until work has drained. */
  readonly queue: RecomputeQueueHandle;
  stop(): Promise<void>;
}

/** Knobs for embedding the service (demo, end-to-end tests, benchmark); production uses the defaults. */
export interface ServiceOptions {
  /** Redis key prefix (default 'sw'); lets several services share one Redis in tests. */
  prefix?: string;
  /** Coalescing window of the recompute queue (default 1500 ms). */
  coalesceMs?: number;
  /** Worker concurrency / reconcile knobs passed to startWorker. */
  worker?: WorkerOptions;
}

export async function startService(
  config: Config,
  role: Role,
  logger: Logger,
  options: ServiceOptions = {},
): Promise<Service> {
  const root = compose(config, logger, {
    defaultMetrics: true,
    ...(options.prefix === undefined ? {} : { prefix: options.prefix }),
    ...(options.coalesceMs === undefined ? {} : { coalesceMs: options.coalesceMs }),
  });
  const queue = root.queueHandle();
  let worker: RecomputeWorker | undefined;
  if (role === 'all' || role === 'worker') worker = await root.startWorker(options.worker);

  let server: Server | undefined;
  if (role === 'all' || role === 'web') {
    server = await listen(root.webApp(), config.port);
  } else {
    const app = express();
    app.disable('x-powered-by');
    app.use(createHealthRouter({ redis: root.redis, metrics: root.metrics }));
    server = await listen(app, config.port);
  }
  const address = server.address();
  const port = address !== null && typeof address === 'object' ? address.port : null;
  logger.info({ role, port, publicBaseUrl: config.publicBaseUrl }, 'stepwise started');

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      logger.info({ role }, 'shutting down: no new requests, finishing current work');
      const srv = server;
      const httpClosed =
        srv === undefined
          ? Promise.resolve()
          : new Promise<void>((resolve) => {
              srv.close(() => resolve());
              srv.closeIdleConnections();
            });
      const force = setTimeout(() => server?.closeAllConnections(), SHUTDOWN_GRACE_MS);
      force.unref();
      await httpClosed;
      clearTimeout(force);
      await worker?.close();
      await root.close();
      logger.info('stopped');
    })();
    return stopping;
  };

  return { port, queue, stop };
}

function listen(app: express.Express, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, (err?: Error) => {
      if (err !== undefined) reject(err);
      else resolve(server);
    });
    // Slightly above typical load-balancer idle timeouts, so the proxy closes first.
    server.keepAliveTimeout = 65_000;
    server.headersTimeout = 66_000;
  });
}

export async function main(argv: readonly string[]): Promise<void> {
  let role: Role;
  let config: Config;
  try {
    role = parseRole(argv);
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError || err instanceof UsageError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const logger = createLogger({ level: config.logLevel });
  let service: Service;
  try {
    service = await startService(config, role, logger);
  } catch (err) {
    logger.fatal({ err }, 'stepwise could not start');
    process.exit(1);
  }
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals): void => {
    signals += 1;
    if (signals > 1) {
      logger.warn({ signal }, 'second signal: exiting immediately');
      process.exit(1);
    }
    logger.info({ signal }, 'signal received');
    service.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

const entry = process.argv[1];
if (entry !== undefined && import.meta.url === pathToFileURL(entry).href) {
  void main(process.argv.slice(2));
}
