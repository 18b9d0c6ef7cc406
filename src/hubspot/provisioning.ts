import type { Client } from '@hubspot/api-client';
import type { Logger } from '../logger';
import {
  buildPropertyDefinitions,
  type Language,
  type PropertyDefinition,
  type PropertyOption,
} from '../methodology';

/**
 * Idempotent provisioning of Stepwise's HubSpot properties: the `stepwise` property group and
 * every deal/contact property from `buildPropertyDefinitions(language)`.
 * - reads what exists, batch-creates what is missing (≤100 per call);
 * - PATCHes properties whose label, description or options differ, merging options: an option
 *   value that exists in HubSpot is never removed (deals may hold it), user-hidden options stay hidden;
 * - never deletes a property, never changes a property's type (a same-named property of another
 *   type is reported as a conflict).
 * Running it again with everything in place makes only GET calls. `relabelProperties` is the same
 * operation, used when the settings page switches the label language.
 */

/** Runs one HubSpot call for a portal: PortalClients.forPortal(id).call, or a direct client in tests. */
export type HubSpotCall = <T>(operation: string, fn: (client: Client) => Promise<T>) => Promise<T>;

export type ProvisionedObject = 'deals' | 'contacts';

export interface ObjectProvisioningReport {
  groupCreated: boolean;
  groupUpdated: boolean;
  created: string[];
  updated: string[];
  unchanged: string[];
  conflicts: { name: string; reason: string }[];
}

export interface ProvisioningReport {
  language: Language;
  deals: ObjectProvisioningReport;
  contacts: ObjectProvisioningReport;
}

export class ProvisioningError extends Error {
  readonly code = 'PROVISIONING_FAILED';
  constructor(
    message: string,
    readonly details: { objectType: string; name?: string; message: string }[] = [],
  ) {
    super(message);
    this.name = 'ProvisioningError';
  }
}

export interface ProvisionOptions {
  logger?: Logger;
}

const BATCH_LIMIT = 100;

interface ExistingOption {
  label: string;
  value: string;
  description?: string | undefined;
  displayOrder?: number | undefined;
  hidden: boolean;
}

interface ExistingProperty {
  name: string;
  label: string;
  description: string;
  type: string;
  fieldType: string;
  options: ExistingOption[];
}

export async function provisionProperties(
  call: HubSpotCall,
  language: Language,
  options: ProvisionOptions = {},
): Promise<ProvisioningReport> {
  const defs = buildPropertyDefinitions(language);
  const deals = await provisionObject(call, 'deals', defs.group, defs.deals);
  const contacts = await provisionObject(call, 'contacts', defs.group, defs.contacts);
  const report: ProvisioningReport = { language, deals, contacts };
  options.logger?.info(
    {
      language,
      deals: summarize(deals),
      contacts: summarize(contacts),
    },
    'properties provisioned',
  );
  for (const c of [...deals.conflicts, ...contacts.conflicts]) {
    options.logger?.warn({ property: c.name, reason: c.reason }, 'property conflict left untouched');
  }
  return report;
}

/** Relabels every Stepwise property in `language` (settings page language switch); creates any that are missing. */
export function relabelProperties(
  call: HubSpotCall,
  language: Language,
  options: ProvisionOptions = {},
): Promise<ProvisioningReport> {
  return provisionProperties(call, language, options);
}

function summarize(r: ObjectProvisioningReport): Record<string, number | boolean> {
  return {
    groupCreated: r.groupCreated,
    created: r.created.length,
    updated: r.updated.length,
    unchanged: r.unchanged.length,
    conflicts: r.conflicts.length,
  };
}

