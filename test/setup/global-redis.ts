import type { TestProject } from 'vitest/node';
import { startPrivateRedis, type PrivateRedis } from '../../sandbox/redis-server';

declare module 'vitest' {
  export interface ProvidedContext {
    redisUrl: string;
    /** True when the tests started this Redis themselves (and may therefore flush it). */
    redisOwned: boolean;
  }
}

let server: PrivateRedis | undefined;

/**
 * Uses REDIS_URL when set (never flushed: tests isolate themselves by key prefix);
 * otherwise starts a private redis-server on a free port and stops it afterwards.
 */
export async function setup(project: TestProject): Promise<void> {
  const external = process.env['REDIS_URL'];
  if (external !== undefined && external !== '') {
    project.provide('redisUrl', external);
    project.provide('redisOwned', false);
    return;
  }
  server = await startPrivateRedis();
  project.provide('redisUrl', server.url);
  project.provide('redisOwned', true);
}

export async function teardown(): Promise<void> {
  await server?.stop();
}
