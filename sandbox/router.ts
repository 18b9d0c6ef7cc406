import type { IncomingHttpHeaders } from 'node:http';
import type { AccessTokenRecord } from './oauth-store';
import type { ChangeSource } from './types';

/** Minimal typed router for the sandbox's node:http server. */

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface HttpResult {
  status: number;
  /** JSON body (omitted for 204). */
  body?: unknown;
  /** Raw text body (with `contentType`), used for HTML fault pages. */
  text?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

export interface RouteContext {
  method: HttpMethod;
  path: string;
  query: URLSearchParams;
  params: Record<string, string>;
  headers: IncomingHttpHeaders;
  rawBody: Buffer;
  /** Sandbox clock at arrival. */
  now: number;
  /** http://127.0.0.1:<port> */
  baseUrl: string;
  /** The token's portal (portal routes); 0 on public/admin routes. */
  portalId: number;
  token: AccessTokenRecord | null;
  /** Parsed JSON body; undefined when empty; throws HubSpot's 400 when malformed. */
  json(): unknown;
  /** Parsed x-www-form-urlencoded body. */
  form(): URLSearchParams;
  /** 403 MISSING_SCOPES unless the token has one of the scopes. */
  requireScopes(anyOf: readonly string[]): void;
  /** How HubSpot reports changes made by this request (INTEGRATION + app id). */
  source: ChangeSource;
}

export type RouteAuth = 'portal' | 'public' | 'admin';

export interface RouteDef {
  method: HttpMethod;
  /** Pattern with `:param` segments, e.g. `/crm/v3/objects/:objectType/:objectId`. */
  pattern: string;
  auth: RouteAuth;
  /** Search routes use HubSpot's separate search limit and get no rate-limit headers. */
  kind?: 'search';
  handler: (ctx: RouteContext) => HttpResult | Promise<HttpResult>;
}

interface Compiled {
  def: RouteDef;
  segments: string[];
  literals: number;
}

export type RouteMatch =
  | { found: true; def: RouteDef; params: Record<string, string> }
  | { found: false; methodNotAllowed: boolean };

function split(path: string): string[] {
  return path.split('/').filter((s) => s !== '');
}

export class Router {
  private readonly bySize = new Map<number, Compiled[]>();

  add(def: RouteDef): void {
    const segments = split(def.pattern);
    const compiled: Compiled = { def, segments, literals: segments.filter((s) => !s.startsWith(':')).length };
    const list = this.bySize.get(segments.length) ?? [];
    list.push(compiled);
    this.bySize.set(segments.length, list);
  }

  /** The most specific route (most literal segments) matching the path. */
  match(method: string, path: string): RouteMatch {
    const parts = split(path);
    const candidates = this.bySize.get(parts.length) ?? [];
    let best: { c: Compiled; params: Record<string, string> } | null = null;
    let pathMatched = false;
    for (const c of candidates) {
      const params: Record<string, string> = {};
      let ok = true;
      for (let i = 0; i < parts.length; i++) {
        const seg = c.segments[i] as string;
        const part = parts[i] as string;
        if (seg.startsWith(':')) {
          try {
            params[seg.slice(1)] = decodeURIComponent(part);
          } catch {
            params[seg.slice(1)] = part;
          }
        } else if (seg !== part) {
          ok = false;
          break;
        }
      }
      if (!ok) continue;
      pathMatched = true;
      if (c.def.method !== method) continue;
      if (best === null || c.literals > best.c.literals) best = { c, params };
    }
    if (best !== null) return { found: true, def: best.c.def, params: best.params };
    return { found: false, methodNotAllowed: pathMatched };
  }
}