async function provisionObject(
  call: HubSpotCall,
  objectType: ProvisionedObject,
  group: { name: string; label: string; displayOrder: number },
  wanted: PropertyDefinition[],
): Promise<ObjectProvisioningReport> {
  const report: ObjectProvisioningReport = {
    groupCreated: false,
    groupUpdated: false,
    created: [],
    updated: [],
    unchanged: [],
    conflicts: [],
  };

  const groups = await call(`properties.groups.getAll:${objectType}`, (c) =>
    c.crm.properties.groupsApi.getAll(objectType),
  );
  const existingGroup = groups.results.find((g) => g.name === group.name);
  if (existingGroup === undefined) {
    await call(`properties.groups.create:${objectType}`, (c) =>
      c.crm.properties.groupsApi.create(objectType, {
        name: group.name,
        label: group.label,
        displayOrder: group.displayOrder,
      }),
    );
    report.groupCreated = true;
  } else if (existingGroup.label !== group.label) {
    await call(`properties.groups.update:${objectType}`, (c) =>
      c.crm.properties.groupsApi.update(objectType, group.name, { label: group.label }),
    );
    report.groupUpdated = true;
  }

  const all = await call(`properties.getAll:${objectType}`, (c) =>
    c.crm.properties.coreApi.getAll(objectType, false),
  );
  const existing = new Map<string, ExistingProperty>();
  for (const p of all.results) existing.set(p.name, p as ExistingProperty);

  const missing: PropertyDefinition[] = [];
  for (const def of wanted) {
    const have = existing.get(def.name);
    if (have === undefined) {
      missing.push(def);
      continue;
    }
    if (have.type !== def.type) {
      report.conflicts.push({
        name: def.name,
        reason: `exists with type ${have.type}, Stepwise needs ${def.type}; rename or delete the existing property and reinstall`,
      });
      continue;
    }
    const update = diffProperty(def, have);
    if (update === null) {
      report.unchanged.push(def.name);
      continue;
    }
    await call(`properties.update:${objectType}`, (c) =>
      // The SDK's enum types are string enums; our values are the same strings.
      c.crm.properties.coreApi.update(objectType, def.name, update as never),
    );
    report.updated.push(def.name);
  }

  for (let i = 0; i < missing.length; i += BATCH_LIMIT) {
    const chunk = missing.slice(i, i + BATCH_LIMIT);
    const res = await call(`properties.batchCreate:${objectType}`, (c) =>
      c.crm.properties.batchApi.create(objectType, { inputs: chunk.map(toCreateInput) as never }),
    );
    const errors = 'errors' in res && Array.isArray(res.errors) ? res.errors : [];
    // A concurrent install may have created some of them a moment ago: that is fine.
    const real = errors.filter((e) => !/already exists/i.test(e.message ?? ''));
    if (real.length > 0) {
      throw new ProvisioningError(
        `HubSpot refused to create ${real.length} ${objectType} properties: ${real
          .slice(0, 3)
          .map((e) => e.message)
          .join('; ')}`,
        real.map((e) => ({ objectType, message: e.message })),
      );
    }
    report.created.push(...chunk.map((d) => d.name));
  }
  return report;
}

function toCreateInput(def: PropertyDefinition): Record<string, unknown> {
  return {
    name: def.name,
    label: def.label,
    description: def.description,
    groupName: def.groupName,
    type: def.type,
    fieldType: def.fieldType,
    formField: def.formField,
    displayOrder: def.displayOrder,
    ...(def.type === 'enumeration' ? { options: def.options.map(toOptionInput) } : {}),
  };
}

function toOptionInput(o: PropertyOption | ExistingOption): Record<string, unknown> {
  return {
    label: o.label,
    value: o.value,
    description: o.description ?? '',
    displayOrder: o.displayOrder ?? 0,
    hidden: o.hidden,
  };
}

const norm = (s: string | undefined | null): string => (s ?? '').trim();

/** The PATCH body for a property whose label/description/options differ, or null when it is up to date. */
export function diffProperty(
  def: PropertyDefinition,
  have: ExistingProperty,
): Record<string, unknown> | null {
  const update: Record<string, unknown> = {};
  if (norm(have.label) !== norm(def.label)) update['label'] = def.label;
  if (norm(have.description) !== norm(def.description)) update['description'] = def.description;
  if (def.type === 'enumeration') {
    const merged = mergeOptions(def.options, have.options ?? []);
    if (merged.changed) update['options'] = merged.options.map(toOptionInput);
  }
  return Object.keys(update).length === 0 ? null : update;
}

/**
 * Desired options first (our labels and order; a user's `hidden` choice is kept), then every
 * option that exists in HubSpot but not in our definition (kept as is: deals may hold the value).
 */
export function mergeOptions(
  desired: readonly PropertyOption[],
  existing: readonly ExistingOption[],
): { options: (PropertyOption | ExistingOption)[]; changed: boolean } {
  const byValue = new Map(existing.map((o) => [o.value, o]));
  let changed = false;
  const options: (PropertyOption | ExistingOption)[] = desired.map((d) => {
    const e = byValue.get(d.value);
    if (e === undefined || norm(e.label) !== norm(d.label) || norm(e.description) !== norm(d.description)) {
      changed = true;
    }
    return { ...d, hidden: e?.hidden ?? d.hidden };
  });
  const wantedValues = new Set(desired.map((d) => d.value));
  let order = desired.length;
  for (const e of existing) {
    if (!wantedValues.has(e.value)) options.push({ ...e, displayOrder: order++ });
  }
  return { options, changed };
}
