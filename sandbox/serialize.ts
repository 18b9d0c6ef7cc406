import { ALWAYS_RETURNED, DEFAULT_READ_PROPERTIES } from './default-properties';
import type { CrmState } from './state';
import type { CrmObject, ObjectType, Pipeline, PropertyDefinition, PropertyGroup } from './types';

/** HubSpot's JSON shapes for sandbox records. */

export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

/** Property names to return: the requested ones (only defined properties) plus HubSpot's always-returned ones. */
export function selectProperties(
  state: CrmState,
  portalId: number,
  type: ObjectType,
  requested: readonly string[] | null,
): string[] {
  if (requested === null || requested.length === 0) return [...DEFAULT_READ_PROPERTIES[type]];
  const out = new Set<string>();
  for (const name of requested) {
    if (name !== '' && state.getProperty(portalId, type, name) !== undefined) out.add(name);
  }
  for (const name of ALWAYS_RETURNED[type]) out.add(name);
  return [...out];
}

export interface SerializedObject {
  id: string;
  properties: Record<string, string | null>;
  propertiesWithHistory?: Record<string, { value: string; timestamp: string; sourceType: string }[]>;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
  archivedAt?: string;
}

export function serializeObject(
  state: CrmState,
  portalId: number,
  obj: CrmObject,
  names: readonly string[],
  withHistory: readonly string[] = [],
): SerializedObject {
  const properties: Record<string, string | null> = {};
  for (const name of names) {
    const calc = state.calculatedValue(portalId, obj, name);
    properties[name] = calc ?? obj.properties[name] ?? null;
  }
  const out: SerializedObject = {
    id: obj.id,
    properties,
    createdAt: isoTime(obj.createdAt),
    updatedAt: isoTime(obj.updatedAt),
    archived: obj.archived,
  };
  if (withHistory.length > 0) {
    const history: NonNullable<SerializedObject['propertiesWithHistory']> = {};
    for (const name of withHistory) {
      const value = obj.properties[name];
      history[name] =
        value === undefined ? [] : [{ value, timestamp: isoTime(obj.updatedAt), sourceType: 'API' }];
    }
    out.propertiesWithHistory = history;
  }
  if (obj.archivedAt !== null) out.archivedAt = isoTime(obj.archivedAt);
  return out;
}

export function serializeProperty(p: PropertyDefinition): Record<string, unknown> {
  return {
    updatedAt: isoTime(p.updatedAt),
    createdAt: isoTime(p.createdAt),
    name: p.name,
    label: p.label,
    type: p.type,
    fieldType: p.fieldType,
    description: p.description,
    groupName: p.groupName,
    options: p.options.map((o) => ({ ...o })),
    displayOrder: p.displayOrder,
    calculated: p.calculated,
    externalOptions: p.externalOptions,
    hasUniqueValue: p.hasUniqueValue,
    hidden: p.hidden,
    hubspotDefined: p.hubspotDefined,
    showCurrencySymbol: p.showCurrencySymbol,
    modificationMetadata: {
      archivable: p.archivable,
      readOnlyDefinition: p.readOnlyDefinition,
      readOnlyValue: p.readOnlyValue,
    },
    formField: p.formField,
    archived: p.archived,
  };
}

export function serializeGroup(g: PropertyGroup): Record<string, unknown> {
  return { name: g.name, label: g.label, displayOrder: g.displayOrder, archived: g.archived };
}

export function serializePipeline(p: Pipeline): Record<string, unknown> {
  return {
    label: p.label,
    displayOrder: p.displayOrder,
    id: p.id,
    stages: p.stages.map((s) => ({
      label: s.label,
      displayOrder: s.displayOrder,
      metadata: { ...s.metadata },
      id: s.id,
      createdAt: isoTime(s.createdAt),
      updatedAt: isoTime(s.updatedAt),
      archived: s.archived,
      writePermissions: s.writePermissions,
    })),
    createdAt: isoTime(p.createdAt),
    updatedAt: isoTime(p.updatedAt),
    archived: p.archived,
  };
}
