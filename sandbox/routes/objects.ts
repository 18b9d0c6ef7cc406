import { hubspotError, objectNotFound, validationError } from '../errors';
import type { HttpResult, RouteContext, Router } from '../router';
import { parseSearch, runSearch } from '../search';
import { selectProperties, serializeObject } from '../serialize';
import {
  batchEnvelope,
  batchInputs,
  bodyObject,
  nameList,
  objectTypeParam,
  queryList,
  readScope,
  writeScope,
  type SandboxServices,
} from '../services';
import { isObjectId, type PropertyWrite } from '../state';
import {
  OBJECT_TYPES,
  SINGULAR,
  associationTypes,
  defaultAssociationTypeId,
  type CrmObject,
  type ObjectType,
} from '../types';

interface AssociationInput {
  toType: ObjectType;
  toId: string;
  labels: number[];
}

/** CRM objects API v3 for deals and contacts: CRUD, batch read/create/update/archive, list and search. */

const HISTORY_BATCH_LIMIT = 50;

function notFoundError(type: ObjectType, ids: string[]): Record<string, unknown> {
  return {
    status: 'error',
    category: 'OBJECT_NOT_FOUND',
    message: `Could not get some ${SINGULAR[type].toUpperCase()} objects, they may be deleted or not exist. Check that ids are valid.`,
    context: { ids },
  };
}

