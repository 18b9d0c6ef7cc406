import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ICON_SIZES, iconPngName } from '../../scripts/lib/icon-sizes';
import { REQUIRED_SCOPES } from '../../src/hubspot/oauth';

/**
 * docs/marketplace-listing.md against the listing form's validation: overview ≥ 160 characters
 * in each language, no duplicate shared-data rows
 * (https://community.hubspot.com/t5/Developer-Announcements/App-Marketplace-Listing-Process-Validation/m-p/1058035),
 * every requested scope explained and nothing else claimed; the icon PNGs exist at their sizes.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const doc = readFileSync(join(ROOT, 'docs/marketplace-listing.md'), 'utf8');

/** The body of a `##`/`###` section up to the next heading of any level. */
function section(heading: string): string {
  const start = doc.indexOf(`${heading}\n`);
  expect(start, heading).toBeGreaterThanOrEqual(0);
  const rest = doc.slice(start + heading.length + 1);
  const end = rest.search(/^#{2,3} /m);
  return (end < 0 ? rest : rest.slice(0, end)).trim();
}

function tableRows(body: string): string[][] {
  return body
    .split('\n')
    .filter((l) => l.startsWith('|') && !/^\|[-| ]+\|$/.test(l))
    .slice(1)
    .map((l) =>
      l
        .slice(1, -1)
        .split('|')
        .map((c) => c.trim()),
    );
}

describe('marketplace listing document', () => {
  it.each(['### Overview (en)', '### Overview (zh)'])('%s is at least 160 characters', (heading) => {
    const text = section(heading);
    expect([...text].length).toBeGreaterThanOrEqual(160);
    expect(text).not.toMatch(/lorem|ipsum|TODO|TBD/i);
  });

  it('explains exactly the scopes Stepwise requests, each with the calls that need it', () => {
    const rows = tableRows(section('## Scopes'));
    const scopes = rows.map((r) => r[0]?.replace(/`/g, ''));
    expect([...scopes].sort()).toEqual([...REQUIRED_SCOPES].sort());
    for (const r of rows) {
      expect(r[1]?.length, r[0]).toBeGreaterThan(20);
      expect(r[2]?.length, r[0]).toBeGreaterThan(20);
    }
  });

  it('has a shared data table without duplicate rows or objects', () => {
    const rows = tableRows(section('## Shared data'));
    expect(rows.length).toBeGreaterThanOrEqual(4);
    const objects = rows.map((r) => r[1]);
    expect(new Set(objects).size).toBe(objects.length);
    for (const r of rows) expect(['Two-way', 'HubSpot → Stepwise', 'Stepwise → HubSpot']).toContain(r[2]);
  });

  it('ships the icon as SVG and as PNGs of the listed sizes (rendered by npm run icons:generate)', () => {
    expect(readFileSync(join(ROOT, 'docs/assets/stepwise-icon.svg'), 'utf8')).toMatch(
      /^<svg [^>]*viewBox="0 0 512 512"/,
    );
    for (const size of ICON_SIZES) {
      const png = readFileSync(join(ROOT, 'docs/assets', iconPngName(size)));
      expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
      // IHDR: width and height, big-endian, at bytes 16–23.
      expect([png.readUInt32BE(16), png.readUInt32BE(20)], iconPngName(size)).toEqual([size, size]);
      expect(doc).toContain(`${size}`);
    }
  });
});
