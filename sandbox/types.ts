/**
 * Shared types of the local HubSpot sandbox (sandbox/). Names follow HubSpot's API where a
 * HubSpot concept exists (portal = HubSpot account, objectType = `deals` | `contacts`).
 */

/** CRM object types the sandbox implements (path form). */
export type ObjectType = 'deals' | 'contacts' | 'meetings' | 'companies';
/** Singular form, used in webhook subscription types (`deal.propertyChange`). */
export type SingularObjectType = 'deal' | 'contact' | 'meeting' | 'company';

export const OBJECT_TYPES: readonly ObjectType[] = ['deals', 'contacts', 'meetings', 'companies'];

/** HubSpot object type ids (`0-3` deals, `0-1` contacts, `0-47` meetings, `0-2` companies). */
export const OBJECT_TYPE_IDS: Readonly<Record<ObjectType, string>> = {
  deals: '0-3',
  contacts: '0-1',
  meetings: '0-47',
  companies: '0-2',
};

export const SINGULAR: Readonly<Record<ObjectType, SingularObjectType>> = {
  deals: 'deal',
  contacts: 'contact',
  meetings: 'meeting',
  companies: 'company',
};

/** HubSpot-defined association type ids between deals and contacts. */
export const ASSOCIATION_TYPE_IDS = { dealToContact: 3, contactToDeal: 4 } as const;

/**
 * HubSpot-defined association types (category HUBSPOT_DEFINED) the sandbox supports, per
 * direction, with the label HubSpot gives them (null = unlabelled default; companies also have
 * the labelled "Primary" type). The deal's pairs only: contact↔meeting and contact↔company are
 * not modelled. https://developers.hubspot.com/docs/api-reference/crm-associations-v4/guide
 */
export const ASSOCIATION_TYPES: Readonly<
  Record<string, readonly { typeId: number; label: string | null }[]>
> = {
  'deals/contacts': [{ typeId: 3, label: null }],
  'contacts/deals': [{ typeId: 4, label: null }],
  'deals/meetings': [{ typeId: 212, label: null }],
  'meetings/deals': [{ typeId: 211, label: null }],
  'deals/companies': [
    { typeId: 341, label: null },
    { typeId: 5, label: 'Primary' },
  ],
  'companies/deals': [
    { typeId: 342, label: null },
    { typeId: 6, label: 'Primary' },
  ],
};

/** The association types from one object type to another (empty: the pair is not supported). */
export function associationTypes(
  from: ObjectType,
  to: ObjectType,
): readonly { typeId: number; label: string | null }[] {
  return ASSOCIATION_TYPES[`${from}/${to}`] ?? [];
}

/** The unlabelled default association type id of a pair (undefined when the pair is not supported). */
export function defaultAssociationTypeId(from: ObjectType, to: ObjectType): number | undefined {
  return associationTypes(from, to)[0]?.typeId;
}

/** Resolves every spelling HubSpot accepts in a path (`deals`, `deal`, `0-3`, …); undefined when unsupported. */
export function parseObjectType(raw: string): ObjectType | undefined {
  switch (raw.toLowerCase()) {
    case 'deals':
    case 'deal':
    case '0-3':
      return 'deals';
    case 'contacts':
    case 'contact':
    case '0-1':
      return 'contacts';
    case 'meetings':
    case 'meeting':
    case 'meeting_event':
    case '0-47':
      return 'meetings';
    case 'companies':
    case 'company':
    case '0-2':
      return 'companies';
    default:
      return undefined;
  }
}

export interface PropertyOption {
  label: string;
  value: string;
  description: string;
  displayOrder: number;
  hidden: boolean;
}

/** A property definition as the sandbox stores it (serialised to HubSpot's `Property`). */
export interface PropertyDefinition {
  name: string;
  label: string;
  description: string;
  groupName: string;
  type: string;
  fieldType: string;
  options: PropertyOption[];
  displayOrder: number;
  hidden: boolean;
  formField: boolean;
  calculated: boolean;
  externalOptions: boolean;
  hasUniqueValue: boolean;
  hubspotDefined: boolean;
  /** Values cannot be written through the API (calculated or system properties). */
  readOnlyValue: boolean;
  /** The definition cannot be changed through the API (HubSpot-defined properties). */
  readOnlyDefinition: boolean;
  archivable: boolean;
  showCurrencySymbol: boolean;
  createdAt: number;
  updatedAt: number;
  archived: boolean;
}

export interface PropertyGroup {
  name: string;
  label: string;
  displayOrder: number;
  archived: boolean;
}

export interface PipelineStage {
  id: string;
  label: string;
  displayOrder: number;
  /** HubSpot returns metadata values as strings: `{ isClosed: 'true', probability: '1.0' }`. */
  metadata: Record<string, string>;
  createdAt: number;
  updatedAt: number;
  archived: boolean;
  writePermissions: 'CRM_PERMISSIONS_ENFORCEMENT' | 'READ_ONLY' | 'INTERNAL_ONLY';
}

