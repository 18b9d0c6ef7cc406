import type { ObjectType, PropertyDefinition, PropertyGroup, PropertyOption } from './types';

/**
 * HubSpot-defined groups and properties every portal starts with (a representative subset of
 * HubSpot's defaults: everything Stepwise and the demo read, with HubSpot's names and types).
 */

export const DEFAULT_GROUPS: Readonly<Record<ObjectType, readonly PropertyGroup[]>> = {
  deals: [
    { name: 'dealinformation', label: 'Deal information', displayOrder: -1, archived: false },
    { name: 'deal_activity', label: 'Deal activity', displayOrder: -1, archived: false },
  ],
  contacts: [
    { name: 'contactinformation', label: 'Contact information', displayOrder: 0, archived: false },
    { name: 'contact_activity', label: 'Contact activity', displayOrder: 1, archived: false },
  ],
  meetings: [{ name: 'meeting', label: 'Meeting information', displayOrder: 0, archived: false }],
  companies: [{ name: 'companyinformation', label: 'Company information', displayOrder: 0, archived: false }],
};

/** Properties whose value the sandbox computes (never written through the API). */
export const SYSTEM_PROPERTIES: Readonly<Record<ObjectType, readonly string[]>> = {
  deals: [
    'hs_object_id',
    'createdate',
    'hs_lastmodifieddate',
    'amount_in_home_currency',
    'num_associated_contacts',
  ],
  contacts: ['hs_object_id', 'createdate', 'lastmodifieddate', 'hs_lastmodifieddate'],
  meetings: ['hs_object_id', 'hs_createdate', 'hs_lastmodifieddate'],
  companies: ['hs_object_id', 'createdate', 'hs_lastmodifieddate'],
};

/** Returned by GET/batch read when no `properties` are requested. */
export const DEFAULT_READ_PROPERTIES: Readonly<Record<ObjectType, readonly string[]>> = {
  deals: [
    'amount',
    'closedate',
    'createdate',
    'dealname',
    'dealstage',
    'hs_lastmodifieddate',
    'hs_object_id',
    'pipeline',
  ],
  contacts: ['createdate', 'email', 'firstname', 'hs_object_id', 'lastmodifieddate', 'lastname'],
  meetings: ['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id'],
  companies: ['createdate', 'domain', 'hs_lastmodifieddate', 'hs_object_id', 'name'],
};

/** Always returned alongside the requested properties. */
export const ALWAYS_RETURNED: Readonly<Record<ObjectType, readonly string[]>> = {
  deals: ['createdate', 'hs_lastmodifieddate', 'hs_object_id'],
  contacts: ['createdate', 'hs_object_id', 'lastmodifieddate'],
  meetings: ['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id'],
  companies: ['createdate', 'hs_lastmodifieddate', 'hs_object_id'],
};

/** The property that holds an object's last-modified time (updated on every change). */
export const LAST_MODIFIED: Readonly<Record<ObjectType, readonly string[]>> = {
  deals: ['hs_lastmodifieddate'],
  contacts: ['lastmodifieddate', 'hs_lastmodifieddate'],
  meetings: ['hs_lastmodifieddate'],
  companies: ['hs_lastmodifieddate'],
};

/** Properties the free-text `query` of a search looks at. */
export const SEARCHABLE_TEXT: Readonly<Record<ObjectType, readonly string[]>> = {
  deals: ['dealname', 'description'],
  contacts: ['firstname', 'lastname', 'email', 'phone', 'company', 'jobtitle'],
  meetings: ['hs_meeting_title', 'hs_meeting_body'],
  companies: ['name', 'domain'],
};

function opts(pairs: readonly (readonly [string, string])[]): PropertyOption[] {
  return pairs.map(([value, label], i) => ({
    label,
    value,
    description: '',
    displayOrder: i,
    hidden: false,
  }));
}

const CURRENCIES = opts([
  ['CNY', 'Chinese Yuan'],
  ['USD', 'US Dollar'],
  ['EUR', 'Euro'],
  ['HKD', 'Hong Kong Dollar'],
]);

interface Spec {
  name: string;
  label: string;
  type: string;
  fieldType: string;
  group: string;
  options?: PropertyOption[];
  calculated?: boolean;
  externalOptions?: boolean;
  readOnlyValue?: boolean;
  hasUniqueValue?: boolean;
  showCurrencySymbol?: boolean;
  description?: string;
}

