import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sandboxClient } from '../../sandbox/client';
import { stepwiseSubscriptions } from '../../sandbox/default-subscriptions';
import { startReceiver, type Receiver } from './fixtures';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { webhookBatchSchema } from '../../webhooks/receiver';
import { DEFAULT_WEBHOOK_SETTINGS, HUBSPOT_RETRY_SCHEDULE_MS } from '../../sandbox/webhooks';

const PORTAL = 3_300_001;
const USER = 3_300_011;
const SECRET = 'webhook-secret-1';
const APP_ID = 99_001;

let sandbox: Sandbox;
let receiver: Receiver;
let token: string;
let dealId: string;
let contactId: string;

const client = () => sandboxClient(sandbox, token);

beforeAll(async () => {
  receiver = await startReceiver(SECRET);
  sandbox = await startSandbox({
    app: { clientSecret: SECRET, appId: APP_ID },
    portals: [{ portalId: PORTAL, users: [{ id: USER, email: 'rep@demo.cn' }] }],
    rateLimit: { enabled: false },
    webhooks: {
      targetUrl: receiver.url,
      subscriptions: stepwiseSubscriptions(),
      flushDelayMs: 10,
      // HubSpot's 24 h retry schedule, run 100 000× faster (24 h ≈ 0.86 s).
      clockSpeed: 100_000,
    },
  });
  sandbox.admin.defineGroup(PORTAL, 'deals', { name: 'stepwise', label: 'Stepwise' });
  for (const [name, values] of [
    ['sw_seven_step_need', ['problems_known', 'deadline_known']],
    ['sw_purchase_type', ['single', 'group']],
  ] as const) {
    sandbox.admin.defineProperty(PORTAL, 'deals', {
      name,
      label: name,
      groupName: 'stepwise',
      type: 'enumeration',
      fieldType: name === 'sw_purchase_type' ? 'select' : 'checkbox',
      options: values.map((value) => ({ label: value, value })),
    });
  }
  sandbox.admin.defineProperty(PORTAL, 'contacts', {
    name: 'sw_stance',
    label: 'Stance',
    groupName: 'contactinformation',
    type: 'enumeration',
    fieldType: 'select',
    options: ['coach', 'supporter', 'neutral'].map((value) => ({ label: value, value })),
  });
  dealId = sandbox.admin.createObject(PORTAL, 'deals', { dealname: '楼宇对讲项目', amount: '1200000' }).id;
  contactId = sandbox.admin.createObject(PORTAL, 'contacts', {
    firstname: '建国',
    lastname: '王',
    email: 'wang@wj.cn',
  }).id;
  token = sandbox.admin.install(PORTAL).accessToken;
});

afterAll(async () => {
  await sandbox.stop();
  await receiver.stop();
});

beforeEach(async () => {
  await sandbox.webhooksIdle();
  receiver.requests.length = 0;
  receiver.respond(() => 200);
  sandbox.webhooks.configure({
    maxAttempts: 10,
    payloadFormat: 'legacy',
    targetUrl: receiver.url,
    shuffle: false,
  });
  sandbox.webhooks.resetRecords();
});

