import {
  DEFAULT_SETTINGS,
  OUTPUT_PROPERTIES,
  evaluateDeal,
  type DealSnapshot,
  type PortalSettings,
} from '../src/methodology';
import type { Sandbox } from './';

interface RawObject {
  id: string;
  properties: Record<string, string>;
}
interface RawPipeline {
  id: string;
  stages: { id: string; metadata: Record<string, string> }[];
}

export interface Mismatch {
  dealId: string;
  property: string;
  written: string | null;
  expected: string;
}

export interface ConsistencyReport {
  deals: number;
  consistent: number;
  mismatches: Mismatch[];
}

/** Deal snapshots exactly as HubSpot (the sandbox) holds them now. */
export function sandboxSnapshots(sandbox: Sandbox, portalId: number): DealSnapshot[] {
  const snap = sandbox.admin.snapshot(portalId) as {
    objects: { deals: RawObject[]; contacts: RawObject[] };
    associations: { deals: Record<string, string[]> };
    pipelines: RawPipeline[];
  };
  const contacts = new Map(snap.objects.contacts.map((c) => [c.id, c]));
  const stages = new Map<string, { isClosed: boolean; probability: number }>();
  for (const p of snap.pipelines) {
    for (const s of p.stages) {
      stages.set(`${p.id}/${s.id}`, {
        isClosed: s.metadata['isClosed'] === 'true',
        probability: Number(s.metadata['probability']),
      });
    }
  }
  return snap.objects.deals.map((d) => ({
    id: d.id,
    properties: d.properties,
    contacts: (snap.associations.deals[d.id] ?? [])
      .map((id) => contacts.get(id))
      .filter((c): c is RawObject => c !== undefined)
      .map((c) => ({ id: c.id, properties: c.properties })),
    stage: stages.get(`${d.properties['pipeline'] ?? ''}/${d.properties['dealstage'] ?? ''}`) ?? null,
  }));
}

/** Compares every deal's written outputs with evaluateDeal of its current inputs. */
export function checkConsistency(
  sandbox: Sandbox,
  portalId: number,
  settings: PortalSettings = DEFAULT_SETTINGS,
): ConsistencyReport {
  const mismatches: Mismatch[] = [];
  let consistent = 0;
  const snapshots = sandboxSnapshots(sandbox, portalId);
  for (const snap of snapshots) {
    const expected = evaluateDeal(snap, settings).outputs;
    let ok = true;
    for (const property of OUTPUT_PROPERTIES) {
      const written = snap.properties[property] ?? null;
      const want = expected[property] ?? '';
      if ((written ?? '') !== want) {
        ok = false;
        mismatches.push({ dealId: snap.id, property, written, expected: want });
      }
    }
    if (ok) consistent++;
  }
  return { deals: snapshots.length, consistent, mismatches };
}
