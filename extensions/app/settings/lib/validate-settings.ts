import type { PortalSettingsView } from '../../cards/lib/api-types';
import type { SettingsStrings } from './i18n';

/** Field path (as the backend reports it, e.g. `gradeThresholds.strategicAmount`) → message. */
export type FieldErrors = Partial<Record<string, string>>;

const MAX_AMOUNT = 1e15;

/**
 * The settings page's own checks, mirroring the engine's zod schema so a user sees mistakes
 * before saving. The backend validates again with the schema itself (the authority).
 */
export function validateSettings(settings: PortalSettingsView, strings: SettingsStrings): FieldErrors {
  const errors: FieldErrors = {};
  const t = settings.gradeThresholds;
  const amount = (path: string, v: number): boolean => {
    if (typeof v !== 'number' || !Number.isFinite(v)) errors[path] = strings.mustBeNumber;
    else if (v < 0) errors[path] = strings.mustBeNonNegative;
    else if (v > MAX_AMOUNT) errors[path] = strings.tooLarge;
    else return true;
    return false;
  };
  const strategicOk = amount('gradeThresholds.strategicAmount', t.strategicAmount);
  const importantOk = amount('gradeThresholds.importantAmount', t.importantAmount);
  if (strategicOk && importantOk && t.strategicAmount < t.importantAmount) {
    errors['gradeThresholds.strategicAmount'] = strings.strategicBelowImportant;
  }
  const count = (path: string, v: number, min: number, max: number): void => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      errors[path] = strings.mustBeIntegerBetween(min, max);
    }
  };
  count('gradeThresholds.strategicTraitsMin', t.strategicTraitsMin, 1, 5);
  count('gradeThresholds.importantTraitsMin', t.importantTraitsMin, 1, 3);
  return errors;
}
