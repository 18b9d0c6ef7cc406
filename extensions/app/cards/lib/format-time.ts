/**
 * Formats an ISO time for the user: their locale, the portal's time zone. Falls back to the ISO
 * minute (UTC) where Intl is unavailable or the zone is unknown.
 */
export function makeTimeFormatter(locale: string, timeZone: string | undefined): (iso: string) => string {
  return (iso: string) => {
    const ms = Date.parse(iso);
    if (!Number.isFinite(ms)) return iso;
    try {
      return new Date(ms).toLocaleString(locale, {
        ...(timeZone === undefined || timeZone === '' ? {} : { timeZone }),
        year: 'numeric',
        month: 'short',
        day: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
      });
    } catch {
      return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
    }
  };
}
