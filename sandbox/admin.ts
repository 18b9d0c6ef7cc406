import type { OAuthStore } from './oauth-store';
import type { CrmState } from './state';
import type {
  ChangeSource,
  CrmObject,
  IssuedTokens,
  ObjectType,
  PipelineInput,
  PortalInfo,
  PortalInput,
  Pipeline,
  PropertyDefinition,
} from './types';

/**
 * Test-only operations on the sandbox (no HTTP, no rate limit, no call log): portals, installs,
 * seeding, "user edits" made in HubSpot's UI (webhooks with changeSource CRM_UI), raw state.
 */

/** A portal's seed: records are keyed so deals can name their contacts. */
export interface PortalSeed {
  portal: PortalInput;
  pipelines?: PipelineInput[];
  groups?: { objectType: ObjectType; name: string; label: string; displayOrder?: number }[];
  /** Property create bodies (HubSpot's POST /crm/v3/properties shape). */
  properties?: { objectType: ObjectType; definition: Record<string, unknown> }[];
  contacts?: { key: string; properties: Record<string, string>; createdAt?: number }[];
  deals?: { key: string; properties: Record<string, string>; createdAt?: number; contacts?: string[] }[];
}

export interface SeedResult {
  portalId: number;
  /** Seed key → HubSpot id. */
  deals: Record<string, string>;
  contacts: Record<string, string>;
}

export interface UserEdit {
  objectType: ObjectType;
  objectId: string;
  properties: Record<string, string | null>;
  /** The HubSpot user making the edit (default: the portal's first user). */
  userId?: number;
  /** Default CRM_UI. */
  changeSource?: string;
}

/** A read-only copy of an object for assertions. */
export interface ObjectView {
  id: string;
  properties: Record<string, string>;
  createdAt: number;
  updatedAt: number;
  archived: boolean;
}

function view(o: CrmObject): ObjectView {
  return {
    id: o.id,
    properties: { ...o.properties },
    createdAt: o.createdAt,
    updatedAt: o.updatedAt,
    archived: o.archived,
  };
}

export class SandboxAdmin {
  private installPortal: number | null = null;

  constructor(
    private readonly state: CrmState,
    private readonly oauth: OAuthStore,
    private readonly scopes: readonly string[],
    private readonly setInstallPortalId: (id: number | null) => void,
  ) {}

  private userSource(portalId: number, userId?: number, changeSource = 'CRM_UI'): ChangeSource {
    const user = userId ?? this.state.portalInfo(portalId).users[0]?.id ?? portalId;
    return { changeSource, sourceId: `userId:${user}` };
  }

  createPortal(input: PortalInput): PortalInfo {
    return this.state.createPortal(input);
  }

  portal(portalId: number): PortalInfo {
    return { ...this.state.portalInfo(portalId) };
  }

  portals(): PortalInfo[] {
    return this.state.listPortals().map((p) => ({ ...p }));
  }

  updatePortal(portalId: number, patch: Partial<Omit<PortalInput, 'portalId'>>): PortalInfo {
    return { ...this.state.updatePortal(portalId, patch) };
  }

  /** The portal /oauth/authorize installs into when the URL names none. */
  setInstallPortal(portalId: number | null): void {
    this.installPortal = portalId;
    this.setInstallPortalId(portalId);
  }

  get installPortalId(): number | null {
    return this.installPortal;
  }

  /** Installs the app without the OAuth dance and returns fresh tokens. */
  install(portalId: number, options: { scopes?: string[]; userId?: number } = {}): IssuedTokens {
    const info = this.state.updatePortal(portalId, { installed: true });
    const userId = options.userId ?? info.users[0]?.id ?? portalId;
    return this.oauth.issuePair(portalId, userId, options.scopes ?? [...this.scopes]);
  }

  /** Uninstalls the app: every token of the portal is revoked and webhooks stop. */
  uninstall(portalId: number): void {
    this.state.updatePortal(portalId, { installed: false });
    this.oauth.revokePortal(portalId);
  }

  /** Makes live access tokens (of one portal, or all) expire now; returns how many. */
  expireAccessTokens(portalId?: number): number {
    return this.oauth.expireAccessTokens(portalId);
  }

  defineGroup(
    portalId: number,
    objectType: ObjectType,
    group: { name: string; label: string; displayOrder?: number },
  ): void {
    if (this.state.getGroup(portalId, objectType, group.name) === undefined) {
      this.state.createGroup(portalId, objectType, group as unknown as Record<string, unknown>);
    }
  }

  /** Creates a property (HubSpot create body); an existing one is left unchanged. */
  defineProperty(
    portalId: number,
    objectType: ObjectType,
    definition: Record<string, unknown>,
  ): PropertyDefinition {
    const name = String(definition['name'] ?? '');
    return (
      this.state.getProperty(portalId, objectType, name) ??
      this.state.createProperty(portalId, objectType, definition)
    );
  }

  createPipeline(portalId: number, input: PipelineInput): Pipeline {
    return this.state.createPipeline(portalId, input);
  }

  /**
   * Every API update of this record fails (the whole batch it is in: 400 with `category` and
   * `message`), like an admin validation rule such as MISSING_CONDITIONAL_REQUIRED_PROPERTY; null lifts it.
   */
  refuseWrites(
    portalId: number,
    objectType: ObjectType,
    id: string,
    refusal: { category: string; message: string } | null,
  ): void {
    this.state.refuseWrites(portalId, objectType, id, refusal);
  }

