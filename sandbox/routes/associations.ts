import { objectNotFound, validationError } from '../errors';
import type { RouteContext, Router } from '../router';
import {
  batchEnvelope,
  batchInputs,
  objectTypeParam,
  readScope,
  writeScope,
  type SandboxServices,
} from '../services';
import { isObjectId } from '../state';
import {
  OBJECT_TYPE_IDS,
  SINGULAR,
  associationTypes,
  defaultAssociationTypeId,
  type ObjectType,
} from '../types';

/**
 * Associations API v4 between deals and contacts (HubSpot-defined, unlabeled: deal→contact
 * typeId 3, contact→deal typeId 4). Batch read answers 207 with NO_ASSOCIATIONS_FOUND errors
 * for objects without associations, as HubSpot does; per-object paging is 500.
 */

export const ASSOCIATIONS_PAGE_SIZE = 500;
export const ASSOCIATION_BATCH_READ_LIMIT = 1_000;

/** The pair's unlabelled HubSpot-defined type id (pair() has checked the pair is supported). */
function typeId(from: ObjectType, to: ObjectType): number {
  return defaultAssociationTypeId(from, to) ?? 0;
}

function spec(
  from: ObjectType,
  to: ObjectType,
): { associationCategory: 'HUBSPOT_DEFINED'; associationTypeId: number } {
  return { associationCategory: 'HUBSPOT_DEFINED', associationTypeId: typeId(from, to) };
}

function pair(ctx: RouteContext, write: boolean): { from: ObjectType; to: ObjectType } {
  const from = objectTypeParam(ctx.params['fromObjectType']);
  const to = objectTypeParam(ctx.params['toObjectType']);
  ctx.requireScopes([write ? writeScope(from) : readScope(from)]);
  if (defaultAssociationTypeId(from, to) === undefined)
    throw validationError(`Associations from ${from} to ${to} are not supported by the sandbox.`);
  return { from, to };
}

/** Labelled type ids among the requested types; throws HubSpot's 400 when none is a type of the pair. */
function requestedLabels(from: ObjectType, to: ObjectType, raw: { associationTypeId?: unknown }[]): number[] {
  const known = associationTypes(from, to).map((t) => t.typeId);
  const ids = raw.map((t) => Number(t.associationTypeId));
  if (!ids.some((id) => known.includes(id))) {
    throw validationError(
      `invalid association type for ${SINGULAR[from]} to ${SINGULAR[to]}: expected HUBSPOT_DEFINED ${known.join(' or ')}`,
    );
  }
  return ids.filter((id) => id !== typeId(from, to) && known.includes(id));
}

function idOf(v: unknown): string {
  if (typeof v === 'object' && v !== null) return String((v as { id?: unknown }).id ?? '');
  return '';
}

