import { DEFAULT_GROUPS, LAST_MODIFIED, SYSTEM_PROPERTIES, defaultProperties } from './default-properties';
import { DEFAULT_DEAL_PIPELINE } from './default-pipelines';
import {
  conflict,
  propertyValidationResult,
  propertyValuesInvalid,
  resourceNotFound,
  validationError,
  type PropertyValidationResult,
} from './errors';
import {
  OBJECT_TYPES,
  associationTypes,
  defaultAssociationTypeId,
  type ChangeEvent,
  type ChangeSource,
  type CrmObject,
  type ObjectType,
  type Pipeline,
  type PipelineInput,
  type PortalInfo,
  type PortalInput,
  type PropertyDefinition,
  type PropertyGroup,
  type PropertyOption,
} from './types';

/**
 * The sandbox's CRM: portals, property definitions and groups, deals and contacts, deal↔contact
 * associations and deal pipelines. Every mutation that HubSpot would report through webhooks is
 * published as a ChangeEvent. Methods that HubSpot can refuse throw SandboxHttpError with
 * HubSpot's body; unknown portals are programming errors (plain Error).
 */

interface PortalState {
  info: PortalInfo;
  properties: Record<ObjectType, Map<string, PropertyDefinition>>;
  groups: Record<ObjectType, Map<string, PropertyGroup>>;
  objects: Record<ObjectType, Map<string, CrmObject>>;
  /** Per type: object id → associated ids of any other type (both directions kept in step). */
  associations: Record<ObjectType, Map<string, Set<string>>>;
  /** Labelled association type ids (e.g. a deal's primary company, 5/6) per `fromType/fromId>toId`. */
  associationLabels: Map<string, Set<number>>;
  pipelines: Map<string, Pipeline>;
  /** Lower-cased email → contact id (HubSpot's unique contact email). */
  emailIndex: Map<string, string>;
}

export type ChangeListener = (event: ChangeEvent) => void;

/** Validated property values to write: string = set, null = clear. */
export type PropertyWrite = Record<string, string | null>;

/**
 * First id per type. The ranges never meet, so an association set can hold ids of several types
 * and `associatedIds` tells them apart by looking the id up in the wanted type.
 */
const FIRST_IDS: Readonly<Record<ObjectType, number>> = {
  deals: 24_000_000_001,
  contacts: 98_000_000_001,
  meetings: 61_000_000_001,
  companies: 43_000_000_001,
};

const perType = <T>(make: () => T): Record<ObjectType, T> => ({
  deals: make(),
  contacts: make(),
  meetings: make(),
  companies: make(),
});

const ID_RE = /^\d{1,20}$/;

