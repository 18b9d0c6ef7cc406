/**
 * npm run fuzz:engine [-- --cases 1000000] [-- --seed 42]
 *
 * Long engine fuzz: the property of test/security/engine-fuzz.test.ts (evaluateDeal never throws;
 * every output is a value HubSpot accepts) over 1,000,000 cases by default, in chunks of 20,000
 * with consecutive seeds, printing progress and cases per second. A failure prints the shrunk
 * counterexample and the seed to reproduce it, and exits 1.
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { engineProperty } from './lib/engine-arbitraries';

const CHUNK = 20_000;

function main(): number {
  const { values } = parseArgs({
    options: {
      cases: { type: 'string' },
      seed: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help === true) {
    process.stdout.write('Usage: npm run fuzz:engine [-- --cases 1000000] [-- --seed 42]\n');
    return 0;
  }
  const total = Number(values.cases ?? 1_000_000);
  const baseSeed = Number(values.seed ?? Date.now() % 2 ** 31);
  if (!Number.isInteger(total) || total <= 0 || !Number.isInteger(baseSeed)) {
    process.stderr.write('--cases and --seed must be positive integers\n');
    return 2;
  }
  process.stdout.write(`engine fuzz: ${total.toLocaleString('en')} cases, base seed ${baseSeed}\n`);
  const started = performance.now();
  let done = 0;
  for (let chunk = 0; done < total; chunk++) {
    const runs = Math.min(CHUNK, total - done);
    const seed = baseSeed + chunk;
    const details = fc.check(engineProperty, { numRuns: runs, seed });
    if (details.failed) {
      process.stdout.write(`\nFAILED in chunk ${chunk} (reproduce with --seed ${seed} --cases ${runs}):\n`);
      process.stdout.write(`${fc.defaultReportMessage(details) ?? 'no report'}\n`);
      return 1;
    }
    done += runs;
    const seconds = (performance.now() - started) / 1000;
    const rate = Math.round(done / seconds);
    const eta = Math.round((total - done) / rate);
    process.stdout.write(
      `  ${done.toLocaleString('en').padStart(13)} / ${total.toLocaleString('en')}  ` +
        `${((100 * done) / total).toFixed(1).padStart(5)}%  ${rate.toLocaleString('en')} cases/s  ` +
        `elapsed ${seconds.toFixed(0)} s  eta ${eta} s\n`,
    );
  }
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(
    `OK: ${total.toLocaleString('en')} cases in ${seconds.toFixed(1)} s ` +
      `(${Math.round(total / seconds).toLocaleString('en')} cases/s), no failure\n`,
  );
  return 0;
}

process.exit(main());
