import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  LATEST_SUPPORTED_PLATFORM_VERSION,
  isKnownPlatformVersion,
} from '@hubspot/project-parsing-lib/projects';
import { translate } from '@hubspot/project-parsing-lib/translate';
import { describe, expect, it } from 'vitest';

/**
 * Why the project stays on platform 2026.03 (README, "Platform version"): the parser we ship
 * with (@hubspot/project-parsing-lib) names 2026.09 but supports 2026.03 as its latest version,
 * and it validates components only against schemas fetched from HubSpot with an account, so
 * 2026.09 cannot be validated offline. Without validation it parses any version string, which
 * proves nothing. When the library's latest supported version moves, these tests say so.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const SRC = join(ROOT, 'extensions');
const COMPONENT_COUNT = 8;
const project = JSON.parse(readFileSync(join(ROOT, 'hsproject.json'), 'utf8')) as { platformVersion: string };

describe('platform version', () => {
  it('is the latest version the project parser supports', () => {
    expect(LATEST_SUPPORTED_PLATFORM_VERSION).toBe('2026.03');
    expect(project.platformVersion).toBe(LATEST_SUPPORTED_PLATFORM_VERSION);
  });

  it('2026.09 is a known name, but validating needs HubSpot’s schemas (an account), so it cannot be validated offline', async () => {
    expect(isKnownPlatformVersion('2026.09')).toBe(true);
    await expect(
      translate(
        { projectSourceDir: SRC, platformVersion: '2026.09' },
        { skipValidation: false, profile: 'prod' },
      ),
    ).rejects.toThrow(/account id is required/i);
  });

  it('parsing without validation accepts any version, so it is no evidence for 2026.09', async () => {
    for (const platformVersion of ['2026.09', '2099.01']) {
      const result = await translate(
        { projectSourceDir: SRC, platformVersion },
        { skipValidation: true, profile: 'prod' },
      );
      // Every component of the project parses (app, two cards, settings, webhooks, the manager
      // page and the two workflow actions).
      expect(Object.keys(result.intermediateRepresentation.intermediateNodesIndexedByUid)).toHaveLength(
        COMPONENT_COUNT,
      );
    }
  });
});
