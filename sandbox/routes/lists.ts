import { SandboxHttpError } from '../errors';
import type { Router } from '../router';
import { bodyObject, type SandboxServices } from '../services';

/**
 * Lists (segments) API, the part Stepwise uses (https://developers.hubspot.com/docs/api-reference/latest/crm/lists/guide):
 * `GET /crm/lists/2026-03/object-type-id/:objectTypeId/name/:listName` (name case-insensitive,
 * 404 when absent) and `POST /crm/lists/2026-03` (`{ name, objectTypeId, processingType,
 * filterBranch }` → `{ list: { listId, name, ... } }`; a duplicate name is refused with 400).
 * Lists are kept as created (membership is not evaluated). Scopes crm.lists.read / crm.lists.write.
 */
export interface SandboxList {
  listId: string;
  listVersion: number;
  name: string;
  objectTypeId: string;
  processingType: string;
  processingStatus: string;
  filterBranch: unknown;
  createdAt: string;
}

const byServices = new WeakMap<SandboxServices, Map<number, SandboxList[]>>();

export function sandboxLists(s: SandboxServices, portalId: number): SandboxList[] {
  let portals = byServices.get(s);
  if (portals === undefined) {
    portals = new Map();
    byServices.set(s, portals);
  }
  let lists = portals.get(portalId);
  if (lists === undefined) {
    lists = [];
    portals.set(portalId, lists);
  }
  return lists;
}

function error(status: number, message: string, category: string): SandboxHttpError {
  return new SandboxHttpError(status, { status: 'error', message, category, correlationId: 'sandbox' });
}

let nextId = 1000;

export function registerListRoutes(router: Router, s: SandboxServices): void {
  router.add({
    method: 'GET',
    pattern: '/crm/lists/2026-03/object-type-id/:objectTypeId/name/:listName',
    auth: 'portal',
    handler: (ctx) => {
      ctx.requireScopes(['crm.lists.read', 'crm.lists.write']);
      const name = decodeURIComponent(ctx.params['listName'] ?? '').toLowerCase();
      const list = sandboxLists(s, ctx.portalId).find(
        (l) => l.objectTypeId === ctx.params['objectTypeId'] && l.name.toLowerCase() === name,
      );
      if (list === undefined) throw error(404, `List does not exist with name ${name}.`, 'OBJECT_NOT_FOUND');
      return { status: 200, body: { list } };
    },
  });
  router.add({
    method: 'POST',
    pattern: '/crm/lists/2026-03',
    auth: 'portal',
    handler: (ctx) => {
      ctx.requireScopes(['crm.lists.write']);
      const body = bodyObject(ctx.json());
      const name = body['name'];
      const objectTypeId = body['objectTypeId'];
      const processingType = body['processingType'];
      if (typeof name !== 'string' || name.trim() === '' || typeof objectTypeId !== 'string')
        throw error(400, 'name and objectTypeId are required.', 'VALIDATION_ERROR');
      if (processingType !== 'MANUAL' && processingType !== 'DYNAMIC' && processingType !== 'SNAPSHOT')
        throw error(400, 'processingType must be MANUAL, DYNAMIC or SNAPSHOT.', 'VALIDATION_ERROR');
      if (processingType !== 'MANUAL' && typeof body['filterBranch'] !== 'object')
        throw error(400, 'A DYNAMIC list needs a filterBranch.', 'VALIDATION_ERROR');
      const lists = sandboxLists(s, ctx.portalId);
      if (lists.some((l) => l.name.toLowerCase() === name.toLowerCase()))
        throw error(400, `A list named ${name} already exists.`, 'VALIDATION_ERROR');
      const list: SandboxList = {
        listId: String(nextId++),
        listVersion: 1,
        name,
        objectTypeId,
        processingType,
        processingStatus: 'PROCESSING',
        filterBranch: body['filterBranch'] ?? null,
        createdAt: new Date(s.now()).toISOString(),
      };
      lists.push(list);
      return { status: 200, body: { list } };
    },
  });
}
