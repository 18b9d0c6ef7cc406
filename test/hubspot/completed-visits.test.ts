import { describe, expect, it } from 'vitest';
import { isCompletedVisit } from '../../src/hubspot/deal-snapshots';
import { routeEvent, webhookEventSchema } from '../../webhooks/receiver';

const AS_OF = Date.parse('2026-03-01T00:00:00.000Z');
const meeting = (start: string | null, outcome: string | null) => ({
  hs_meeting_start_time: start,
  hs_meeting_outcome: outcome,
});

describe('completed visits (meetings whose time has passed, not CANCELED / NO_SHOW)', () => {
  it('counts past meetings unless cancelled or no-show; future or undated ones never count', () => {
    expect(isCompletedVisit(meeting('2026-02-01T09:00:00.000Z', 'COMPLETED'), AS_OF)).toBe(true);
    expect(isCompletedVisit(meeting('2026-02-01T09:00:00.000Z', 'SCHEDULED'), AS_OF)).toBe(true);
    expect(isCompletedVisit(meeting(String(AS_OF - 1), null), AS_OF)).toBe(true);
    expect(isCompletedVisit(meeting('2026-02-01T09:00:00.000Z', 'CANCELED'), AS_OF)).toBe(false);
    expect(isCompletedVisit(meeting('2026-02-01T09:00:00.000Z', 'NO_SHOW'), AS_OF)).toBe(false);
    expect(isCompletedVisit(meeting('2026-03-02T09:00:00.000Z', 'COMPLETED'), AS_OF)).toBe(false);
    expect(isCompletedVisit(meeting(null, 'COMPLETED'), AS_OF)).toBe(false);
    expect(isCompletedVisit(meeting('not a date', 'COMPLETED'), AS_OF)).toBe(false);
  });
});

describe('meeting webhook events', () => {
  const base = { eventId: 1, subscriptionId: 2, portalId: 3, appId: 4, occurredAt: 5, attemptNumber: 0 };
  const route = (e: Record<string, unknown>) => routeEvent(webhookEventSchema.parse({ ...base, ...e }));

  it('deal↔meeting association changes recompute the deal (generic and legacy forms)', () => {
    const generic = { subscriptionType: 'object.associationChange', associationTypeId: 212 };
    expect(
      route({
        ...generic,
        fromObjectId: 10,
        toObjectId: 20,
        fromObjectTypeId: '0-3',
        toObjectTypeId: '0-47',
      }),
    ).toEqual({ target: 'deal', id: '10' });
    expect(
      route({
        ...generic,
        fromObjectId: 20,
        toObjectId: 10,
        fromObjectTypeId: '0-47',
        toObjectTypeId: '0-3',
      }),
    ).toEqual({ target: 'deal', id: '10' });
    expect(
      route({
        subscriptionType: 'deal.associationChange',
        associationType: 'DEAL_TO_MEETING',
        fromObjectId: 10,
        toObjectId: 20,
      }),
    ).toEqual({ target: 'deal', id: '10' });
  });

  it('a meeting outcome or start-time change fans out to its deals; other meeting properties are ignored', () => {
    const change = { subscriptionType: 'object.propertyChange', objectTypeId: '0-47', objectId: 20 };
    expect(route({ ...change, propertyName: 'hs_meeting_outcome', propertyValue: 'CANCELED' })).toEqual({
      target: 'meeting',
      id: '20',
    });
    expect(route({ ...change, propertyName: 'hs_meeting_start_time', propertyValue: '1' })).toEqual({
      target: 'meeting',
      id: '20',
    });
    expect(route({ ...change, propertyName: 'hs_meeting_title', propertyValue: 'x' })).toEqual({
      target: 'ignore',
      outcome: 'ignored_property',
    });
  });
});
