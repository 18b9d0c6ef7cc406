import { resourceNotFound, validationError } from '../errors';
import type { RouteContext, Router } from '../router';
import { serializePipeline } from '../serialize';
import { bodyObject, objectTypeParam, type SandboxServices } from '../services';
import type { PipelineInput } from '../types';

/** CRM pipelines API v3 (deal pipelines; stage metadata values are strings). */

function dealsOnly(ctx: RouteContext, write: boolean): void {
  const type = objectTypeParam(ctx.params['objectType']);
  if (type !== 'deals')
    throw validationError(`Pipelines are not supported for object type ${ctx.params['objectType']}.`);
  ctx.requireScopes(
    write ? ['crm.schemas.deals.write'] : ['crm.objects.deals.read', 'crm.schemas.deals.read'],
  );
}

export function registerPipelineRoutes(router: Router, s: SandboxServices): void {
  const get = (ctx: RouteContext) => {
    const id = ctx.params['pipelineId'] ?? '';
    const pipeline = s.state.getPipeline(ctx.portalId, id);
    if (pipeline === undefined) throw resourceNotFound(`Unable to find pipeline ${id}`);
    return pipeline;
  };

  router.add({
    method: 'GET',
    pattern: '/crm/v3/pipelines/:objectType',
    auth: 'portal',
    handler: (ctx) => {
      dealsOnly(ctx, false);
      return { status: 200, body: { results: s.state.listPipelines(ctx.portalId).map(serializePipeline) } };
    },
  });
  router.add({
    method: 'GET',
    pattern: '/crm/v3/pipelines/:objectType/:pipelineId',
    auth: 'portal',
    handler: (ctx) => {
      dealsOnly(ctx, false);
      return { status: 200, body: serializePipeline(get(ctx)) };
    },
  });
  router.add({
    method: 'GET',
    pattern: '/crm/v3/pipelines/:objectType/:pipelineId/stages',
    auth: 'portal',
    handler: (ctx) => {
      dealsOnly(ctx, false);
      const pipeline = serializePipeline(get(ctx));
      return { status: 200, body: { results: pipeline['stages'] } };
    },
  });
  router.add({
    method: 'POST',
    pattern: '/crm/v3/pipelines/:objectType',
    auth: 'portal',
    handler: (ctx) => {
      dealsOnly(ctx, true);
      const body = bodyObject(ctx.json());
      const input: PipelineInput = {
        label: typeof body['label'] === 'string' ? body['label'] : '',
        stages: Array.isArray(body['stages']) ? (body['stages'] as PipelineInput['stages']) : [],
        ...(typeof body['displayOrder'] === 'number' ? { displayOrder: body['displayOrder'] } : {}),
      };
      return { status: 201, body: serializePipeline(s.state.createPipeline(ctx.portalId, input)) };
    },
  });
}
