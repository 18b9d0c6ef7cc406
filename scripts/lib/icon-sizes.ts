/**
 * PNG sizes of the app icon rendered from docs/assets/stepwise-icon.svg (see
 * docs/marketplace-listing.md, "App icon", for where each is used).
 */
export const ICON_SIZES: readonly number[] = [800, 400, 200, 100];

export function iconPngName(size: number): string {
  return `stepwise-icon-${size}.png`;
}