const DEAL_SPECS: readonly Spec[] = [
  { name: 'dealname', label: 'Deal Name', type: 'string', fieldType: 'text', group: 'dealinformation' },
  {
    name: 'amount',
    label: 'Amount',
    type: 'number',
    fieldType: 'number',
    group: 'dealinformation',
    showCurrencySymbol: true,
  },
  {
    name: 'amount_in_home_currency',
    label: 'Amount in company currency',
    type: 'number',
    fieldType: 'number',
    group: 'dealinformation',
    calculated: true,
    readOnlyValue: true,
    showCurrencySymbol: true,
  },
  {
    name: 'deal_currency_code',
    label: 'Currency',
    type: 'enumeration',
    fieldType: 'select',
    group: 'dealinformation',
    options: CURRENCIES,
  },
  // dealstage / pipeline options live in the pipelines (externalOptions); the sandbox validates against them.
  {
    name: 'dealstage',
    label: 'Deal Stage',
    type: 'enumeration',
    fieldType: 'radio',
    group: 'dealinformation',
    externalOptions: true,
  },
  {
    name: 'pipeline',
    label: 'Pipeline',
    type: 'enumeration',
    fieldType: 'select',
    group: 'dealinformation',
    externalOptions: true,
  },
  { name: 'closedate', label: 'Close Date', type: 'datetime', fieldType: 'date', group: 'dealinformation' },
  { name: 'createdate', label: 'Create Date', type: 'datetime', fieldType: 'date', group: 'dealinformation' },
  {
    name: 'hs_lastmodifieddate',
    label: 'Last Modified Date',
    type: 'datetime',
    fieldType: 'date',
    group: 'dealinformation',
    readOnlyValue: true,
  },
  {
    name: 'hs_object_id',
    label: 'Record ID',
    type: 'number',
    fieldType: 'number',
    group: 'dealinformation',
    readOnlyValue: true,
    hasUniqueValue: true,
  },
  {
    name: 'dealtype',
    label: 'Deal Type',
    type: 'enumeration',
    fieldType: 'radio',
    group: 'dealinformation',
    options: opts([
      ['newbusiness', 'New Business'],
      ['existingbusiness', 'Existing Business'],
    ]),
  },
  {
    name: 'description',
    label: 'Deal Description',
    type: 'string',
    fieldType: 'textarea',
    group: 'dealinformation',
  },
  {
    name: 'hubspot_owner_id',
    label: 'Deal owner',
    type: 'enumeration',
    fieldType: 'select',
    group: 'dealinformation',
    externalOptions: true,
  },
  {
    name: 'num_associated_contacts',
    label: 'Number of Associated Contacts',
    type: 'number',
    fieldType: 'number',
    group: 'deal_activity',
    calculated: true,
    readOnlyValue: true,
  },
];

const CONTACT_SPECS: readonly Spec[] = [
  { name: 'firstname', label: 'First Name', type: 'string', fieldType: 'text', group: 'contactinformation' },
  { name: 'lastname', label: 'Last Name', type: 'string', fieldType: 'text', group: 'contactinformation' },
  {
    name: 'email',
    label: 'Email',
    type: 'string',
    fieldType: 'text',
    group: 'contactinformation',
    hasUniqueValue: true,
  },
  { name: 'jobtitle', label: 'Job Title', type: 'string', fieldType: 'text', group: 'contactinformation' },
  {
    name: 'phone',
    label: 'Phone Number',
    type: 'string',
    fieldType: 'phonenumber',
    group: 'contactinformation',
  },
  {
    name: 'mobilephone',
    label: 'Mobile Phone Number',
    type: 'string',
    fieldType: 'phonenumber',
    group: 'contactinformation',
  },
  { name: 'company', label: 'Company Name', type: 'string', fieldType: 'text', group: 'contactinformation' },
  { name: 'city', label: 'City', type: 'string', fieldType: 'text', group: 'contactinformation' },
  {
    name: 'lifecyclestage',
    label: 'Lifecycle Stage',
    type: 'enumeration',
    fieldType: 'radio',
    group: 'contactinformation',
    options: opts([
      ['subscriber', 'Subscriber'],
      ['lead', 'Lead'],
      ['marketingqualifiedlead', 'Marketing Qualified Lead'],
      ['salesqualifiedlead', 'Sales Qualified Lead'],
      ['opportunity', 'Opportunity'],
      ['customer', 'Customer'],
      ['evangelist', 'Evangelist'],
      ['other', 'Other'],
    ]),
  },
  {
    name: 'hubspot_owner_id',
    label: 'Contact owner',
    type: 'enumeration',
    fieldType: 'select',
    group: 'contactinformation',
    externalOptions: true,
  },
  {
    name: 'createdate',
    label: 'Create Date',
    type: 'datetime',
    fieldType: 'date',
    group: 'contactinformation',
  },
  {
    name: 'lastmodifieddate',
    label: 'Last Modified Date',
    type: 'datetime',
    fieldType: 'date',
    group: 'contactinformation',
    readOnlyValue: true,
  },
  {
    name: 'hs_lastmodifieddate',
    label: 'Object last modified date/time',
    type: 'datetime',
    fieldType: 'date',
    group: 'contactinformation',
    readOnlyValue: true,
  },
  {
    name: 'hs_object_id',
    label: 'Record ID',
    type: 'number',
    fieldType: 'number',
    group: 'contactinformation',
    readOnlyValue: true,
    hasUniqueValue: true,
  },
];

