import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { launchChromium } from './lib/chromium';
import { ICON_SIZES, iconPngName } from './lib/icon-sizes';

/**
 * Renders docs/assets/stepwise-icon.svg to the PNG sizes of the marketplace listing with
 * Debian's Chromium (the same browser as the browser tests), so the PNGs always match the SVG.
 * Usage: npm run icons:generate
 */
const ASSETS = resolve(import.meta.dirname, '../docs/assets');
const iconPngPath = (size: number): string => join(ASSETS, iconPngName(size));

async function main(): Promise<void> {
  const svg = readFileSync(join(ASSETS, 'stepwise-icon.svg'));
  const session = await launchChromium();
  try {
    const page = await session.context.newPage();
    for (const size of ICON_SIZES) {
      await page.setViewportSize({ width: size, height: size });
      await page.setContent(
        `<!doctype html><html><body style="margin:0"><img alt="" width="${size}" height="${size}" ` +
          `style="display:block" src="data:image/svg+xml;base64,${svg.toString('base64')}"></body></html>`,
      );
      await page.locator('img').evaluate((img) => (img as unknown as { decode(): Promise<void> }).decode());
      await page.screenshot({ path: iconPngPath(size), clip: { x: 0, y: 0, width: size, height: size } });
      console.log(`wrote ${iconPngPath(size)}`);
    }
  } finally {
    await session.close();
  }
}

await main();