export function registerAssociationRoutes(router: Router, s: SandboxServices): void {
  const requireObject = (ctx: RouteContext, type: ObjectType, id: string): void => {
    if (!isObjectId(id) || s.state.getObject(ctx.portalId, type, id) === undefined) throw objectNotFound(id);
  };

  const defaultResults = (from: ObjectType, fromId: string, to: ObjectType, toId: string) => [
    { from: { id: fromId }, to: { id: toId }, associationSpec: spec(from, to) },
    { from: { id: toId }, to: { id: fromId }, associationSpec: spec(to, from) },
  ];

  const labelsResult = (from: ObjectType, fromId: string, to: ObjectType, toId: string) => ({
    fromObjectTypeId: OBJECT_TYPE_IDS[from],
    fromObjectId: Number(fromId),
    toObjectTypeId: OBJECT_TYPE_IDS[to],
    toObjectId: Number(toId),
    labels: [] as string[],
  });

  const page = (
    ctx: RouteContext,
    from: ObjectType,
    id: string,
    to: ObjectType,
    after: string | undefined,
  ) => {
    const all = s.state.associatedIds(ctx.portalId, from, id, to);
    const types = associationTypes(from, to);
    const start = after === undefined || after === '' ? 0 : Math.max(0, Number(after) || 0);
    const slice = all.slice(start, start + ASSOCIATIONS_PAGE_SIZE);
    const next = start + ASSOCIATIONS_PAGE_SIZE < all.length ? String(start + ASSOCIATIONS_PAGE_SIZE) : null;
    return {
      total: all.length,
      to: slice.map((toId) => ({
        toObjectId: Number(toId),
        associationTypes: [
          { category: 'HUBSPOT_DEFINED', typeId: typeId(from, to), label: null },
          ...s.state.associationLabels(ctx.portalId, from, id, toId).map((t) => ({
            category: 'HUBSPOT_DEFINED',
            typeId: t,
            label: types.find((x) => x.typeId === t)?.label ?? null,
          })),
        ],
      })),
      next,
    };
  };

  router.add({
    method: 'POST',
    pattern: '/crm/v4/associations/:fromObjectType/:toObjectType/batch/read',
    auth: 'portal',
    handler: (ctx) => {
      const { from, to } = pair(ctx, false);
      // Up to 1,000 inputs per batch read (more → 400), unlike the 100 of object batches:
      // https://developers.hubspot.com/changelog/bug-fix-batch-read-limit-for-hubspot-associations-api
      const inputs = batchInputs(ctx.json(), ASSOCIATION_BATCH_READ_LIMIT);
      const results: unknown[] = [];
      const errors: unknown[] = [];
      const seen = new Set<string>();
      for (const input of inputs) {
        const id = String(input['id'] ?? '');
        const after = typeof input['after'] === 'string' ? input['after'] : undefined;
        const key = `${id}|${after ?? ''}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const exists = isObjectId(id) && s.state.getObject(ctx.portalId, from, id) !== undefined;
        const p = exists ? page(ctx, from, id, to, after) : null;
        if (p === null || p.total === 0) {
          errors.push({
            status: 'error',
            category: 'OBJECT_NOT_FOUND',
            subCategory: 'crm.associations.NO_ASSOCIATIONS_FOUND',
            message: `No ${SINGULAR[to]} is associated with ${SINGULAR[from]} ${id}.`,
            context: { fromObjectId: [id], fromObjectType: [SINGULAR[from]], toObjectType: [SINGULAR[to]] },
          });
          continue;
        }
        const result: Record<string, unknown> = { from: { id }, to: p.to };
        if (p.next !== null) result['paging'] = { next: { after: p.next, link: null } };
        results.push(result);
      }
      return { status: errors.length > 0 ? 207 : 200, body: batchEnvelope(ctx.now, results, errors) };
    },
  });

  router.add({
    method: 'POST',
    pattern: '/crm/v4/associations/:fromObjectType/:toObjectType/batch/associate/default',
    auth: 'portal',
    handler: (ctx) => {
      const { from, to } = pair(ctx, true);
      const inputs = batchInputs(ctx.json()).map((i) => ({ fromId: idOf(i['from']), toId: idOf(i['to']) }));
      for (const i of inputs) {
        requireObject(ctx, from, i.fromId);
        requireObject(ctx, to, i.toId);
      }
      const results = inputs.flatMap((i) => {
        s.state.associate(ctx.portalId, from, i.fromId, to, i.toId, ctx.source);
        return defaultResults(from, i.fromId, to, i.toId);
      });
      return { status: 200, body: batchEnvelope(ctx.now, results) };
    },
  });

  router.add({
    method: 'POST',
    pattern: '/crm/v4/associations/:fromObjectType/:toObjectType/batch/create',
    auth: 'portal',
    handler: (ctx) => {
      const { from, to } = pair(ctx, true);
      const inputs = batchInputs(ctx.json()).map((i) => ({
        fromId: idOf(i['from']),
        toId: idOf(i['to']),
        types: Array.isArray(i['types']) ? (i['types'] as { associationTypeId?: unknown }[]) : [],
      }));
      for (const i of inputs) {
        requireObject(ctx, from, i.fromId);
        requireObject(ctx, to, i.toId);
        requestedLabels(from, to, i.types);
      }
      const results = inputs.map((i) => {
        s.state.associate(ctx.portalId, from, i.fromId, to, i.toId, ctx.source, {
          labels: requestedLabels(from, to, i.types),
        });
        return labelsResult(from, i.fromId, to, i.toId);
      });
      return { status: 201, body: batchEnvelope(ctx.now, results) };
    },
  });

  router.add({
    method: 'POST',
    pattern: '/crm/v4/associations/:fromObjectType/:toObjectType/batch/archive',
    auth: 'portal',
    handler: (ctx) => {
      const { from, to } = pair(ctx, true);
      for (const input of batchInputs(ctx.json())) {
        const fromId = idOf(input['from']);
        const targets = Array.isArray(input['to']) ? (input['to'] as unknown[]) : [];
        for (const t of targets) s.state.disassociate(ctx.portalId, from, fromId, to, idOf(t), ctx.source);
      }
      return { status: 204 };
    },
  });

  router.add({
    method: 'PUT',
    pattern: '/crm/v4/objects/:fromObjectType/:fromObjectId/associations/default/:toObjectType/:toObjectId',
    auth: 'portal',
    handler: (ctx) => {
      const { from, to } = pair(ctx, true);
      const fromId = ctx.params['fromObjectId'] ?? '';
      const toId = ctx.params['toObjectId'] ?? '';
      requireObject(ctx, from, fromId);
      requireObject(ctx, to, toId);
      s.state.associate(ctx.portalId, from, fromId, to, toId, ctx.source);
      return { status: 200, body: batchEnvelope(ctx.now, defaultResults(from, fromId, to, toId)) };
    },
  });

  router.add({
    method: 'PUT',
    pattern: '/crm/v4/objects/:fromObjectType/:fromObjectId/associations/:toObjectType/:toObjectId',
    auth: 'portal',
    handler: (ctx) => {
      const { from, to } = pair(ctx, true);
      const fromId = ctx.params['fromObjectId'] ?? '';
      const toId = ctx.params['toObjectId'] ?? '';
      requireObject(ctx, from, fromId);
      requireObject(ctx, to, toId);
      const body = ctx.json();
      const types = Array.isArray(body) ? (body as { associationTypeId?: unknown }[]) : [];
      const labels = requestedLabels(from, to, types);
      s.state.associate(ctx.portalId, from, fromId, to, toId, ctx.source, { labels });
      return { status: 201, body: labelsResult(from, fromId, to, toId) };
    },
  });

  router.add({
    method: 'DELETE',
    pattern: '/crm/v4/objects/:fromObjectType/:fromObjectId/associations/:toObjectType/:toObjectId',
    auth: 'portal',
    handler: (ctx) => {
      const { from, to } = pair(ctx, true);
      s.state.disassociate(
        ctx.portalId,
        from,
        ctx.params['fromObjectId'] ?? '',
        to,
        ctx.params['toObjectId'] ?? '',
        ctx.source,
      );
      return { status: 204 };
    },
  });

  router.add({
    method: 'GET',
    pattern: '/crm/v4/objects/:fromObjectType/:fromObjectId/associations/:toObjectType',
    auth: 'portal',
    handler: (ctx) => {
      const { from, to } = pair(ctx, false);
      const id = ctx.params['fromObjectId'] ?? '';
      requireObject(ctx, from, id);
      const p = page(ctx, from, id, to, ctx.query.get('after') ?? undefined);
      const body: Record<string, unknown> = { results: p.to };
      if (p.next !== null) body['paging'] = { next: { after: p.next, link: null } };
      return { status: 200, body };
    },
  });
}