describe('webhooks', () => {
  it('sends signed events for the app’s own API writes (changeSource INTEGRATION)', async () => {
    await client().crm.deals.batchApi.update({
      inputs: [{ id: dealId, properties: { sw_seven_step_need: 'problems_known', dealname: 'renamed' } }],
    });
    await sandbox.webhooksIdle();
    expect(receiver.requests).toHaveLength(1);
    const req = receiver.requests[0];
    expect(req?.signatureOk).toBe(true);
    expect(req?.headers['content-type']).toBe('application/json');
    expect(req?.headers['x-hubspot-signature']).toBe(
      createHash('sha256')
        .update(SECRET + (req?.body ?? ''))
        .digest('hex'),
    );
    expect(Math.abs(Number(req?.headers['x-hubspot-request-timestamp']) - Date.now())).toBeLessThan(5_000);
    // dealname is not subscribed; the checklist property is.
    expect(req?.events).toEqual([
      {
        eventId: expect.any(Number),
        subscriptionId: expect.any(Number),
        portalId: PORTAL,
        appId: APP_ID,
        occurredAt: expect.any(Number),
        subscriptionType: 'deal.propertyChange',
        attemptNumber: 0,
        objectId: Number(dealId),
        propertyName: 'sw_seven_step_need',
        propertyValue: 'problems_known',
        changeSource: 'INTEGRATION',
        sourceId: String(APP_ID),
      },
    ]);
    expect(Object.keys(req?.events[0] ?? {})).toEqual([
      'eventId',
      'subscriptionId',
      'portalId',
      'appId',
      'occurredAt',
      'subscriptionType',
      'attemptNumber',
      'objectId',
      'propertyName',
      'propertyValue',
      'changeSource',
      'sourceId',
    ]);
  });

  it('sends user edits made in HubSpot with changeSource CRM_UI and sourceId userId:<id>', async () => {
    sandbox.admin.userEdit(PORTAL, {
      objectType: 'deals',
      objectId: dealId,
      properties: { amount: '3100000' },
    });
    sandbox.admin.userEdit(PORTAL, {
      objectType: 'contacts',
      objectId: contactId,
      properties: { sw_stance: 'coach' },
    });
    await sandbox.webhooksIdle();
    const events = receiver.acceptedEvents();
    expect(events.map((e) => [e.subscriptionType, e.propertyName, e.propertyValue])).toEqual([
      ['deal.propertyChange', 'amount', '3100000'],
      ['deal.propertyChange', 'amount_in_home_currency', '3100000'],
      ['contact.propertyChange', 'sw_stance', 'coach'],
    ]);
    expect(new Set(events.map((e) => `${e.changeSource} ${e.sourceId}`))).toEqual(
      new Set([`CRM_UI userId:${USER}`]),
    );
    expect(receiver.requests.every((r) => r.signatureOk)).toBe(true);
  });

  it('sends creation, deletion and association events in HubSpot’s legacy shape', async () => {
    const deal = await client().crm.deals.basicApi.create({
      properties: { dealname: '新项目', amount: '450000' },
      associations: [],
    });
    await client().crm.associations.v4.basicApi.createDefault('deals', deal.id, 'contacts', contactId);
    await client().crm.associations.v4.basicApi.archive('deals', deal.id, 'contacts', contactId);
    sandbox.admin.userDelete(PORTAL, 'deals', deal.id);
    await sandbox.webhooksIdle();
    const events = receiver.acceptedEvents();
    const creation = events.find((e) => e.subscriptionType === 'deal.creation');
    expect(creation).toMatchObject({
      objectId: Number(deal.id),
      changeFlag: 'CREATED',
      changeSource: 'INTEGRATION',
    });
    // Values set at creation are reported as property changes too.
    expect(
      events
        .filter((e) => e.subscriptionType === 'deal.propertyChange')
        .map((e) => e.propertyName)
        .sort(),
    ).toEqual(['amount', 'amount_in_home_currency', 'dealstage', 'pipeline']);
    const assoc = events.filter((e) => e.subscriptionType.endsWith('associationChange'));
    expect(
      assoc.map((e) => [e.subscriptionType, e.associationType, e.associationRemoved, e.associationTypeId]),
    ).toEqual([
      ['deal.associationChange', 'DEAL_TO_CONTACT', false, 3],
      ['contact.associationChange', 'CONTACT_TO_DEAL', false, 4],
      ['deal.associationChange', 'DEAL_TO_CONTACT', true, 3],
      ['contact.associationChange', 'CONTACT_TO_DEAL', true, 4],
    ]);
    expect(assoc[0]).toMatchObject({
      fromObjectId: Number(deal.id),
      toObjectId: Number(contactId),
      isPrimaryAssociation: false,
      associationCategory: 'HUBSPOT_DEFINED',
    });
    expect(assoc[1]).toMatchObject({ fromObjectId: Number(contactId), toObjectId: Number(deal.id) });
    expect(events.find((e) => e.subscriptionType === 'deal.deletion')).toMatchObject({
      objectId: Number(deal.id),
      changeFlag: 'DELETED',
      changeSource: 'CRM_UI',
    });
  });

  it('batches at most 100 events per request', async () => {
    for (let i = 0; i < 125; i++) {
      sandbox.admin.userEdit(PORTAL, {
        objectType: 'deals',
        objectId: dealId,
        properties: { amount: String(500_000 + i) },
      });
    }
    await sandbox.webhooksIdle();
    const sizes = receiver.requests.map((r) => r.events.length);
    expect(sizes).toEqual([100, 100, 50]);
    expect(receiver.acceptedEvents()).toHaveLength(250);
    expect(new Set(receiver.acceptedEvents().map((e) => e.eventId)).size).toBe(250);
  });

  it('retries a batch answered 500 with attemptNumber incremented and a fresh signature', async () => {
    receiver.respond((_req, i) => (i < 2 ? 500 : 200));
    sandbox.admin.userEdit(PORTAL, {
      objectType: 'deals',
      objectId: dealId,
      properties: { sw_purchase_type: 'group' },
    });
    await sandbox.webhooksIdle();
    expect(receiver.requests.map((r) => r.status)).toEqual([500, 500, 200]);
    expect(receiver.requests.map((r) => r.events[0]?.attemptNumber)).toEqual([0, 1, 2]);
    expect(new Set(receiver.requests.map((r) => r.events[0]?.eventId)).size).toBe(1);
    expect(receiver.requests.every((r) => r.signatureOk)).toBe(true);
    const [delivery] = sandbox.webhooks.deliveries();
    expect(delivery?.state).toBe('delivered');
    expect(delivery?.attempts.map((a) => a.status)).toEqual([500, 500, 200]);
  });

  it('gives up after maxAttempts, also on network errors', async () => {
    sandbox.webhooks.configure({ maxAttempts: 3 });
    receiver.respond(() => 503);
    sandbox.admin.userEdit(PORTAL, {
      objectType: 'deals',
      objectId: dealId,
      properties: { sw_purchase_type: 'single' },
    });
    await sandbox.webhooksIdle();
    expect(receiver.requests).toHaveLength(3);
    expect(sandbox.webhooks.deliveries()[0]?.state).toBe('failed');

    sandbox.webhooks.configure({ targetUrl: 'http://127.0.0.1:1/webhooks/hubspot', maxAttempts: 2 });
    sandbox.admin.userEdit(PORTAL, {
      objectType: 'deals',
      objectId: dealId,
      properties: { sw_purchase_type: 'group' },
    });
    await sandbox.webhooksIdle();
    const failed = sandbox.webhooks.deliveries()[1];
    expect(failed?.state).toBe('failed');
    expect(failed?.attempts.map((a) => a.status)).toEqual([null, null]);
    expect(failed?.attempts[0]?.error).toMatch(/ECONNREFUSED/);
  });

  it('pauses and resumes delivery; webhooksIdle waits for pending deliveries', async () => {
    sandbox.webhooks.pause();
    sandbox.admin.userEdit(PORTAL, {
      objectType: 'contacts',
      objectId: contactId,
      properties: { sw_stance: 'neutral' },
    });
    await sandbox.webhooksIdle();
    expect(receiver.requests).toHaveLength(0);
    sandbox.webhooks.resume();
    await sandbox.webhooksIdle();
    expect(receiver.acceptedEvents().map((e) => e.propertyValue)).toEqual(['neutral']);
  });

  it('duplicates, drops, reorders and replays deliveries for fault tests', async () => {
    sandbox.webhooks.duplicateNext(1);
    sandbox.admin.userEdit(PORTAL, {
      objectType: 'contacts',
      objectId: contactId,
      properties: { sw_stance: 'supporter' },
    });
    await sandbox.webhooksIdle();
    expect(receiver.requests).toHaveLength(2);
    expect(receiver.requests[0]?.body).toBe(receiver.requests[1]?.body);

    sandbox.webhooks.dropNext(1);
    sandbox.admin.userEdit(PORTAL, {
      objectType: 'contacts',
      objectId: contactId,
      properties: { sw_stance: 'coach' },
    });
    await sandbox.webhooksIdle();
    expect(receiver.requests).toHaveLength(2);
    expect(sandbox.webhooks.deliveries({ state: 'dropped' })).toHaveLength(1);

    sandbox.webhooks.pause();
    for (const stance of ['neutral', 'supporter', 'coach', 'neutral', 'supporter', 'coach']) {
      sandbox.admin.userEdit(PORTAL, {
        objectType: 'contacts',
        objectId: contactId,
        properties: { sw_stance: stance },
      });
    }
    sandbox.webhooks.flush();
    sandbox.webhooks.reorderPending();
    sandbox.webhooks.resume();
    await sandbox.webhooksIdle();
    const reordered = receiver.requests[2]?.events.map((e) => e.eventId) ?? [];
    expect(reordered).toHaveLength(6);
    expect(reordered).not.toEqual([...reordered].sort((a, b) => a - b));

    const original = sandbox.webhooks.deliveries({ state: 'delivered' })[0];
    const replay = sandbox.webhooks.replay(original?.id ?? 0);
    await sandbox.webhooksIdle();
    expect(replay.state).toBe('delivered');
    const last = receiver.requests[receiver.requests.length - 1];
    expect(last?.events.map((e) => e.eventId)).toEqual(original?.events.map((e) => e.eventId));
    expect(last?.events[0]?.attemptNumber).toBe(1);
  });

  it('sends nothing for uninstalled portals or unsubscribed properties', async () => {
    sandbox.admin.userEdit(PORTAL, {
      objectType: 'deals',
      objectId: dealId,
      properties: { dealname: '只改名字' },
    });
    await sandbox.webhooksIdle();
    expect(receiver.requests).toHaveLength(0);
    sandbox.admin.uninstall(PORTAL);
    sandbox.admin.userEdit(PORTAL, { objectType: 'deals', objectId: dealId, properties: { amount: '999' } });
    await sandbox.webhooksIdle();
    expect(receiver.requests).toHaveLength(0);
    token = sandbox.admin.install(PORTAL).accessToken;
  });

  it('retries on HubSpot’s schedule: 10 tries spread over (just under) 24 hours, jittered', async () => {
    receiver.respond(() => 503);
    sandbox.admin.userEdit(PORTAL, {
      objectType: 'deals',
      objectId: dealId,
      properties: { sw_purchase_type: 'single' },
    });
    await sandbox.webhooksIdle();
    expect(receiver.requests).toHaveLength(10);
    expect(receiver.requests.map((r) => r.events[0]?.attemptNumber)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const [delivery] = sandbox.webhooks.deliveries();
    expect(delivery?.state).toBe('failed');
    const delays = delivery?.attempts.map((a) => a.retryInMs) ?? [];
    expect(delays.at(-1)).toBeNull();
    const waits = delays.slice(0, -1) as number[];
    expect(waits).toHaveLength(9);
    HUBSPOT_RETRY_SCHEDULE_MS.forEach((base, i) => {
      expect(waits[i]).toBeGreaterThanOrEqual(base * 0.9);
      expect(waits[i]).toBeLessThanOrEqual(base * 1.1);
    });
    const total = waits.reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(20 * 3_600_000);
    expect(total).toBeLessThan(26 * 3_600_000);
    // The schedule itself adds up to less than a day before jitter.
    expect(HUBSPOT_RETRY_SCHEDULE_MS.reduce((a, b) => a + b, 0)).toBeLessThan(24 * 3_600_000);
  });

  it('retries a delivery that takes longer than the timeout (HubSpot: 5 s)', async () => {
    sandbox.webhooks.configure({ timeoutMs: 150, maxAttempts: 2 });
    receiver.respond(() => 200);
    receiver.delayNext(1, 400);
    sandbox.admin.userEdit(PORTAL, {
      objectType: 'deals',
      objectId: dealId,
      properties: { sw_purchase_type: 'group' },
    });
    await sandbox.webhooksIdle();
    const [delivery] = sandbox.webhooks.deliveries();
    expect(delivery?.attempts[0]?.error).toMatch(/timed out/);
    expect(delivery?.state).toBe('delivered');
    sandbox.webhooks.configure({ timeoutMs: 5_000 });
  });

  it('merges send one merge event: legacy contact.merge or generic object.merge', async () => {
    sandbox.webhooks.setSubscriptions([
      ...stepwiseSubscriptions(),
      { subscriptionType: 'object.merge', objectType: 'contact' },
      { subscriptionType: 'contact.merge' },
    ]);
    sandbox.webhooks.configure({ payloadFormat: 'as-subscribed' });
    const other = sandbox.admin.createObject(PORTAL, 'contacts', {
      firstname: '重复',
      email: 'dup@wj.cn',
    }).id;
    sandbox.admin.associate(PORTAL, dealId, other);
    expect(sandbox.admin.userMerge(PORTAL, 'contacts', contactId, other, USER)).toBe(true);
    await sandbox.webhooksIdle();
    const events = receiver.acceptedEvents();
    expect(events.map((e) => e.subscriptionType).sort()).toEqual(['contact.merge', 'object.merge']);
    const generic = events.find((e) => e.subscriptionType === 'object.merge');
    expect(generic).toMatchObject({
      objectTypeId: '0-1',
      objectId: Number(contactId),
      primaryObjectId: Number(contactId),
      mergedObjectIds: [Number(other)],
      newObjectId: Number(contactId),
      changeSource: 'CRM_UI',
      sourceId: `userId:${USER}`,
    });
    // Stepwise's receiver accepts both formats as sent.
    expect(webhookBatchSchema.safeParse(events).success).toBe(true);
    const legacy = events.find((e) => e.subscriptionType === 'contact.merge');
    expect(legacy?.objectTypeId).toBeUndefined();
    expect(legacy?.mergedObjectIds).toEqual([Number(other)]);
    // The merged contact is gone; its deal is now the primary's.
    expect(sandbox.admin.getObject(PORTAL, 'contacts', other)?.archived).toBe(true);
    expect(sandbox.admin.associatedIds(PORTAL, 'deals', dealId)).toContain(contactId);
    sandbox.webhooks.setSubscriptions(stepwiseSubscriptions());
  });

  it('can deliver HubSpot’s generic object.* format for object.* subscriptions', async () => {
    sandbox.webhooks.configure({ payloadFormat: 'as-subscribed' });
    sandbox.admin.userEdit(PORTAL, {
      objectType: 'deals',
      objectId: dealId,
      properties: { sw_purchase_type: 'single' },
    });
    await sandbox.webhooksIdle();
    expect(receiver.acceptedEvents()[0]).toMatchObject({
      subscriptionType: 'object.propertyChange',
      objectTypeId: '0-3',
      objectId: Number(dealId),
      propertyName: 'sw_purchase_type',
    });
  });

  it('sends the generic object.* format by default, legacy only when asked', () => {
    expect(DEFAULT_WEBHOOK_SETTINGS.payloadFormat).toBe('as-subscribed');
    expect(DEFAULT_WEBHOOK_SETTINGS.maxAttempts).toBe(10);
    expect(DEFAULT_WEBHOOK_SETTINGS.timeoutMs).toBe(5_000);
    expect(DEFAULT_WEBHOOK_SETTINGS.clockSpeed).toBe(1);
  });

  it('association changes in the generic format carry both object type ids', async () => {
    sandbox.webhooks.configure({ payloadFormat: 'as-subscribed' });
    sandbox.admin.userAssociate(PORTAL, dealId, contactId, { remove: true });
    await sandbox.webhooksIdle();
    const events = receiver.acceptedEvents();
    expect(events.map((e) => e.subscriptionType)).toEqual([
      'object.associationChange',
      'object.associationChange',
    ]);
    expect(events.find((e) => e.fromObjectTypeId === '0-3')).toMatchObject({
      toObjectTypeId: '0-1',
      fromObjectId: Number(dealId),
      toObjectId: Number(contactId),
      associationRemoved: true,
    });
    sandbox.admin.userAssociate(PORTAL, dealId, contactId);
    await sandbox.webhooksIdle();
  });
});
