import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  WEBHOOKS_HSMETA_PATH,
  buildWebhooksHsmeta,
  renderWebhooksHsmeta,
  type WebhooksHsmeta,
} from '../../scripts/generate-hubspot';
import { OUTPUT_PROPERTIES, SCORING_INPUTS } from '../../src/methodology';

const ROOT = resolve(import.meta.dirname, '../..');
const committedText = readFileSync(resolve(ROOT, WEBHOOKS_HSMETA_PATH), 'utf8');
const committed = JSON.parse(committedText) as WebhooksHsmeta;
const subs = committed.config.subscriptions.crmObjects;

const propertyChanges = (objectType: 'deal' | 'contact'): string[] =>
  subs
    .filter((s) => s.subscriptionType === 'object.propertyChange' && s.objectType === objectType)
    .map((s) => String(s.propertyName));

describe('generated webhooks-hsmeta.json', () => {
  it('is exactly what `npm run hubspot:generate` writes from the playbook registry', () => {
    expect(committedText, 'stale: run npm run hubspot:generate').toBe(renderWebhooksHsmeta());
  });

  it('subscribes to every deal scoring input', () => {
    const subscribed = new Set(propertyChanges('deal'));
    const missing = SCORING_INPUTS.deal.filter((p) => !subscribed.has(p));
    expect(missing, 'deal inputs without a subscription').toEqual([]);
    expect(subscribed).toContain('sw_seven_step_need');
    expect(subscribed).toContain('amount');
    expect(subscribed).toContain('dealstage');
  });

  it('subscribes to every contact scoring input', () => {
    const subscribed = new Set(propertyChanges('contact'));
    expect(SCORING_INPUTS.contact.filter((p) => !subscribed.has(p))).toEqual([]);
    expect([...subscribed].sort()).toEqual(['sw_contact_depth', 'sw_decision_role', 'sw_stance']);
  });

  it('subscribes to deal creation, deletion and association changes (contacts joining or leaving a deal)', () => {
    const events = subs.filter((s) => s.subscriptionType !== 'object.propertyChange');
    expect(events).toEqual([
      { subscriptionType: 'object.creation', objectType: 'deal', active: true },
      { subscriptionType: 'object.deletion', objectType: 'deal', active: true },
      { subscriptionType: 'object.associationChange', objectType: 'deal', active: true },
    ]);
  });

  it('never subscribes to a property Stepwise writes itself (no write-back loops)', () => {
    const outputs = new Set([...OUTPUT_PROPERTIES, 'sw_computed_at']);
    expect(propertyChanges('deal').filter((p) => outputs.has(p))).toEqual([]);
  });

  it('has every subscription active, once', () => {
    expect(subs.every((s) => s.active)).toBe(true);
    const keys = subs.map((s) => `${s.subscriptionType}:${s.objectType}:${s.propertyName ?? ''}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('sends to the backend webhook endpoint of the profile in use', () => {
    expect(committed.config.settings.targetUrl).toBe('${BACKEND_URL}/webhooks/hubspot');
  });

  it('would subscribe to an input added to the registry', () => {
    const extended = buildWebhooksHsmeta({
      deal: [...SCORING_INPUTS.deal, 'sw_new_input'],
      contact: SCORING_INPUTS.contact,
    });
    expect(extended.config.subscriptions.crmObjects).toContainEqual({
      subscriptionType: 'object.propertyChange',
      objectType: 'deal',
      propertyName: 'sw_new_input',
      active: true,
    });
    expect(renderWebhooksHsmeta(extended)).not.toBe(committedText);
  });
});
