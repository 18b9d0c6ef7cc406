import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

/** The repository's own ESLint configuration fails on an upward import and on imports of test/. */

const ROOT = resolve(__dirname, '../..');
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: ROOT });
});

async function layerMessages(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(ROOT, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'stepwise/layers').map((m) => m.message);
}

describe('stepwise/layers', () => {
  it.each([
    ['src/hubspot/probe.ts', "export { startWorker } from '../../webhooks/worker';\n", 'webhooks'],
    [
      'src/hubspot/probe.ts',
      "import { createApp } from '../server/app';\nexport const app = createApp;\n",
      'server',
    ],
    [
      'webhooks/probe.ts',
      "import { createApp } from '../src/server/app';\nexport const app = createApp;\n",
      'server',
    ],
    [
      'src/http/probe.ts',
      "import type { RecomputeQueue } from '../../webhooks/queue';\nexport type Q = RecomputeQueue;\n",
      'webhooks',
    ],
    [
      'src/server/card-api/probe.ts',
      "import { compose } from '../../composition-root';\nexport const c = compose;\n",
      'composition root',
    ],
    [
      'src/config/probe.ts',
      "import { HubSpotError } from '../hubspot/errors';\nexport const e = HubSpotError;\n",
      'hubspot',
    ],
    [
      'src/main.ts',
      "import { startSandbox } from '../sandbox';\nexport const s = startSandbox;\n",
      'scripts',
    ],
    ['src/server/probe.ts', "export const m = await import('../../scripts/demo');\n", 'scripts'],
  ])('%s importing a higher layer (%#) fails', async (file, code, layer) => {
    const messages = await layerMessages(file, code);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain(`(${layer})`);
    expect(messages[0]).toContain('layers import downward only');
  });

  it.each([
    [
      'webhooks/probe.ts',
      "import { HubSpotError } from '../src/hubspot/errors';\nexport const e = HubSpotError;\n",
    ],
    [
      'src/server/probe.ts',
      "import { sendJsonError } from '../http/http-error';\nexport const s = sendJsonError;\n",
    ],
    [
      'src/hubspot/probe.ts',
      "import { DEAL_READ_PROPERTIES } from '../methodology';\nexport const d = DEAL_READ_PROPERTIES;\n",
    ],
    ['scripts/probe.ts', "import { compose } from '../src/composition-root';\nexport const c = compose;\n"],
    [
      'test/webhooks/probe.ts',
      "import { startSandbox } from '../../sandbox';\nexport const s = startSandbox;\n",
    ],
  ])('%s importing its own or a lower layer (%#) passes', async (file, code) => {
    expect(await layerMessages(file, code)).toEqual([]);
  });

  it('nothing outside test/ imports test/', async () => {
    const messages = await layerMessages(
      'scripts/probe.ts',
      "import { testRedis } from '../test/support/redis';\nexport const r = testRedis;\n",
    );
    expect(messages).toEqual([expect.stringContaining('nothing outside test/ imports test/')]);
  });
});
