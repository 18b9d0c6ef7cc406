import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Redis } from 'ioredis';
import type { RegradeStatus } from '../../../extensions/app/cards/lib/api-types';
import { PipelinesCache } from '../../../src/hubspot/pipelines-cache';
import { createPortalClients } from '../../../src/hubspot/portal-client';
import type { HubSpotCall } from '../../../src/hubspot/provisioning';
import { signedHeaders } from '../../../src/hubspot/signature';
import type { Language } from '../../../src/methodology';
import { createCardApiRouter, type CardApiDeps } from '../../../src/server/card-api/router';
import { createSignedRequestMiddleware } from '../../../src/server/signed-request';
import { SettingsStore } from '../../../src/settings/settings-store';
import { uniquePrefix } from '../../support/redis';
import { HUBSPOT, TOKEN } from './fake-crm';

export const PUBLIC_BASE_URL = 'https://stepwise.card-test';
export const CLIENT_SECRET = 'card-api-test-secret';
export const PORTAL = '123';

export interface CardApiHarness {
  url: string;
  prefix: string;
  settings: SettingsStore;
  relabelled: Language[];
  regrade: { started: number; status: RegradeStatus };
  /** When set, relabel fails with it. */
  relabelError: { current: Error | null };
  close(): Promise<void>;
}

/**
 * The card API as HubSpot reaches it: real HTTP, the v3 signature middleware in front, real
 * Redis (locks, settings, limiter, pipelines cache) under a unique prefix, HubSpot behind nock.
 */
export async function startCardApi(
  redis: Redis,
  overrides: Partial<CardApiDeps> = {},
): Promise<CardApiHarness> {
  const prefix = uniquePrefix('card');
  const settings = new SettingsStore({ redis, prefix });
  const relabelled: Language[] = [];
  const relabelError: { current: Error | null } = { current: null };
  const regrade = {
    started: 0,
    status: {
      state: 'idle',
      processed: 0,
      total: null,
      startedAt: null,
      finishedAt: null,
      error: null,
    } as RegradeStatus,
  };
  const deps: CardApiDeps = {
    portals: createPortalClients({
      redis,
      prefix,
      basePath: HUBSPOT,
      tokenProvider: { getAccessToken: async () => TOKEN },
    }),
    pipelines: new PipelinesCache({ redis, prefix }),
    settings,
    installations: {
      get: async (portalId) =>
        portalId === PORTAL
          ? {
              installedAt: '2026-11-20T08:00:00.000Z',
              scopes: ['oauth', 'crm.objects.deals.read'],
              status: 'installed',
            }
          : null,
    },
    regrade: {
      startBackfill: async () => {
        regrade.started += 1;
        regrade.status = {
          ...regrade.status,
          state: 'running',
          startedAt: '2026-11-24T07:00:00.000Z',
          total: 40,
        };
        return regrade.status;
      },
      getBackfillStatus: async () => regrade.status,
    },
    redis,
    prefix,
    relabel: async (_call: HubSpotCall, language: Language) => {
      if (relabelError.current !== null) throw relabelError.current;
      relabelled.push(language);
    },
    now: () => new Date('2026-11-24T06:30:00.000Z'),
    ...overrides,
  };
  const app = express();
  app.use(
    '/api/v1',
    createSignedRequestMiddleware({
      clientSecret: CLIENT_SECRET,
      publicBaseUrl: PUBLIC_BASE_URL,
      installations: { statusCached: async (id) => (id === PORTAL ? 'installed' : 'unknown') },
    }),
    createCardApiRouter(deps),
  );
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    prefix,
    settings,
    relabelled,
    regrade,
    relabelError,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The query HubSpot appends to every hubspot.fetch (and signs). */
export function signedQuery(extra: Record<string, string> = {}, portalId = PORTAL): string {
  const q = new URLSearchParams({
    locale: 'en-us',
    ...extra,
    portalId,
    userId: '77',
    userEmail: 'rep@acme.test',
    appId: '999',
  });
  return q.toString();
}

/** Calls the card API as hubspot.fetch does: JSON body, v3 signature over PUBLIC_BASE_URL + path. */
export async function cardFetch(
  h: CardApiHarness,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH',
  pathAndQuery: string,
  body?: unknown,
  opts: { sign?: boolean; secret?: string } = {},
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read the JSON freely
): Promise<{ status: number; body: any; headers: Headers }> {
  const raw = body === undefined ? '' : JSON.stringify(body);
  const headers: Record<string, string> = {
    ...(opts.sign === false
      ? {}
      : signedHeaders({
          clientSecret: opts.secret ?? CLIENT_SECRET,
          method,
          uri: `${PUBLIC_BASE_URL}${pathAndQuery}`,
          body: raw,
          now: Date.now(),
        })),
    ...(raw === '' ? {} : { 'Content-Type': 'application/json' }),
  };
  const res = await fetch(`${h.url}${pathAndQuery}`, {
    method,
    headers,
    ...(raw === '' ? {} : { body: raw }),
  });
  const text = await res.text();
  return { status: res.status, body: text === '' ? null : JSON.parse(text), headers: res.headers };
}