function build(spec: Spec, index: number, at: number): PropertyDefinition {
  return {
    name: spec.name,
    label: spec.label,
    description: spec.description ?? '',
    groupName: spec.group,
    type: spec.type,
    fieldType: spec.fieldType,
    options: spec.options ? spec.options.map((o) => ({ ...o })) : [],
    displayOrder: index,
    hidden: false,
    formField: !(spec.readOnlyValue ?? false),
    calculated: spec.calculated ?? false,
    externalOptions: spec.externalOptions ?? false,
    hasUniqueValue: spec.hasUniqueValue ?? false,
    hubspotDefined: true,
    readOnlyValue: spec.readOnlyValue ?? false,
    readOnlyDefinition: true,
    archivable: false,
    showCurrencySymbol: spec.showCurrencySymbol ?? false,
    createdAt: at,
    updatedAt: at,
    archived: false,
  };
}

const systemSpecs = (group: string, created: string): Spec[] => [
  { name: created, label: 'Create Date', type: 'datetime', fieldType: 'date', group, readOnlyValue: true },
  {
    name: 'hs_lastmodifieddate',
    label: 'Object last modified date/time',
    type: 'datetime',
    fieldType: 'date',
    group,
    readOnlyValue: true,
  },
  {
    name: 'hs_object_id',
    label: 'Record ID',
    type: 'number',
    fieldType: 'number',
    group,
    readOnlyValue: true,
    hasUniqueValue: true,
  },
];

/**
 * Meetings (object 0-47): the properties the meetings guide lists that Stepwise and the demo use.
 * https://developers.hubspot.com/docs/api-reference/2026-03/crm/activities/meetings/guide
 */
const MEETING_SPECS: Spec[] = [
  { name: 'hs_timestamp', label: 'Activity date', type: 'datetime', fieldType: 'date', group: 'meeting' },
  { name: 'hs_meeting_title', label: 'Meeting name', type: 'string', fieldType: 'text', group: 'meeting' },
  {
    name: 'hs_meeting_body',
    label: 'Meeting description',
    type: 'string',
    fieldType: 'textarea',
    group: 'meeting',
  },
  {
    name: 'hs_meeting_start_time',
    label: 'Start Time',
    type: 'datetime',
    fieldType: 'date',
    group: 'meeting',
  },
  { name: 'hs_meeting_end_time', label: 'End Time', type: 'datetime', fieldType: 'date', group: 'meeting' },
  {
    name: 'hs_meeting_outcome',
    label: 'Meeting outcome',
    type: 'enumeration',
    fieldType: 'select',
    group: 'meeting',
    options: opts([
      ['SCHEDULED', 'Scheduled'],
      ['COMPLETED', 'Completed'],
      ['RESCHEDULED', 'Rescheduled'],
      ['NO_SHOW', 'No show'],
      ['CANCELED', 'Canceled'],
    ]),
  },
  {
    name: 'hubspot_owner_id',
    label: 'Activity assigned to',
    type: 'enumeration',
    fieldType: 'select',
    group: 'meeting',
    externalOptions: true,
  },
  ...systemSpecs('meeting', 'hs_createdate'),
];

const COMPANY_SPECS: Spec[] = [
  { name: 'name', label: 'Company name', type: 'string', fieldType: 'text', group: 'companyinformation' },
  {
    name: 'domain',
    label: 'Company Domain Name',
    type: 'string',
    fieldType: 'text',
    group: 'companyinformation',
  },
  { name: 'industry', label: 'Industry', type: 'string', fieldType: 'text', group: 'companyinformation' },
  ...systemSpecs('companyinformation', 'createdate'),
];

const SPECS: Readonly<Record<ObjectType, readonly Spec[]>> = {
  deals: DEAL_SPECS,
  contacts: CONTACT_SPECS,
  meetings: MEETING_SPECS,
  companies: COMPANY_SPECS,
};

/** Fresh copies of the HubSpot-defined properties of an object type. */
export function defaultProperties(type: ObjectType, at: number): PropertyDefinition[] {
  return SPECS[type].map((s, i) => build(s, i, at));
}
