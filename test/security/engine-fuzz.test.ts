import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateDeal } from '../../src/methodology';
import { engineProperty, problemOf } from '../../scripts/lib/engine-arbitraries';

/**
 * The engine under volume: 100,000 property-based cases in CI (ENGINE_SECURITY_RUNS overrides;
 * `npm run fuzz:engine` runs 1,000,000). evaluateDeal never throws and every output is a value
 * HubSpot accepts (the right keys, enumeration options, integers 0–100, strings within limits).
 * test/methodology/totality.test.ts checks the richer properties (purity, scoring inputs) with fewer runs.
 */
const RUNS = Number(process.env['ENGINE_SECURITY_RUNS'] ?? 100_000);

describe('engine fuzz (property-based, high volume)', () => {
  it(`never throws; outputs always writable (${RUNS.toLocaleString('en')} cases)`, () => {
    const started = performance.now();
    fc.assert(engineProperty, { numRuns: RUNS, seed: 20_261_124, endOnFailure: true });
    const seconds = (performance.now() - started) / 1000;
    // Printed for the record (cases per second on this machine).
    console.info(
      `engine fuzz: ${RUNS} cases in ${seconds.toFixed(1)} s (${Math.round(RUNS / seconds)} cases/s)`,
    );
  }, 120_000);

  it('the checker itself rejects unwritable outputs', () => {
    const ev = evaluateDeal({ id: '1', properties: {}, contacts: [] });
    expect(problemOf(ev)).toBeNull();
    expect(problemOf({ ...ev, outputs: { ...ev.outputs, sw_lead_grade: 'platinum' } })).toMatch(
      /not an option/,
    );
    expect(problemOf({ ...ev, outputs: { ...ev.outputs, sw_checklist_progress: '101' } })).toMatch(/0–100/);
    expect(problemOf({ ...ev, outputs: { ...ev.outputs, sw_next_actions: 'x\ud800' } })).toMatch(/surrogate/);
    expect(problemOf({ ...ev, outputs: { ...ev.outputs, sw_extra: 'x' } })).toMatch(/output keys/);
  });
});