export function registerObjectRoutes(router: Router, s: SandboxServices): void {
  const find = (
    ctx: RouteContext,
    type: ObjectType,
    id: string,
    idProperty: string | null,
    archived = false,
  ): CrmObject | undefined => {
    if (idProperty !== null && idProperty !== '' && idProperty !== 'hs_object_id') {
      return s.state.findByProperty(ctx.portalId, type, idProperty, id);
    }
    if (!isObjectId(id)) return undefined;
    return s.state.getObject(ctx.portalId, type, id, archived);
  };

  const serialize = (
    ctx: RouteContext,
    type: ObjectType,
    obj: CrmObject,
    requested: string[] | null,
    history: string[] = [],
  ) =>
    serializeObject(
      s.state,
      ctx.portalId,
      obj,
      selectProperties(s.state, ctx.portalId, type, requested),
      history,
    );

  /**
   * Validates association inputs of a create (`[{to:{id}, types:[{associationTypeId}]}]`): the
   * target type is the one whose HubSpot-defined types from `type` include a requested type id.
   */
  const parseAssociations = (ctx: RouteContext, type: ObjectType, raw: unknown): AssociationInput[] => {
    if (raw === undefined || raw === null) return [];
    if (!Array.isArray(raw)) throw validationError('associations must be an array');
    return raw.map((a: unknown) => {
      const r = (a ?? {}) as { to?: { id?: unknown }; types?: { associationTypeId?: unknown }[] };
      const toId = String(r.to?.id ?? '');
      const typeIds = (r.types ?? []).map((t) => Number(t.associationTypeId));
      const toType = OBJECT_TYPES.find(
        (t) =>
          associationTypes(type, t).some((x) => typeIds.includes(x.typeId)) &&
          s.state.getObject(ctx.portalId, t, toId) !== undefined,
      );
      if (toType === undefined) {
        throw validationError('One or more associations are invalid', { context: { toObjectId: [toId] } });
      }
      const first = defaultAssociationTypeId(type, toType);
      const labels = typeIds.filter(
        (id) => id !== first && associationTypes(type, toType).some((x) => x.typeId === id),
      );
      return { toType, toId, labels };
    });
  };

  // ---------------------------------------------------------------- list / get

  router.add({
    method: 'GET',
    pattern: '/crm/v3/objects/:objectType',
    auth: 'portal',
    handler: (ctx) => {
      const type = objectTypeParam(ctx.params['objectType']);
      ctx.requireScopes([readScope(type)]);
      const limitRaw = Number(ctx.query.get('limit') ?? '10');
      if (!Number.isInteger(limitRaw) || limitRaw < 1 || limitRaw > 100) {
        throw validationError(`limit must be between 1 and 100. Provided value: ${ctx.query.get('limit')}`);
      }
      const after = ctx.query.get('after');
      const archived = ctx.query.get('archived') === 'true';
      const all = s.state.listObjects(ctx.portalId, type, archived).filter((o) => o.archived === archived);
      const start = after === null ? 0 : all.findIndex((o) => Number(o.id) > Number(after));
      const page = start < 0 ? [] : all.slice(start, start + limitRaw);
      const requested = queryList(ctx.query, 'properties');
      const body: Record<string, unknown> = { results: page.map((o) => serialize(ctx, type, o, requested)) };
      const last = page[page.length - 1];
      if (last !== undefined && start + limitRaw < all.length) {
        body['paging'] = {
          next: { after: last.id, link: `${ctx.baseUrl}/crm/v3/objects/${type}?after=${last.id}` },
        };
      }
      return { status: 200, body };
    },
  });

  router.add({
    method: 'GET',
    pattern: '/crm/v3/objects/:objectType/:objectId',
    auth: 'portal',
    handler: (ctx) => {
      const type = objectTypeParam(ctx.params['objectType']);
      ctx.requireScopes([readScope(type)]);
      const id = ctx.params['objectId'] ?? '';
      const obj = find(ctx, type, id, ctx.query.get('idProperty'), ctx.query.get('archived') === 'true');
      if (obj === undefined) throw objectNotFound(id);
      const out: Record<string, unknown> = {
        ...serialize(
          ctx,
          type,
          obj,
          queryList(ctx.query, 'properties'),
          queryList(ctx.query, 'propertiesWithHistory') ?? [],
        ),
      };
      const assoc = queryList(ctx.query, 'associations');
      if (assoc !== null) {
        const wanted = assoc.map((a) => a.toLowerCase());
        const associations: Record<string, unknown> = {};
        for (const other of OBJECT_TYPES) {
          if (defaultAssociationTypeId(type, other) === undefined) continue;
          if (!wanted.includes(other) && !wanted.includes(SINGULAR[other])) continue;
          const ids = s.state.associatedIds(ctx.portalId, type, obj.id, other);
          if (ids.length > 0) {
            associations[other] = {
              results: ids.map((i) => ({ id: i, type: `${SINGULAR[type]}_to_${SINGULAR[other]}` })),
            };
          }
        }
        if (Object.keys(associations).length > 0) out['associations'] = associations;
      }
      return { status: 200, body: out };
    },
  });

  // ---------------------------------------------------------------- create / update / archive

  router.add({
    method: 'POST',
    pattern: '/crm/v3/objects/:objectType',
    auth: 'portal',
    handler: (ctx) => {
      const type = objectTypeParam(ctx.params['objectType']);
      ctx.requireScopes([writeScope(type)]);
      const body = bodyObject(ctx.json());
      const values = s.state.validateWrite(ctx.portalId, type, body['properties'] ?? {}, undefined);
      const toIds = parseAssociations(ctx, type, body['associations']);
      const obj = s.state.createObject(ctx.portalId, type, values, ctx.source);
      for (const a of toIds)
        s.state.associate(ctx.portalId, type, obj.id, a.toType, a.toId, ctx.source, { labels: a.labels });
      return { status: 201, body: serialize(ctx, type, obj, Object.keys(values)) };
    },
  });

  router.add({
    method: 'PATCH',
    pattern: '/crm/v3/objects/:objectType/:objectId',
    auth: 'portal',
    handler: (ctx) => {
      const type = objectTypeParam(ctx.params['objectType']);
      ctx.requireScopes([writeScope(type)]);
      const id = ctx.params['objectId'] ?? '';
      const obj = find(ctx, type, id, ctx.query.get('idProperty'));
      if (obj === undefined) throw objectNotFound(id);
      const body = bodyObject(ctx.json());
      const values = s.state.validateWrite(ctx.portalId, type, body['properties'] ?? {}, obj);
      s.state.updateObject(ctx.portalId, type, obj.id, values, ctx.source);
      return { status: 200, body: serialize(ctx, type, obj, Object.keys(values)) };
    },
  });

  router.add({
    method: 'DELETE',
    pattern: '/crm/v3/objects/:objectType/:objectId',
    auth: 'portal',
    handler: (ctx) => {
      const type = objectTypeParam(ctx.params['objectType']);
      ctx.requireScopes([writeScope(type)]);
      s.state.archiveObject(ctx.portalId, type, ctx.params['objectId'] ?? '', ctx.source);
      return { status: 204 };
    },
  });

  // ---------------------------------------------------------------- batch

  router.add({
    method: 'POST',
    pattern: '/crm/v3/objects/:objectType/batch/read',
    auth: 'portal',
    handler: (ctx) => {
      const type = objectTypeParam(ctx.params['objectType']);
      ctx.requireScopes([readScope(type)]);
      const body = bodyObject(ctx.json());
      const inputs = batchInputs(body);
      const history = nameList(body['propertiesWithHistory']) ?? [];
      if (history.length > 0 && inputs.length > HISTORY_BATCH_LIMIT) {
        throw validationError(
          `The maximum number of inputs supported in a batch request for property histories is ${HISTORY_BATCH_LIMIT}. Please reduce the number of items and try again`,
        );
      }
      const idProperty = typeof body['idProperty'] === 'string' ? body['idProperty'] : null;
      const archived = ctx.query.get('archived') === 'true';
      const requested = nameList(body['properties']);
      const seen = new Set<string>();
      const results: unknown[] = [];
      const missing: string[] = [];
      for (const input of inputs) {
        const id = String(input['id'] ?? '');
        if (seen.has(id)) continue;
        seen.add(id);
        const obj = find(ctx, type, id, idProperty, archived);
        if (obj === undefined) missing.push(id);
        else results.push(serialize(ctx, type, obj, requested, history));
      }
      const errors = missing.length > 0 ? [notFoundError(type, missing)] : [];
      return { status: errors.length > 0 ? 207 : 200, body: batchEnvelope(ctx.now, results, errors) };
    },
  });

  router.add({
    method: 'POST',
    pattern: '/crm/v3/objects/:objectType/batch/create',
    auth: 'portal',
    handler: (ctx) => {
      const type = objectTypeParam(ctx.params['objectType']);
      ctx.requireScopes([writeScope(type)]);
      const inputs = batchInputs(ctx.json());
      const prepared = inputs.map((input) => ({
        values: s.state.validateWrite(ctx.portalId, type, input['properties'] ?? {}, undefined),
        toIds: parseAssociations(ctx, type, input['associations']),
      }));
      const emails = new Set<string>();
      for (const p of prepared) {
        s.state.checkUnique(ctx.portalId, type, p.values, null);
        const email = p.values['email'];
        if (typeof email === 'string' && email !== '') {
          if (emails.has(email.toLowerCase()))
            throw validationError(`Duplicate email found in batch input: ${email}`);
          emails.add(email.toLowerCase());
        }
      }
      const results = prepared.map((p) => {
        const obj = s.state.createObject(ctx.portalId, type, p.values, ctx.source);
        for (const a of p.toIds)
          s.state.associate(ctx.portalId, type, obj.id, a.toType, a.toId, ctx.source, { labels: a.labels });
        return serialize(ctx, type, obj, Object.keys(p.values));
      });
      return { status: 201, body: batchEnvelope(ctx.now, results) };
    },
  });

  router.add({
    method: 'POST',
    pattern: '/crm/v3/objects/:objectType/batch/update',
    auth: 'portal',
    handler: (ctx) => {
      const type = objectTypeParam(ctx.params['objectType']);
      ctx.requireScopes([writeScope(type)]);
      const inputs = batchInputs(ctx.json());
      const ids = inputs.map((i) => String(i['id'] ?? ''));
      const dupes = [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))];
      if (dupes.length > 0) {
        throw validationError(
          `Duplicate IDs found in batch input: [${dupes.join(', ')}]. IDs must be unique`,
        );
      }
      const missing: string[] = [];
      const prepared: { obj: CrmObject; values: PropertyWrite }[] = [];
      for (const input of inputs) {
        const id = String(input['id'] ?? '');
        const idProperty = typeof input['idProperty'] === 'string' ? input['idProperty'] : null;
        const obj = find(ctx, type, id, idProperty);
        if (obj === undefined) {
          missing.push(id);
          continue;
        }
        // One refused input fails the whole batch update with 400 and HubSpot's error body
        // (207 multi-status is for batch create only:
        // https://developers.hubspot.com/docs/api-reference/error-handling).
        const refusal = s.state.writeRefusal(ctx.portalId, type, obj.id);
        if (refusal !== undefined) {
          throw hubspotError(400, refusal.category, refusal.message, { context: { ids: [obj.id] } });
        }
        prepared.push({
          obj,
          values: s.state.validateWrite(ctx.portalId, type, input['properties'] ?? {}, obj),
        });
      }
      for (const p of prepared) s.state.checkUnique(ctx.portalId, type, p.values, p.obj.id);
      const results = prepared.map((p) => {
        s.state.updateObject(ctx.portalId, type, p.obj.id, p.values, ctx.source);
        return serialize(ctx, type, p.obj, Object.keys(p.values));
      });
      const errors = missing.length > 0 ? [notFoundError(type, missing)] : [];
      return { status: errors.length > 0 ? 207 : 200, body: batchEnvelope(ctx.now, results, errors) };
    },
  });

  router.add({
    method: 'POST',
    pattern: '/crm/v3/objects/:objectType/batch/archive',
    auth: 'portal',
    handler: (ctx): HttpResult => {
      const type = objectTypeParam(ctx.params['objectType']);
      ctx.requireScopes([writeScope(type)]);
      const inputs = batchInputs(ctx.json());
      for (const input of inputs)
        s.state.archiveObject(ctx.portalId, type, String(input['id'] ?? ''), ctx.source);
      return { status: 204 };
    },
  });

  // ---------------------------------------------------------------- search

  router.add({
    method: 'POST',
    pattern: '/crm/v3/objects/:objectType/search',
    auth: 'portal',
    kind: 'search',
    handler: (ctx) => {
      const type = objectTypeParam(ctx.params['objectType']);
      ctx.requireScopes([readScope(type)]);
      const search = parseSearch(ctx.json());
      const result = runSearch(s.state, ctx.portalId, type, search);
      const body: Record<string, unknown> = {
        total: result.total,
        results: result.page.map((o) => serialize(ctx, type, o, search.properties)),
      };
      if (result.nextAfter !== null) {
        body['paging'] = { next: { after: result.nextAfter } };
      }
      return { status: 200, body };
    },
  });
}
