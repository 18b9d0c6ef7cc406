/**
 * npm run keys:rotate [-- --dry-run] [-- --prefix <REDIS_KEY_PREFIX>]
 *
 * Step 3 of a TOKEN_ENCRYPTION_KEY rotation (see SECURITY.md): with the NEW key in
 * TOKEN_ENCRYPTION_KEY and the OLD one in TOKEN_ENCRYPTION_KEY_PREVIOUS, re-encrypts every stored
 * OAuth token that is still under the old key. Safe while the service runs. Prints counts, never
 * tokens. Exit 0 when every token is now under the current key, 1 when some portal's tokens
 * cannot be opened with any configured key (listed), 2 on usage errors.
 */
import { parseArgs } from 'node:util';
import { compose } from '../src/composition-root';
import { ConfigError, loadConfig } from '../src/config/env';
import { createLogger } from '../src/logger';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      'dry-run': { type: 'boolean' },
      prefix: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help === true) {
    process.stdout.write('Usage: npm run keys:rotate [-- --dry-run] [-- --prefix <REDIS_KEY_PREFIX>]\n');
    return 0;
  }
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      return 2;
    }
    throw err;
  }
  const logger = createLogger({ level: 'warn', destination: process.stderr });
  // The prefix is REDIS_KEY_PREFIX (as for the service) unless --prefix overrides it.
  const root = compose(config, logger, values.prefix === undefined ? {} : { prefix: values.prefix });
  try {
    const { cipher } = root;
    const store = root.installations;
    const dryRun = values['dry-run'] === true;
    const report = await store.reencryptAll({ dryRun });
    process.stdout.write(
      `Current key id: ${cipher.currentKeyId}\n` +
        `Installed portals: ${report.portals}\n` +
        `Token fields already under the current key: ${report.current}\n` +
        `Token fields under a previous key: ${report.previousKey}` +
        (dryRun ? ' (dry run: nothing rewritten)\n' : `, re-encrypted: ${report.reencrypted}\n`),
    );
    if (report.unreadable.length > 0) {
      process.stdout.write(
        `Portals whose tokens no configured key opens (add the missing key to TOKEN_ENCRYPTION_KEY_PREVIOUS, or have them reinstall): ${report.unreadable.join(', ')}\n`,
      );
      return 1;
    }
    if (!dryRun && report.previousKey === report.reencrypted) {
      process.stdout.write(
        'Every token is now under the current key. Provided every running process already uses this TOKEN_ENCRYPTION_KEY, the old key can be removed from TOKEN_ENCRYPTION_KEY_PREVIOUS (then restart).\n',
      );
    }
    return 0;
  } finally {
    await root.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`keys:rotate failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
