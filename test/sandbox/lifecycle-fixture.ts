/**
 * Child-process fixture for lifecycle.test.ts: starts a busy sandbox (a delivery hanging on a
 * slow receiver, retries pending, a request held by a latency fault), stops it, and exits on
 * its own — proving stop() leaves nothing that keeps the process alive.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sandboxClient } from '../../sandbox/client';
import { startSandbox } from '../../sandbox/server';

const hanging = http.createServer(() => {
  /* never answers */
});
await new Promise<void>((r) => hanging.listen(0, '127.0.0.1', r));
const port = (hanging.address() as AddressInfo).port;
const sandbox = await startSandbox({
  portals: [{ portalId: 1 }],
  webhooks: {
    targetUrl: `http://127.0.0.1:${port}/hook`,
    subscriptions: [{ objectType: 'deal', eventType: 'object.creation' }],
    flushDelayMs: 1,
    // Retries follow HubSpot's real schedule (first after ~1 min): still pending at stop().
    timeoutMs: 60_000,
  },
});
const token = sandbox.admin.install(1).accessToken;
sandbox.admin.userCreate(1, 'deals', { dealname: 'x' });
sandbox.faults.latency(60_000);
const pending = sandboxClient(sandbox, token)
  .crm.deals.basicApi.getPage(1)
  .catch(() => 'aborted');
await new Promise((r) => setTimeout(r, 200));
await sandbox.stop();
hanging.closeAllConnections();
hanging.close();
process.stdout.write(`stopped ${String(await pending)}\n`);
