import { SandboxHttpError, resourceNotFound } from '../errors';
import type { RouteContext, Router } from '../router';
import { serializeGroup, serializeProperty } from '../serialize';
import { batchEnvelope, batchInputs, bodyObject, objectTypeParam, type SandboxServices } from '../services';
import type { ObjectType, PropertyDefinition } from '../types';

/** CRM properties API v3: property groups and property definitions (single and batch). */

function readScopes(type: ObjectType): string[] {
  return [`crm.schemas.${type}.read`, `crm.objects.${type}.read`];
}

function writeScopes(type: ObjectType): string[] {
  return [`crm.schemas.${type}.write`];
}

function typed(ctx: RouteContext, write: boolean): ObjectType {
  const type = objectTypeParam(ctx.params['objectType']);
  ctx.requireScopes(write ? writeScopes(type) : readScopes(type));
  return type;
}

export function registerPropertyRoutes(router: Router, s: SandboxServices): void {
  router.add({
    method: 'GET',
    pattern: '/crm/v3/properties/:objectType/groups',
    auth: 'portal',
    handler: (ctx) => {
      const type = typed(ctx, false);
      return { status: 200, body: { results: s.state.listGroups(ctx.portalId, type).map(serializeGroup) } };
    },
  });
  router.add({
    method: 'GET',
    pattern: '/crm/v3/properties/:objectType/groups/:groupName',
    auth: 'portal',
    handler: (ctx) => {
      const type = typed(ctx, false);
      const group = s.state.getGroup(ctx.portalId, type, ctx.params['groupName'] ?? '');
      if (group === undefined)
        throw resourceNotFound(`Property group ${ctx.params['groupName']} does not exist`);
      return { status: 200, body: serializeGroup(group) };
    },
  });
  router.add({
    method: 'POST',
    pattern: '/crm/v3/properties/:objectType/groups',
    auth: 'portal',
    handler: (ctx) => {
      const type = typed(ctx, true);
      const group = s.state.createGroup(ctx.portalId, type, bodyObject(ctx.json()));
      return { status: 201, body: serializeGroup(group) };
    },
  });
  router.add({
    method: 'PATCH',
    pattern: '/crm/v3/properties/:objectType/groups/:groupName',
    auth: 'portal',
    handler: (ctx) => {
      const type = typed(ctx, true);
      const group = s.state.updateGroup(
        ctx.portalId,
        type,
        ctx.params['groupName'] ?? '',
        bodyObject(ctx.json()),
      );
      return { status: 200, body: serializeGroup(group) };
    },
  });

  router.add({
    method: 'GET',
    pattern: '/crm/v3/properties/:objectType',
    auth: 'portal',
    handler: (ctx) => {
      const type = typed(ctx, false);
      const archived = ctx.query.get('archived') === 'true';
      return {
        status: 200,
        body: { results: s.state.listProperties(ctx.portalId, type, archived).map(serializeProperty) },
      };
    },
  });
  router.add({
    method: 'GET',
    pattern: '/crm/v3/properties/:objectType/:propertyName',
    auth: 'portal',
    handler: (ctx) => {
      const type = typed(ctx, false);
      const name = ctx.params['propertyName'] ?? '';
      const def = s.state.getProperty(ctx.portalId, type, name);
      if (def === undefined)
        throw resourceNotFound(`Unable to find property ${name} for object type ${type}`);
      return { status: 200, body: serializeProperty(def) };
    },
  });
  router.add({
    method: 'POST',
    pattern: '/crm/v3/properties/:objectType',
    auth: 'portal',
    handler: (ctx) => {
      const type = typed(ctx, true);
      const def = s.state.createProperty(ctx.portalId, type, bodyObject(ctx.json()));
      return { status: 201, body: serializeProperty(def) };
    },
  });
  router.add({
    method: 'PATCH',
    pattern: '/crm/v3/properties/:objectType/:propertyName',
    auth: 'portal',
    handler: (ctx) => {
      const type = typed(ctx, true);
      const def = s.state.updateProperty(
        ctx.portalId,
        type,
        ctx.params['propertyName'] ?? '',
        bodyObject(ctx.json()),
      );
      return { status: 200, body: serializeProperty(def) };
    },
  });

  router.add({
    method: 'POST',
    pattern: '/crm/v3/properties/:objectType/batch/create',
    auth: 'portal',
    handler: (ctx) => {
      const type = typed(ctx, true);
      const inputs = batchInputs(ctx.json());
      // Validate everything first: an invalid definition fails the whole batch (400).
      const built = inputs.map((input) => s.state.buildProperty(ctx.portalId, type, input));
      const results: PropertyDefinition[] = [];
      const errors: Record<string, unknown>[] = [];
      for (const def of built) {
        try {
          results.push(s.state.addProperty(ctx.portalId, type, def));
        } catch (err) {
          if (!(err instanceof SandboxHttpError) || err.status !== 409) throw err;
          errors.push({
            status: 'error',
            category: 'OBJECT_ALREADY_EXISTS',
            message: err.message,
            context: { name: [def.name] },
          });
        }
      }
      return {
        status: errors.length > 0 ? 207 : 201,
        body: batchEnvelope(ctx.now, results.map(serializeProperty), errors),
      };
    },
  });
  router.add({
    method: 'POST',
    pattern: '/crm/v3/properties/:objectType/batch/read',
    auth: 'portal',
    handler: (ctx) => {
      const type = typed(ctx, false);
      const inputs = batchInputs(ctx.json());
      const results: PropertyDefinition[] = [];
      const missing: string[] = [];
      for (const input of inputs) {
        const name = typeof input['name'] === 'string' ? input['name'] : '';
        const def = s.state.getProperty(ctx.portalId, type, name);
        if (def === undefined) missing.push(name);
        else results.push(def);
      }
      const errors =
        missing.length === 0
          ? []
          : [
              {
                status: 'error',
                category: 'OBJECT_NOT_FOUND',
                message: `Unable to find properties ${missing.join(', ')} for object type ${type}`,
                context: { names: missing },
              },
            ];
      return {
        status: errors.length > 0 ? 207 : 200,
        body: batchEnvelope(ctx.now, results.map(serializeProperty), errors),
      };
    },
  });
}
