import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/**
 * Debian's Chromium driven by playwright-core (never a downloaded browser): headless, no sandbox
 * (containers), no GPU, no network of its own (no QUIC, background networking, component
 * updates or sync), and a fresh profile per launch so no state leaks between runs.
 */
export const CHROMIUM_PATH = '/usr/bin/chromium';

export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function chromiumAvailable(path: string = CHROMIUM_PATH): boolean {
  return existsSync(path);
}

export interface ChromiumSession {
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launchChromium(options: { path?: string } = {}): Promise<ChromiumSession> {
  const path = options.path ?? CHROMIUM_PATH;
  if (!chromiumAvailable(path)) {
    throw new Error(
      `Chromium is not installed at ${path}. Install Debian's package: apt-get update && apt-get install -y chromium`,
    );
  }
  const profile = mkdtempSync(join(tmpdir(), 'stepwise-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: path,
    headless: true,
    args: [...CHROMIUM_ARGS],
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
