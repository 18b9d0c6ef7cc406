/**
 * npm run backfill -- --portal <id> [--prefix <REDIS_KEY_PREFIX>]
 *
 * Grades every deal of one installed portal with a progress bar, using the same modules as the
 * worker (search pages → load → evaluateDeal → write changed outputs). Resumable: progress and
 * the cursor live in Redis, so re-running after Ctrl-C or a crash continues where it stopped.
 * If a worker process is already running this portal's backfill, this command just shows its
 * progress until it finishes.
 */
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { compose } from '../src/composition-root';
import { loadConfig } from '../src/config/env';
import { HubSpotError } from '../src/hubspot/errors';
import { createLogger } from '../src/logger';
import { failBackfill, readBackfillState, runBackfillSlice } from '../webhooks/backfill';
import { backoffDelay } from '../webhooks/worker';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      portal: { type: 'string' },
      prefix: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const portalId = values.portal;
  if (values.help === true || portalId === undefined || !/^\d{1,20}$/.test(portalId)) {
    process.stderr.write('Usage: npm run backfill -- --portal <portalId>\n');
    return values.help === true ? 0 : 2;
  }
  const config = loadConfig();
  // Logs go to stderr at warn level so they do not tear the progress bar.
  const logger = createLogger({
    level: config.logLevel === 'info' ? 'warn' : config.logLevel,
    destination: process.stderr,
  });
  // The prefix is REDIS_KEY_PREFIX (as for the service) unless --prefix overrides it.
  const root = compose(config, logger, values.prefix === undefined ? {} : { prefix: values.prefix });
  const queue = root.queueHandle();
  const { installations, portalClients } = root;
  const ctx = { pipelines: root.pipelines, settings: root.settings, logger };

  let stopping = false;
  process.once('SIGINT', () => {
    stopping = true;
    process.stderr.write('\nStopping after the current page; run the same command again to resume.\n');
  });

  const bar = new cliProgress.SingleBar(
    {
      format: 'Portal {portal} |{bar}| {value}/{total} deals | {percentage}% | ETA {eta_formatted}',
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  try {
    if (!(await installations.isInstalled(portalId))) {
      process.stderr.write(`Portal ${portalId} is not installed. Install the app on it first.\n`);
      return 2;
    }
    await root.backfill.startBackfill(portalId);
    const portal = portalClients.forPortal(portalId);
    let started = false;
    const show = (processed: number, total: number | null): void => {
      const t = Math.max(total ?? processed, processed, 1);
      if (!started) {
        bar.start(t, processed, { portal: portalId });
        started = true;
      } else {
        bar.setTotal(t);
        bar.update(processed);
      }
    };
    let failures = 0;
    for (;;) {
      const st = await readBackfillState(queue, portalId);
      show(st.status.processed, st.status.total);
      if (st.status.state !== 'running' || st.runId === null) break;
      if (stopping) break;
      try {
        const result = await runBackfillSlice(ctx, queue, portal, st.runId, {
          isClosing: () => stopping,
          onProgress: (s) => show(s.processed, s.total),
        });
        failures = 0;
        if (result === 'busy') await sleep(1_000); // a worker holds it: just follow its progress
      } catch (err) {
        if (err instanceof HubSpotError && err.code === 'RATE_LIMITED') {
          await sleep(err.retryAfterMs ?? 1_000);
          continue;
        }
        failures += 1;
        const retryable = !(err instanceof HubSpotError) || (err.retryable && err.code !== 'UNAUTHORIZED');
        if (!retryable || failures >= 8) {
          await failBackfill(queue, portalId, st.runId, err instanceof Error ? err.message : String(err));
          break;
        }
        await sleep(backoffDelay(failures, 1_000, 60_000, err));
      }
    }
    if (started) bar.stop();
    const final = (await readBackfillState(queue, portalId)).status;
    if (final.state === 'done') {
      process.stdout.write(`Backfill of portal ${portalId} done: ${final.processed} deals graded.\n`);
      return 0;
    }
    if (final.state === 'running') {
      process.stdout.write(
        `Backfill of portal ${portalId} paused at ${final.processed} deals; re-run to resume.\n`,
      );
      return 130;
    }
    process.stderr.write(`Backfill of portal ${portalId} failed: ${final.error ?? 'unknown error'}\n`);
    return 1;
  } finally {
    await root.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
