/**
 * Generates the HubSpot project files that derive from the playbook registry (one source of
 * truth): extensions/app/webhooks/webhooks-hsmeta.json subscribes to every scoring input.
 *
 *   npm run hubspot:generate            write the files
 *   npm run hubspot:generate -- --check exit 1 (and say what to run) when a committed file is stale
 *
 * The target URL is the profile variable ${BACKEND_URL} (hsprofile.<env>.json), so the file is
 * the same for every environment.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SCORING_INPUTS } from '../src/methodology';
import { MEETING_INPUTS } from '../webhooks/receiver';

/**
 * Meetings' object in generic subscriptions: the changelog lists it as MEETING_EVENT (0-47);
 * the lower-case form follows the other multi-word objects (line_item).
 * https://developers.hubspot.com/changelog/public-beta-generic-webhook-subscriptions
 */
export const MEETING_OBJECT_TYPE = 'meeting_event';

export const WEBHOOKS_HSMETA_PATH = 'extensions/app/webhooks/webhooks-hsmeta.json';
export const WEBHOOK_TARGET_PATH = '/webhooks/hubspot';

export interface CrmObjectSubscription {
  subscriptionType:
    'object.creation' | 'object.deletion' | 'object.associationChange' | 'object.propertyChange';
  objectType: 'deal' | 'contact' | typeof MEETING_OBJECT_TYPE;
  propertyName?: string;
  active: boolean;
}

export interface WebhooksHsmeta {
  uid: string;
  type: 'webhooks';
  config: {
    settings: { targetUrl: string; maxConcurrentRequests: number };
    subscriptions: { crmObjects: CrmObjectSubscription[] };
  };
}

function unique(names: readonly string[]): string[] {
  return [...new Set(names)];
}

/**
 * Webhook subscriptions: deal creation and deletion, deal association changes (deal↔contact and
 * deal↔meeting: generic `object.associationChange` covers every supported object), a
 * property-change subscription for every deal and contact scoring input, and for the meeting
 * properties a completed visit depends on (start time, outcome).
 */
export function buildWebhooksHsmeta(
  inputs: { readonly deal: readonly string[]; readonly contact: readonly string[] } = SCORING_INPUTS,
  meetingInputs: readonly string[] = MEETING_INPUTS,
): WebhooksHsmeta {
  const propertyChanges = (
    objectType: CrmObjectSubscription['objectType'],
    names: readonly string[],
  ): CrmObjectSubscription[] =>
    unique(names).map((propertyName) => ({
      subscriptionType: 'object.propertyChange',
      objectType,
      propertyName,
      active: true,
    }));
  return {
    uid: 'stepwise_webhooks',
    type: 'webhooks',
    config: {
      settings: { targetUrl: `\${BACKEND_URL}${WEBHOOK_TARGET_PATH}`, maxConcurrentRequests: 10 },
      subscriptions: {
        crmObjects: [
          { subscriptionType: 'object.creation', objectType: 'deal', active: true },
          { subscriptionType: 'object.deletion', objectType: 'deal', active: true },
          { subscriptionType: 'object.associationChange', objectType: 'deal', active: true },
          ...propertyChanges('deal', inputs.deal),
          ...propertyChanges('contact', inputs.contact),
          ...propertyChanges(MEETING_OBJECT_TYPE, meetingInputs),
        ],
      },
    },
  };
}

/** The file's exact committed text. */
export function renderWebhooksHsmeta(meta: WebhooksHsmeta = buildWebhooksHsmeta()): string {
  return `${JSON.stringify(meta, null, 2)}\n`;
}

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function main(argv: readonly string[]): number {
  const file = resolve(ROOT, WEBHOOKS_HSMETA_PATH);
  const expected = renderWebhooksHsmeta();
  if (argv.includes('--check')) {
    let actual = '';
    try {
      actual = readFileSync(file, 'utf8');
    } catch {
      // missing counts as stale
    }
    if (actual !== expected) {
      process.stderr.write(
        `${WEBHOOKS_HSMETA_PATH} is out of date with the playbook registry. Run: npm run hubspot:generate\n`,
      );
      return 1;
    }
    process.stdout.write(`${WEBHOOKS_HSMETA_PATH} is up to date.\n`);
    return 0;
  }
  writeFileSync(file, expected);
  const count = buildWebhooksHsmeta().config.subscriptions.crmObjects.length;
  process.stdout.write(`Wrote ${WEBHOOKS_HSMETA_PATH} (${count} subscriptions).\n`);
  return 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = main(process.argv.slice(2));
}