export interface Pipeline {
  id: string;
  label: string;
  displayOrder: number;
  stages: PipelineStage[];
  createdAt: number;
  updatedAt: number;
  archived: boolean;
}

/** Input form of a pipeline (admin seed / POST /crm/v3/pipelines). */
export interface PipelineInput {
  id?: string;
  label: string;
  displayOrder?: number;
  stages: { id?: string; label: string; displayOrder?: number; metadata: Record<string, string> }[];
}

export interface CrmObject {
  id: string;
  type: ObjectType;
  /** Raw stored values (every value a string; absent = never set). */
  properties: Record<string, string>;
  createdAt: number;
  updatedAt: number;
  archived: boolean;
  archivedAt: number | null;
}

export interface PortalUser {
  id: number;
  email: string;
  firstName?: string;
  lastName?: string;
}

export interface PortalInput {
  portalId: number;
  name?: string;
  /** Company currency (default CNY). */
  currency?: string;
  additionalCurrencies?: string[];
  /** IANA-ish time zone as HubSpot reports it (default Asia/Shanghai). */
  timeZone?: string;
  /** UTC offset in ms (default +8 h). */
  utcOffsetMilliseconds?: number;
  uiDomain?: string;
  /** The customer's website domain (token info `hub_domain`). */
  hubDomain?: string;
  users?: PortalUser[];
  /** Multiplier from a deal's amount to `amount_in_home_currency` when the deal has no currency (default 1). */
  homeCurrencyRate?: number;
  /** Rates to the company currency per `deal_currency_code` (e.g. { USD: 7.1 }). */
  exchangeRates?: Record<string, number>;
  accountType?: 'STANDARD' | 'DEVELOPER_TEST' | 'SANDBOX' | 'APP_DEVELOPER';
  dataHostingLocation?: string;
  /** Whether the app is installed (webhooks are only sent for installed portals). Default false. */
  installed?: boolean;
}

export interface PortalInfo {
  portalId: number;
  name: string;
  currency: string;
  additionalCurrencies: string[];
  timeZone: string;
  utcOffsetMilliseconds: number;
  uiDomain: string;
  hubDomain: string;
  users: PortalUser[];
  homeCurrencyRate: number;
  exchangeRates: Record<string, number>;
  accountType: 'STANDARD' | 'DEVELOPER_TEST' | 'SANDBOX' | 'APP_DEVELOPER';
  dataHostingLocation: string;
  installed: boolean;
}

/** Who made a change, as HubSpot reports it in webhook events. */
export interface ChangeSource {
  /** `INTEGRATION` (an app's API call), `CRM_UI` (a user), `IMPORT`, `WORKFLOW`, … */
  changeSource: string;
  /** App id for INTEGRATION, `userId:<id>` for CRM_UI; null when HubSpot sends none. */
  sourceId: string | null;
}

interface ChangeBase {
  portalId: number;
  occurredAt: number;
  source: ChangeSource;
}

/** A state change that may produce webhook events. */
export type ChangeEvent =
  | (ChangeBase & { kind: 'creation'; objectType: ObjectType; objectId: string })
  | (ChangeBase & { kind: 'deletion'; objectType: ObjectType; objectId: string })
  | (ChangeBase & {
      kind: 'propertyChange';
      objectType: ObjectType;
      objectId: string;
      propertyName: string;
      /** New value ('' when cleared). */
      propertyValue: string;
      /** True for the values an object was created with (HubSpot also reports those as property changes). */
      initial: boolean;
    })
  | (ChangeBase & {
      /** `mergedObjectIds` were merged into `objectId` (which keeps its id) and archived. */
      kind: 'merge';
      objectType: ObjectType;
      objectId: string;
      mergedObjectIds: string[];
      numberOfPropertiesMoved: number;
    })
  | (ChangeBase & {
      kind: 'associationChange';
      fromType: ObjectType;
      fromId: string;
      toType: ObjectType;
      toId: string;
      removed: boolean;
    });

/** The OAuth app the sandbox plays HubSpot for. */
export interface SandboxApp {
  clientId: string;
  clientSecret: string;
  appId: number;
  /** Allowed redirect URIs; empty = any redirect URI is accepted. */
  redirectUris: string[];
  /**
   * The app's required scopes. Empty: the default app's (REQUIRED_APP_SCOPES) when matching is
   * strict, any scope otherwise.
   */
  scopes: string[];
  /** The app's optional scopes (default: OPTIONAL_APP_SCOPES when `scopes` is empty, else none). */
  optionalScopes?: string[];
}

/** Tokens issued by the sandbox (OAuth code exchange or admin install). */
export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  portalId: number;
  userId: number;
  scopes: string[];
}