  /**
   * Creates an object (values validated as the API would). No webhooks unless `emit` — seeded
   * data exists before the app is installed.
   */
  createObject(
    portalId: number,
    objectType: ObjectType,
    properties: Record<string, string | null>,
    options: { emit?: boolean; createdAt?: number; userId?: number } = {},
  ): ObjectView {
    const values = this.state.validateWrite(portalId, objectType, properties, undefined);
    const obj = this.state.createObject(
      portalId,
      objectType,
      values,
      this.userSource(portalId, options.userId),
      {
        emit: options.emit ?? false,
        ...(options.createdAt !== undefined ? { createdAt: options.createdAt } : {}),
      },
    );
    return view(obj);
  }

  /** Associates a deal and a contact (seeding: no webhooks unless `emit`). */
  associate(
    portalId: number,
    dealId: string,
    contactId: string,
    options: { emit?: boolean; userId?: number } = {},
  ): boolean {
    const emit = options.emit ?? false;
    return this.state.associate(
      portalId,
      'deals',
      dealId,
      'contacts',
      contactId,
      this.userSource(portalId, options.userId),
      {
        emit,
        touch: emit,
      },
    );
  }

  /** A user edits a record in HubSpot: validated like the API, webhooks with changeSource CRM_UI. */
  userEdit(portalId: number, edit: UserEdit): ObjectView {
    const obj = this.state.getObject(portalId, edit.objectType, edit.objectId);
    if (obj === undefined) throw new Error(`No ${edit.objectType} ${edit.objectId} in portal ${portalId}`);
    const values = this.state.validateWrite(portalId, edit.objectType, edit.properties, obj);
    this.state.updateObject(
      portalId,
      edit.objectType,
      obj.id,
      values,
      this.userSource(portalId, edit.userId, edit.changeSource),
    );
    return view(obj);
  }

  /** A user creates a record in HubSpot (webhooks with CRM_UI). */
  userCreate(
    portalId: number,
    objectType: ObjectType,
    properties: Record<string, string | null>,
    userId?: number,
  ): ObjectView {
    return this.createObject(portalId, objectType, properties, {
      emit: true,
      ...(userId !== undefined ? { userId } : {}),
    });
  }

  /** A user associates (or, with `remove`, disassociates) a deal and a contact. */
  userAssociate(
    portalId: number,
    dealId: string,
    contactId: string,
    options: { remove?: boolean; userId?: number } = {},
  ): boolean {
    const source = this.userSource(portalId, options.userId);
    return options.remove === true
      ? this.state.disassociate(portalId, 'deals', dealId, 'contacts', contactId, source)
      : this.state.associate(portalId, 'deals', dealId, 'contacts', contactId, source);
  }

  /** A user deletes a record (webhook deletion event). */
  userDelete(portalId: number, objectType: ObjectType, objectId: string, userId?: number): boolean {
    return this.state.archiveObject(portalId, objectType, objectId, this.userSource(portalId, userId));
  }

  /** A user merges `mergedId` into `primaryId` (webhook merge event; the merged record is archived). */
  userMerge(
    portalId: number,
    objectType: ObjectType,
    primaryId: string,
    mergedId: string,
    userId?: number,
  ): boolean {
    return this.state.mergeObjects(
      portalId,
      objectType,
      primaryId,
      mergedId,
      this.userSource(portalId, userId),
    );
  }

  getObject(portalId: number, objectType: ObjectType, id: string): ObjectView | undefined {
    const o = this.state.getObject(portalId, objectType, id, true);
    return o === undefined ? undefined : view(o);
  }

  listObjects(portalId: number, objectType: ObjectType): ObjectView[] {
    return this.state.listObjects(portalId, objectType).map(view);
  }

  associatedIds(portalId: number, objectType: ObjectType, id: string): string[] {
    return this.state.associatedIds(portalId, objectType, id, objectType === 'deals' ? 'contacts' : 'deals');
  }

  snapshot(portalId: number): Record<string, unknown> {
    return this.state.snapshot(portalId);
  }

  /** Creates the portal (when missing) and its pipelines, properties, contacts, deals, associations. */
  seed(seed: PortalSeed): SeedResult {
    const portalId = seed.portal.portalId;
    if (!this.state.hasPortal(portalId)) this.state.createPortal(seed.portal);
    for (const p of seed.pipelines ?? []) {
      if (p.id === undefined || this.state.getPipeline(portalId, p.id) === undefined)
        this.state.createPipeline(portalId, p);
    }
    for (const g of seed.groups ?? []) this.defineGroup(portalId, g.objectType, g);
    for (const p of seed.properties ?? []) this.defineProperty(portalId, p.objectType, p.definition);
    const result: SeedResult = { portalId, deals: {}, contacts: {} };
    for (const c of seed.contacts ?? []) {
      const o = this.createObject(
        portalId,
        'contacts',
        c.properties,
        c.createdAt !== undefined ? { createdAt: c.createdAt } : {},
      );
      result.contacts[c.key] = o.id;
    }
    for (const d of seed.deals ?? []) {
      const o = this.createObject(
        portalId,
        'deals',
        d.properties,
        d.createdAt !== undefined ? { createdAt: d.createdAt } : {},
      );
      result.deals[d.key] = o.id;
      for (const key of d.contacts ?? []) {
        const contactId = result.contacts[key];
        if (contactId === undefined) throw new Error(`Seed deal ${d.key} names unknown contact ${key}`);
        this.associate(portalId, o.id, contactId);
      }
    }
    return result;
  }
}
