/**
 * npm run portal:forget -- --portal <id> [--local-only] [--prefix <REDIS_KEY_PREFIX>]
 *
 * For an operator answering a deletion request: does what "Disconnect Stepwise" on the settings
 * page does — uninstalls Stepwise from the HubSpot account (Uninstall App API), revokes its
 * refresh token and deletes every piece of Stepwise data about the portal in Redis (tokens,
 * settings, queued jobs, dead letters, aggregates, caches). Properties and deal values in
 * HubSpot stay: they are the customer's data. When the portal's token is already invalid (app
 * uninstalled in HubSpot, grant revoked) only local data is deleted, and the output says so.
 * `--local-only` skips HubSpot (e.g. while HubSpot cannot be reached).
 */
import { parseArgs } from 'node:util';
import { compose } from '../src/composition-root';
import { loadConfig } from '../src/config/env';
import { createLogger } from '../src/logger';
import { PortalRemovalError, type PortalRemovalReport } from '../src/server/portal-removal';

function describe(r: PortalRemovalReport): string {
  const lines = [`Portal ${r.portalId} (was ${r.wasInstalled}):`];
  if (r.uninstall === 'done')
    lines.push('  HubSpot: Stepwise uninstalled (the account admins get an email).');
  else if (r.uninstall === 'already_invalid')
    lines.push(
      '  HubSpot: the token was no longer valid, so Stepwise is already gone there; only local data was deleted.',
    );
  else lines.push('  HubSpot: not contacted (not installed, or --local-only); only local data was deleted.');
  if (r.revoke === 'done') lines.push('  Refresh token: revoked.');
  else if (r.revoke === 'already_invalid') lines.push('  Refresh token: already invalid.');
  else if (r.revoke === 'failed')
    lines.push('  Refresh token: HubSpot refused the revocation (the uninstall invalidates it).');
  lines.push(
    `  Deleted: ${r.local.keys} Redis keys, ${r.local.jobs} queued jobs, ${r.local.deadLetters} dead letters.`,
    '  Kept: Stepwise properties and deal values in HubSpot (the customer’s data).',
  );
  return lines.join('\n');
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      portal: { type: 'string' },
      prefix: { type: 'string' },
      'local-only': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const portalId = values.portal;
  if (values.help === true || portalId === undefined || !/^\d{1,20}$/.test(portalId)) {
    process.stderr.write('Usage: npm run portal:forget -- --portal <portalId> [--local-only]\n');
    return values.help === true ? 0 : 2;
  }
  const config = loadConfig();
  const logger = createLogger({
    level: config.logLevel === 'info' ? 'warn' : config.logLevel,
    destination: process.stderr,
  });
  const root = compose(config, logger, values.prefix === undefined ? {} : { prefix: values.prefix });
  try {
    const report = await root.removePortal(portalId, {
      how: 'forget',
      localOnly: values['local-only'] === true,
    });
    process.stdout.write(`${describe(report)}\n`);
    return 0;
  } catch (err) {
    if (err instanceof PortalRemovalError) {
      process.stderr.write(
        `${err.message}\nNothing was deleted. Run again later, or with --local-only to delete only Stepwise's own data.\n`,
      );
      return 1;
    }
    throw err;
  } finally {
    await root.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`portal:forget failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