export function isObjectId(id: string): boolean {
  return ID_RE.test(id);
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function formatNumber(n: number): string {
  const rounded = Math.round(n * 100) / 100;
  return String(rounded);
}

const PROPERTY_NAME_RE = /^[a-z][a-z0-9_]{0,99}$/;
const TYPES = new Set(['string', 'number', 'enumeration', 'datetime', 'date', 'bool', 'phone_number']);
const FIELD_TYPES = new Set([
  'text',
  'textarea',
  'number',
  'select',
  'radio',
  'checkbox',
  'booleancheckbox',
  'date',
  'file',
  'phonenumber',
  'calculation_equation',
  'html',
]);

export class CrmState {
  private readonly portals = new Map<number, PortalState>();
  private readonly nextId: Record<ObjectType, number> = { ...FIRST_IDS };
  private nextPipelineId = 100_000_001;
  private readonly listeners: ChangeListener[] = [];

  /** Per-record write refusals (emulated admin validation rules): `portal:type:id` → error. */
  private readonly writeRefusals = new Map<string, { category: string; message: string }>();

  constructor(private readonly now: () => number) {}

  /**
   * Makes HubSpot refuse every update of one record, as an admin-configured validation rule does
   * ("HubSpot will enforce admin-configured validation rules on all CRM API write paths",
   * https://developers.hubspot.com/changelog/fall-2026-spotlight); null lifts the refusal.
   */
  refuseWrites(
    portalId: number,
    type: ObjectType,
    id: string,
    refusal: { category: string; message: string } | null,
  ): void {
    const key = `${portalId}:${type}:${id}`;
    if (refusal === null) this.writeRefusals.delete(key);
    else this.writeRefusals.set(key, refusal);
  }

  writeRefusal(
    portalId: number,
    type: ObjectType,
    id: string,
  ): { category: string; message: string } | undefined {
    return this.writeRefusals.get(`${portalId}:${type}:${id}`);
  }

  onChange(listener: ChangeListener): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  private emit(event: ChangeEvent): void {
    for (const l of this.listeners) l(event);
  }

  // ------------------------------------------------------------------ portals

  createPortal(input: PortalInput): PortalInfo {
    if (this.portals.has(input.portalId)) throw new Error(`Portal ${input.portalId} already exists`);
    if (!Number.isInteger(input.portalId) || input.portalId <= 0)
      throw new Error('portalId must be a positive integer');
    const at = this.now();
    const info: PortalInfo = {
      portalId: input.portalId,
      name: input.name ?? `Portal ${input.portalId}`,
      currency: input.currency ?? 'CNY',
      additionalCurrencies: input.additionalCurrencies ?? [],
      timeZone: input.timeZone ?? 'Asia/Shanghai',
      utcOffsetMilliseconds: input.utcOffsetMilliseconds ?? 8 * 3600_000,
      uiDomain: input.uiDomain ?? 'app.hubspot.com',
      hubDomain: input.hubDomain ?? `portal-${input.portalId}.example.com`,
      users: input.users?.map((u) => ({ ...u })) ?? [
        { id: input.portalId * 10 + 1, email: `admin@portal-${input.portalId}.example.com` },
      ],
      homeCurrencyRate: input.homeCurrencyRate ?? 1,
      exchangeRates: { ...(input.exchangeRates ?? {}) },
      accountType: input.accountType ?? 'STANDARD',
      dataHostingLocation: input.dataHostingLocation ?? 'na1',
      installed: input.installed ?? false,
    };
    const state: PortalState = {
      info,
      properties: perType(() => new Map()),
      groups: perType(() => new Map()),
      objects: perType(() => new Map()),
      associations: perType(() => new Map()),
      associationLabels: new Map(),
      pipelines: new Map(),
      emailIndex: new Map(),
    };
    for (const type of OBJECT_TYPES) {
      for (const g of DEFAULT_GROUPS[type]) state.groups[type].set(g.name, { ...g });
      for (const p of defaultProperties(type, at)) state.properties[type].set(p.name, p);
    }
    this.portals.set(info.portalId, state);
    this.createPipeline(info.portalId, DEFAULT_DEAL_PIPELINE);
    return info;
  }

  hasPortal(portalId: number): boolean {
    return this.portals.has(portalId);
  }

  private portal(portalId: number): PortalState {
    const p = this.portals.get(portalId);
    if (p === undefined)
      throw new Error(`Unknown sandbox portal ${portalId}; create it first (createPortal).`);
    return p;
  }

  portalInfo(portalId: number): PortalInfo {
    return this.portal(portalId).info;
  }

  listPortals(): PortalInfo[] {
    return [...this.portals.values()].map((p) => p.info);
  }

  updatePortal(portalId: number, patch: Partial<Omit<PortalInput, 'portalId'>>): PortalInfo {
    const info = this.portal(portalId).info;
    for (const [k, v] of Object.entries(patch)) {
      if (v !== undefined) (info as unknown as Record<string, unknown>)[k] = v;
    }
    return info;
  }

  // ------------------------------------------------------------------ property groups

  listGroups(portalId: number, type: ObjectType): PropertyGroup[] {
    return [...this.portal(portalId).groups[type].values()].filter((g) => !g.archived);
  }

  getGroup(portalId: number, type: ObjectType, name: string): PropertyGroup | undefined {
    const g = this.portal(portalId).groups[type].get(name);
    return g === undefined || g.archived ? undefined : g;
  }

  createGroup(portalId: number, type: ObjectType, input: Record<string, unknown>): PropertyGroup {
    const name = str(input['name']);
    const label = str(input['label']);
    if (name === undefined || name === '' || label === undefined || label === '') {
      throw validationError('Property group name and label are required.', {
        errors: [
          ...(name
            ? []
            : [{ message: 'must not be null', code: 'REQUIRED_FIELD', context: { field: ['name'] } }]),
          ...(label
            ? []
            : [{ message: 'must not be null', code: 'REQUIRED_FIELD', context: { field: ['label'] } }]),
        ],
      });
    }
    const groups = this.portal(portalId).groups[type];
    if (groups.get(name)?.archived === false) {
      throw conflict(`Property group named '${name}' already exists.`, 'OBJECT_ALREADY_EXISTS');
    }
    const displayOrder = typeof input['displayOrder'] === 'number' ? input['displayOrder'] : -1;
    const group: PropertyGroup = { name, label, displayOrder, archived: false };
    groups.set(name, group);
    return group;
  }

  updateGroup(
    portalId: number,
    type: ObjectType,
    name: string,
    input: Record<string, unknown>,
  ): PropertyGroup {
    const group = this.getGroup(portalId, type, name);
    if (group === undefined) throw resourceNotFound(`Property group ${name} does not exist`);
    const label = str(input['label']);
    if (label !== undefined) group.label = label;
    if (typeof input['displayOrder'] === 'number') group.displayOrder = input['displayOrder'];
    return group;
  }

  // ------------------------------------------------------------------ properties

  listProperties(portalId: number, type: ObjectType, archived = false): PropertyDefinition[] {
    return [...this.portal(portalId).properties[type].values()]
      .filter((p) => p.archived === archived)
      .map((p) => this.withDynamicOptions(portalId, type, p));
  }

  getProperty(portalId: number, type: ObjectType, name: string): PropertyDefinition | undefined {
    const p = this.portal(portalId).properties[type].get(name);
    return p === undefined || p.archived ? undefined : this.withDynamicOptions(portalId, type, p);
  }

  /** dealstage / pipeline list the pipelines' stages as options (what HubSpot returns). */
  private withDynamicOptions(portalId: number, type: ObjectType, p: PropertyDefinition): PropertyDefinition {
    if (type !== 'deals' || (p.name !== 'dealstage' && p.name !== 'pipeline')) return p;
    const pipelines = this.listPipelines(portalId);
    const options: PropertyOption[] =
      p.name === 'pipeline'
        ? pipelines.map((pl, i) => ({
            label: pl.label,
            value: pl.id,
            description: '',
            displayOrder: i,
            hidden: false,
          }))
        : pipelines.flatMap((pl) =>
            pl.stages.map((s) => ({
              label: s.label,
              value: s.id,
              description: `${pl.label}`,
              displayOrder: s.displayOrder,
              hidden: false,
            })),
          );
    return { ...p, options };
  }

  private parseOptions(raw: unknown): PropertyOption[] | PropertyValidationResult[] | undefined {
    if (raw === undefined) return undefined;
    if (!Array.isArray(raw)) return [];
    return raw.map((o: unknown, i) => {
      const r = (typeof o === 'object' && o !== null ? o : {}) as Record<string, unknown>;
      return {
        label: str(r['label']) ?? String(r['value'] ?? ''),
        value: str(r['value']) ?? String(r['value'] ?? ''),
        description: str(r['description']) ?? '',
        displayOrder: typeof r['displayOrder'] === 'number' ? r['displayOrder'] : i,
        hidden: r['hidden'] === true,
      };
    });
  }

  /** Validates a property create body; returns the definition or throws HubSpot's 400. */
  buildProperty(portalId: number, type: ObjectType, input: Record<string, unknown>): PropertyDefinition {
    const missing = ['name', 'label', 'type', 'fieldType', 'groupName'].filter(
      (k) => typeof input[k] !== 'string' || input[k] === '',
    );
    if (missing.length > 0) {
      throw validationError(`Invalid input: missing required fields ${missing.join(', ')}`, {
        errors: missing.map((f) => ({
          message: 'must not be null',
          code: 'REQUIRED_FIELD',
          context: { field: [f] },
        })),
      });
    }
    const name = input['name'] as string;
    const typeName = input['type'] as string;
    const fieldType = input['fieldType'] as string;
    const groupName = input['groupName'] as string;
    if (!PROPERTY_NAME_RE.test(name)) {
      throw validationError(
        `Property name '${name}' is invalid: names must start with a lowercase letter and contain only lowercase letters, digits and underscores.`,
      );
    }
    if (!TYPES.has(typeName)) throw validationError(`Unknown property type '${typeName}'.`);
    if (!FIELD_TYPES.has(fieldType)) throw validationError(`Unknown field type '${fieldType}'.`);
    if (this.getGroup(portalId, type, groupName) === undefined) {
      throw validationError(`Property group '${groupName}' does not exist.`);
    }
    const options = (this.parseOptions(input['options']) ?? []) as PropertyOption[];
    if (typeName === 'enumeration') {
      const seen = new Set<string>();
      for (const o of options) {
        if (o.value === '') throw validationError(`Option values of property '${name}' must not be empty.`);
        if (seen.has(o.value))
          throw validationError(`Duplicate option value '${o.value}' in property '${name}'.`);
        seen.add(o.value);
      }
    }
    const at = this.now();
    return {
      name,
      label: input['label'] as string,
      description: str(input['description']) ?? '',
      groupName,
      type: typeName,
      fieldType,
      options: typeName === 'enumeration' ? options : [],
      displayOrder: typeof input['displayOrder'] === 'number' ? input['displayOrder'] : -1,
      hidden: input['hidden'] === true,
      formField: input['formField'] === true,
      calculated: false,
      externalOptions: input['externalOptions'] === true,
      hasUniqueValue: input['hasUniqueValue'] === true,
      hubspotDefined: false,
      readOnlyValue: false,
      readOnlyDefinition: false,
      archivable: true,
      showCurrencySymbol: input['showCurrencySymbol'] === true,
      createdAt: at,
      updatedAt: at,
      archived: false,
    };
  }

  /** Adds a built property; 409 when a live property of that name exists. */
  addProperty(portalId: number, type: ObjectType, def: PropertyDefinition): PropertyDefinition {
    const props = this.portal(portalId).properties[type];
    if (props.get(def.name)?.archived === false) {
      throw conflict(`Property named '${def.name}' already exists.`, 'OBJECT_ALREADY_EXISTS');
    }
    props.set(def.name, def);
    return def;
  }

  createProperty(portalId: number, type: ObjectType, input: Record<string, unknown>): PropertyDefinition {
    return this.addProperty(portalId, type, this.buildProperty(portalId, type, input));
  }

  updateProperty(
    portalId: number,
    type: ObjectType,
    name: string,
    input: Record<string, unknown>,
  ): PropertyDefinition {
    const def = this.portal(portalId).properties[type].get(name);
    if (def === undefined || def.archived) {
      throw resourceNotFound(`Unable to find property ${name} for object type ${type}`);
    }
    if (def.readOnlyDefinition) {
      throw validationError(`Cannot update HubSpot-defined property ${name}: its definition is read-only.`);
    }
    if (typeof input['type'] === 'string' && input['type'] !== def.type) {
      if (!TYPES.has(input['type'])) throw validationError(`Unknown property type '${input['type']}'.`);
      def.type = input['type'];
    }
    if (typeof input['fieldType'] === 'string') {
      if (!FIELD_TYPES.has(input['fieldType']))
        throw validationError(`Unknown field type '${input['fieldType']}'.`);
      def.fieldType = input['fieldType'];
    }
    if (typeof input['groupName'] === 'string') {
      if (this.getGroup(portalId, type, input['groupName']) === undefined) {
        throw validationError(`Property group '${input['groupName']}' does not exist.`);
      }
      def.groupName = input['groupName'];
    }
    if (typeof input['label'] === 'string') def.label = input['label'];
    if (typeof input['description'] === 'string') def.description = input['description'];
    if (typeof input['displayOrder'] === 'number') def.displayOrder = input['displayOrder'];
    if (typeof input['hidden'] === 'boolean') def.hidden = input['hidden'];
    if (typeof input['formField'] === 'boolean') def.formField = input['formField'];
    const options = this.parseOptions(input['options']) as PropertyOption[] | undefined;
    if (options !== undefined) {
      const seen = new Set<string>();
      for (const o of options) {
        if (seen.has(o.value))
          throw validationError(`Duplicate option value '${o.value}' in property '${name}'.`);
        seen.add(o.value);
      }
      def.options = options;
    }
    def.updatedAt = this.now();
    return def;
  }

  // ------------------------------------------------------------------ pipelines

  listPipelines(portalId: number): Pipeline[] {
    return [...this.portal(portalId).pipelines.values()]
      .filter((p) => !p.archived)
      .sort((a, b) => a.displayOrder - b.displayOrder);
  }

  getPipeline(portalId: number, id: string): Pipeline | undefined {
    const p = this.portal(portalId).pipelines.get(id);
    return p === undefined || p.archived ? undefined : p;
  }

  createPipeline(portalId: number, input: PipelineInput): Pipeline {
    const state = this.portal(portalId);
    if (typeof input.label !== 'string' || input.label === '')
      throw validationError('Pipeline label is required.');
    if (!Array.isArray(input.stages) || input.stages.length === 0) {
      throw validationError('A pipeline needs at least one stage.');
    }
    const id = input.id ?? String(this.nextPipelineId++);
    if (state.pipelines.get(id)?.archived === false) {
      throw conflict(`A pipeline with id ${id} already exists.`, 'OBJECT_ALREADY_EXISTS');
    }
    const existingStages = new Set(this.listPipelines(portalId).flatMap((p) => p.stages.map((s) => s.id)));
    const at = this.now();
    const stages = input.stages.map((s, i) => {
      const stageId = s.id ?? String(this.nextPipelineId++);
      if (existingStages.has(stageId))
        throw conflict(`A stage with id ${stageId} already exists.`, 'OBJECT_ALREADY_EXISTS');
      existingStages.add(stageId);
      const metadata: Record<string, string> = {};
      for (const [k, v] of Object.entries(s.metadata ?? {})) metadata[k] = String(v);
      if (metadata['isClosed'] === undefined) metadata['isClosed'] = 'false';
      return {
        id: stageId,
        label: s.label,
        displayOrder: s.displayOrder ?? i,
        metadata,
        createdAt: at,
        updatedAt: at,
        archived: false,
        writePermissions: 'CRM_PERMISSIONS_ENFORCEMENT' as const,
      };
    });
    const pipeline: Pipeline = {
      id,
      label: input.label,
      displayOrder: input.displayOrder ?? state.pipelines.size,
      stages,
      createdAt: at,
      updatedAt: at,
      archived: false,
    };
    state.pipelines.set(id, pipeline);
    return pipeline;
  }

  private stagePipeline(portalId: number, stageId: string): Pipeline | undefined {
    return this.listPipelines(portalId).find((p) => p.stages.some((s) => s.id === stageId));
  }

  // ------------------------------------------------------------------ object values

  /**
   * Validates property values as HubSpot does (unknown property, read-only value, enumeration
   * options — each `;`-joined checkbox value —, numbers, dates) and normalises them. Collects
   * every problem and throws one 400 VALIDATION_ERROR listing them.
   */
  validateWrite(
    portalId: number,
    type: ObjectType,
    input: unknown,
    current: CrmObject | undefined,
  ): PropertyWrite {
    if (input === undefined || input === null) return {};
    if (typeof input !== 'object' || Array.isArray(input)) {
      throw validationError('Invalid input: properties must be an object of property names to values.');
    }
    const errors: PropertyValidationResult[] = [];
    const out: PropertyWrite = {};
    const bad = (name: string, code: string, message: string): void => {
      errors.push(propertyValidationResult(portalId, name, code, message));
    };
    const entries = Object.entries(input as Record<string, unknown>);
    for (const [name, raw] of entries) {
      const def = this.getProperty(portalId, type, name);
      if (def === undefined) {
        bad(name, 'PROPERTY_DOESNT_EXIST', `Property "${name}" does not exist`);
        continue;
      }
      if (def.readOnlyValue || def.calculated) {
        bad(name, 'READ_ONLY_VALUE', `Property "${name}" is a read-only property; its value cannot be set.`);
        continue;
      }
      if (raw === null || raw === undefined) {
        out[name] = null;
        continue;
      }
      if (typeof raw === 'object') {
        bad(name, 'INVALID_VALUE', `${JSON.stringify(raw)} is not a valid value for property ${name}.`);
        continue;
      }
      const value = String(raw);
      if (value === '') {
        out[name] = '';
        continue;
      }
      const normalized = this.normalizeValue(
        portalId,
        type,
        def,
        value,
        input as Record<string, unknown>,
        current,
      );
      if (typeof normalized === 'string') out[name] = normalized;
      else bad(name, normalized.error, normalized.message);
    }
    if (errors.length > 0) throw propertyValuesInvalid(errors);
    return out;
  }

  private normalizeValue(
    portalId: number,
    type: ObjectType,
    def: PropertyDefinition,
    value: string,
    all: Record<string, unknown>,
    current: CrmObject | undefined,
  ): string | { error: string; message: string } {
    switch (def.type) {
      case 'number': {
        if (value.trim() !== value || !Number.isFinite(Number(value))) {
          return { error: 'INVALID_FLOAT', message: `${JSON.stringify(value)} is not a valid number.` };
        }
        return value;
      }
      case 'bool': {
        const v = value.toLowerCase();
        if (v !== 'true' && v !== 'false') {
          return { error: 'INVALID_BOOLEAN', message: `${value} is not a valid boolean (true or false).` };
        }
        return v;
      }
      case 'datetime':
      case 'date': {
        const ms = /^-?\d{1,16}$/.test(value) ? Number(value) : Date.parse(value);
        if (!Number.isFinite(ms)) {
          return {
            error: 'INVALID_DATE',
            message: `${value} is not a valid date or epoch timestamp in milliseconds.`,
          };
        }
        return def.type === 'date' ? iso(ms).slice(0, 10) : iso(ms);
      }
      case 'enumeration':
        return this.normalizeEnumeration(portalId, type, def, value, all, current);
      default:
        return value;
    }
  }

  private normalizeEnumeration(
    portalId: number,
    type: ObjectType,
    def: PropertyDefinition,
    value: string,
    all: Record<string, unknown>,
    current: CrmObject | undefined,
  ): string | { error: string; message: string } {
    const invalid = (part: string, allowed: readonly string[]) => ({
      error: 'INVALID_OPTION',
      message: `${part} was not one of the allowed options: [${allowed.join(', ')}]`,
    });
    if (type === 'deals' && def.name === 'pipeline') {
      const ids = this.listPipelines(portalId).map((p) => p.id);
      return ids.includes(value) ? value : invalid(value, ids);
    }
    if (type === 'deals' && def.name === 'dealstage') {
      const pipelineId =
        typeof all['pipeline'] === 'string' && all['pipeline'] !== ''
          ? all['pipeline']
          : (current?.properties['pipeline'] ?? undefined);
      const inPipeline = pipelineId === undefined ? undefined : this.getPipeline(portalId, pipelineId);
      if (inPipeline !== undefined && typeof all['pipeline'] === 'string') {
        const ids = inPipeline.stages.map((s) => s.id);
        return ids.includes(value) ? value : invalid(value, ids);
      }
      const owner = this.stagePipeline(portalId, value);
      if (owner === undefined) {
        return invalid(
          value,
          this.listPipelines(portalId).flatMap((p) => p.stages.map((s) => s.id)),
        );
      }
      return value;
    }
    if (def.externalOptions) return value;
    const allowed = def.options.map((o) => o.value);
    if (def.fieldType === 'checkbox') {
      for (const part of value.split(';')) {
        if (part === '') continue;
        if (!allowed.includes(part)) return invalid(part, allowed);
      }
      return value;
    }
    return allowed.includes(value) ? value : invalid(value, allowed);
  }

  /** HubSpot's unique contact email: 409 CONFLICT `Contact already exists. Existing ID: …`. */
  checkUnique(portalId: number, type: ObjectType, values: PropertyWrite, selfId: string | null): void {
    if (type !== 'contacts') return;
    const email = values['email'];
    if (typeof email !== 'string' || email === '') return;
    const existing = this.portal(portalId).emailIndex.get(email.toLowerCase());
    if (existing !== undefined && existing !== selfId) {
      throw conflict(`Contact already exists. Existing ID: ${existing}`);
    }
  }

  // ------------------------------------------------------------------ objects

  getObject(portalId: number, type: ObjectType, id: string, includeArchived = false): CrmObject | undefined {
    const o = this.portal(portalId).objects[type].get(id);
    if (o === undefined || (o.archived && !includeArchived)) return undefined;
    return o;
  }

  /** First live object whose property equals the value (batch read / PATCH with idProperty). */
  findByProperty(portalId: number, type: ObjectType, property: string, value: string): CrmObject | undefined {
    if (property === 'hs_object_id') return this.getObject(portalId, type, value);
    if (type === 'contacts' && property === 'email') {
      const id = this.portal(portalId).emailIndex.get(value.toLowerCase());
      return id === undefined ? undefined : this.getObject(portalId, type, id);
    }
    for (const o of this.portal(portalId).objects[type].values()) {
      if (!o.archived && o.properties[property] === value) return o;
    }
    return undefined;
  }

  /** Live objects in ascending id order. */
  listObjects(portalId: number, type: ObjectType, includeArchived = false): CrmObject[] {
    const out: CrmObject[] = [];
    for (const o of this.portal(portalId).objects[type].values()) {
      if (includeArchived || !o.archived) out.push(o);
    }
    return out;
  }

  countObjects(portalId: number, type: ObjectType): number {
    let n = 0;
    for (const o of this.portal(portalId).objects[type].values()) if (!o.archived) n++;
    return n;
  }

  private derive(portalId: number, obj: CrmObject): void {
    if (obj.type !== 'deals') return;
    const info = this.portal(portalId).info;
    const amount = obj.properties['amount'];
    if (amount === undefined || amount === '' || !Number.isFinite(Number(amount))) {
      delete obj.properties['amount_in_home_currency'];
      return;
    }
    const currency = obj.properties['deal_currency_code'];
    const rate =
      currency !== undefined && currency !== '' && currency !== info.currency
        ? (info.exchangeRates[currency] ?? info.homeCurrencyRate)
        : info.homeCurrencyRate;
    obj.properties['amount_in_home_currency'] = formatNumber(Number(amount) * rate);
  }

  /**
   * Creates an object from validated values. Deals default to the first pipeline's first stage.
   * Emits `creation` and one `propertyChange` (initial) per non-empty value.
   */
  createObject(
    portalId: number,
    type: ObjectType,
    values: PropertyWrite,
    source: ChangeSource,
    options: { createdAt?: number; emit?: boolean } = {},
  ): CrmObject {
    const state = this.portal(portalId);
    this.checkUnique(portalId, type, values, null);
    const at = options.createdAt ?? this.now();
    const id = String(this.nextId[type]++);
    const properties: Record<string, string> = {};
    for (const [k, v] of Object.entries(values)) if (v !== null) properties[k] = v;
    if (type === 'deals') {
      const stage = properties['dealstage'];
      if (properties['pipeline'] === undefined) {
        const owner = stage !== undefined ? this.stagePipeline(portalId, stage) : undefined;
        const first = owner ?? this.getPipeline(portalId, 'default') ?? this.listPipelines(portalId)[0];
        if (first !== undefined) properties['pipeline'] = first.id;
      }
      if (stage === undefined || stage === '') {
        const pl = this.getPipeline(portalId, properties['pipeline'] ?? 'default');
        const firstStage = pl?.stages[0];
        if (firstStage !== undefined) properties['dealstage'] = firstStage.id;
      }
    }
    const createdIso = properties['createdate'] ?? iso(at);
    properties['createdate'] = createdIso;
    properties['hs_object_id'] = id;
    for (const p of LAST_MODIFIED[type]) properties[p] = iso(at);
    const obj: CrmObject = {
      id,
      type,
      properties,
      createdAt: Date.parse(createdIso),
      updatedAt: at,
      archived: false,
      archivedAt: null,
    };
    this.derive(portalId, obj);
    state.objects[type].set(id, obj);
    if (type === 'contacts' && properties['email'] !== undefined && properties['email'] !== '') {
      state.emailIndex.set(properties['email'].toLowerCase(), id);
    }
    if (options.emit !== false) {
      this.emit({ kind: 'creation', portalId, occurredAt: at, source, objectType: type, objectId: id });
      for (const [name, value] of Object.entries(properties)) {
        if (value === '') continue;
        this.emit({
          kind: 'propertyChange',
          portalId,
          occurredAt: at,
          source,
          objectType: type,
          objectId: id,
          propertyName: name,
          propertyValue: value,
          initial: true,
        });
      }
    }
    return obj;
  }

  /**
   * Applies validated values; only values that differ from the stored ones count as changes
   * (each emits `propertyChange`, and the last-modified properties move with them).
   * Returns the names of the changed properties.
   */
  updateObject(
    portalId: number,
    type: ObjectType,
    id: string,
    values: PropertyWrite,
    source: ChangeSource,
    options: { emit?: boolean } = {},
  ): string[] {
    const state = this.portal(portalId);
    const obj = this.getObject(portalId, type, id);
    if (obj === undefined) throw new Error(`Object ${type}/${id} not found`);
    this.checkUnique(portalId, type, values, id);
    const before = { ...obj.properties };
    if (type === 'deals' && typeof values['dealstage'] === 'string' && values['pipeline'] === undefined) {
      // HubSpot moves the deal to the pipeline that owns the stage.
      const owner = this.stagePipeline(portalId, values['dealstage']);
      if (owner !== undefined && owner.id !== obj.properties['pipeline'])
        obj.properties['pipeline'] = owner.id;
    }
    for (const [k, v] of Object.entries(values)) {
      if (v === null) Reflect.deleteProperty(obj.properties, k);
      else obj.properties[k] = v;
    }
    this.derive(portalId, obj);
    const changed = Object.keys({ ...before, ...obj.properties }).filter(
      (k) => (before[k] ?? '') !== (obj.properties[k] ?? ''),
    );
    if (changed.length === 0) return [];
    const at = this.now();
    for (const p of LAST_MODIFIED[type]) {
      obj.properties[p] = iso(at);
      if (!changed.includes(p)) changed.push(p);
    }
    obj.updatedAt = at;
    if (type === 'contacts' && changed.includes('email')) {
      const old = before['email'];
      if (old !== undefined && old !== '') state.emailIndex.delete(old.toLowerCase());
      const next = obj.properties['email'];
      if (next !== undefined && next !== '') state.emailIndex.set(next.toLowerCase(), id);
    }
    if (options.emit !== false) {
      for (const name of changed) {
        this.emit({
          kind: 'propertyChange',
          portalId,
          occurredAt: at,
          source,
          objectType: type,
          objectId: id,
          propertyName: name,
          propertyValue: obj.properties[name] ?? '',
          initial: false,
        });
      }
    }
    return changed;
  }

  /** Archives (HubSpot "delete"); emits `deletion`. Returns false when there was nothing to archive. */
  archiveObject(portalId: number, type: ObjectType, id: string, source: ChangeSource): boolean {
    const state = this.portal(portalId);
    const obj = this.getObject(portalId, type, id);
    if (obj === undefined) return false;
    const at = this.now();
    obj.archived = true;
    obj.archivedAt = at;
    obj.updatedAt = at;
    if (type === 'contacts' && obj.properties['email'])
      state.emailIndex.delete(obj.properties['email'].toLowerCase());
    this.emit({ kind: 'deletion', portalId, occurredAt: at, source, objectType: type, objectId: id });
    return true;
  }

  /**
   * Merges `mergedId` into `primaryId` (HubSpot keeps the primary's id): properties empty on the
   * primary take the merged record's values, its associations move to the primary, and the merged
   * record is archived. Emits one `merge` change (no deletion, no association events).
   */
  mergeObjects(
    portalId: number,
    type: ObjectType,
    primaryId: string,
    mergedId: string,
    source: ChangeSource,
  ): boolean {
    const primary = this.getObject(portalId, type, primaryId);
    const merged = this.getObject(portalId, type, mergedId);
    if (primary === undefined || merged === undefined || primaryId === mergedId) return false;
    let moved = 0;
    for (const [name, value] of Object.entries(merged.properties)) {
      if (value === '' || this.isSystemProperty(type, name)) continue;
      if (primary.properties[name] !== undefined && primary.properties[name] !== '') continue;
      primary.properties[name] = value;
      moved++;
    }
    for (const other of OBJECT_TYPES) {
      if (other === type) continue;
      for (const id of this.associatedIds(portalId, type, mergedId, other)) {
        this.associate(portalId, type, primaryId, other, id, source, { emit: false, touch: false });
      }
    }
    const at = this.now();
    merged.archived = true;
    merged.archivedAt = at;
    merged.updatedAt = at;
    const state = this.portal(portalId);
    if (type === 'contacts' && merged.properties['email'])
      state.emailIndex.delete(merged.properties['email'].toLowerCase());
    for (const p of LAST_MODIFIED[type]) primary.properties[p] = iso(at);
    primary.updatedAt = at;
    this.emit({
      kind: 'merge',
      portalId,
      occurredAt: at,
      source,
      objectType: type,
      objectId: primaryId,
      mergedObjectIds: [mergedId],
      numberOfPropertiesMoved: moved,
    });
    return true;
  }

  // ------------------------------------------------------------------ associations

  /** Ids associated with an object (live objects only), in association order. */
  associatedIds(portalId: number, fromType: ObjectType, fromId: string, toType: ObjectType): string[] {
    if (fromType === toType) return [];
    const set = this.portal(portalId).associations[fromType].get(fromId);
    if (set === undefined) return [];
    const out: string[] = [];
    for (const id of set) if (this.getObject(portalId, toType, id) !== undefined) out.push(id);
    return out;
  }

  private touchForAssociation(portalId: number, type: ObjectType, id: string, at: number): void {
    const obj = this.getObject(portalId, type, id);
    if (obj === undefined) return;
    for (const p of LAST_MODIFIED[type]) obj.properties[p] = iso(at);
    obj.updatedAt = at;
  }

  /** Creates the default deal↔contact association (both directions). Returns false if it existed. */
  associate(
    portalId: number,
    fromType: ObjectType,
    fromId: string,
    toType: ObjectType,
    toId: string,
    source: ChangeSource,
    options: { emit?: boolean; touch?: boolean; labels?: readonly number[] } = {},
  ): boolean {
    if (defaultAssociationTypeId(fromType, toType) === undefined)
      throw validationError(`Associations between ${fromType} and ${toType} are not supported.`);
    const state = this.portal(portalId);
    this.setLabels(state, fromType, fromId, toType, toId, options.labels ?? []);
    const forward = state.associations[fromType].get(fromId) ?? new Set<string>();
    if (forward.has(toId)) return false;
    forward.add(toId);
    state.associations[fromType].set(fromId, forward);
    const backward = state.associations[toType].get(toId) ?? new Set<string>();
    backward.add(fromId);
    state.associations[toType].set(toId, backward);
    const at = this.now();
    if (options.touch !== false) {
      this.touchForAssociation(portalId, fromType, fromId, at);
      this.touchForAssociation(portalId, toType, toId, at);
    }
    if (options.emit !== false) {
      this.emit({
        kind: 'associationChange',
        portalId,
        occurredAt: at,
        source,
        fromType,
        fromId,
        toType,
        toId,
        removed: false,
      });
    }
    return true;
  }

  /** Labelled association type ids (beyond the default one) from one object to another. */
  associationLabels(portalId: number, fromType: ObjectType, fromId: string, toId: string): number[] {
    return [...(this.portal(portalId).associationLabels.get(`${fromType}/${fromId}>${toId}`) ?? [])];
  }

  /** Records labelled types in both directions (the reverse type sits at the same index). */
  private setLabels(
    state: PortalState,
    fromType: ObjectType,
    fromId: string,
    toType: ObjectType,
    toId: string,
    labels: readonly number[],
  ): void {
    const forward = associationTypes(fromType, toType);
    const backward = associationTypes(toType, fromType);
    for (const label of labels) {
      const i = forward.findIndex((t) => t.typeId === label);
      const reverse = backward[i]?.typeId;
      if (i <= 0 || reverse === undefined) continue;
      const add = (key: string, id: number): void => {
        const set = state.associationLabels.get(key) ?? new Set<number>();
        set.add(id);
        state.associationLabels.set(key, set);
      };
      add(`${fromType}/${fromId}>${toId}`, label);
      add(`${toType}/${toId}>${fromId}`, reverse);
    }
  }

  disassociate(
    portalId: number,
    fromType: ObjectType,
    fromId: string,
    toType: ObjectType,
    toId: string,
    source: ChangeSource,
  ): boolean {
    if (fromType === toType) return false;
    const state = this.portal(portalId);
    const forward = state.associations[fromType].get(fromId);
    if (forward === undefined || !forward.delete(toId)) return false;
    state.associations[toType].get(toId)?.delete(fromId);
    state.associationLabels.delete(`${fromType}/${fromId}>${toId}`);
    state.associationLabels.delete(`${toType}/${toId}>${fromId}`);
    const at = this.now();
    this.touchForAssociation(portalId, fromType, fromId, at);
    this.touchForAssociation(portalId, toType, toId, at);
    this.emit({
      kind: 'associationChange',
      portalId,
      occurredAt: at,
      source,
      fromType,
      fromId,
      toType,
      toId,
      removed: true,
    });
    return true;
  }

  /** num_associated_contacts and other values HubSpot calculates on read. */
  calculatedValue(portalId: number, obj: CrmObject, name: string): string | undefined {
    if (obj.type === 'deals' && name === 'num_associated_contacts') {
      return String(this.associatedIds(portalId, 'deals', obj.id, 'contacts').length);
    }
    return undefined;
  }

  /** Is a property name one the sandbox maintains itself? */
  isSystemProperty(type: ObjectType, name: string): boolean {
    return SYSTEM_PROPERTIES[type].includes(name);
  }

  /** A JSON-friendly dump of one portal (admin "read raw state"). */
  snapshot(portalId: number): Record<string, unknown> {
    const state = this.portal(portalId);
    const objects: Record<string, unknown> = {};
    const associations: Record<string, Record<string, string[]>> = {};
    for (const type of OBJECT_TYPES) {
      objects[type] = [...state.objects[type].values()].map((o) => ({
        ...o,
        properties: { ...o.properties },
      }));
      const assoc: Record<string, string[]> = {};
      for (const [id, set] of state.associations[type]) if (set.size > 0) assoc[id] = [...set];
      associations[type] = assoc;
    }
    return {
      portal: { ...state.info },
      pipelines: this.listPipelines(portalId),
      groups: { deals: this.listGroups(portalId, 'deals'), contacts: this.listGroups(portalId, 'contacts') },
      properties: {
        deals: this.listProperties(portalId, 'deals').filter((p) => !p.hubspotDefined),
        contacts: this.listProperties(portalId, 'contacts').filter((p) => !p.hubspotDefined),
      },
      objects,
      associations,
    };
  }
}
