import { Client } from '@hubspot/api-client';
import type { Sandbox } from './server';

/**
 * A real @hubspot/api-client v13 Client pointed at the sandbox, configured as Stepwise
 * configures it: `basePath` = sandbox URL, SDK retries off (`numberOfApiCallRetries: 0`).
 */
export function sandboxClient(sandbox: Pick<Sandbox, 'url'>, accessToken?: string): Client {
  return new Client({
    basePath: sandbox.url,
    numberOfApiCallRetries: 0,
    ...(accessToken !== undefined ? { accessToken } : {}),
  });
}
