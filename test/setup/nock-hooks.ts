import nock from 'nock';
import { afterEach, beforeAll } from 'vitest';

// No test may reach the internet. Loopback stays open for real Redis and local HTTP servers.
beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect(/^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/);
});

// Every nock scope must be consumed: a pending interceptor fails the test that left it.
afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  if (pending.length > 0) {
    throw new Error(`nock interceptors were not consumed:\n  ${pending.join('\n  ')}`);
  }
});
