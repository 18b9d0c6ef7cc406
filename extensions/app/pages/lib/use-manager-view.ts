import { useCallback, useEffect, useState } from 'react';
import { PageApiError, fetchManagerView } from './api-client';
import type { ManagerQuery, ManagerView } from './api-types';

export interface UseManagerViewOptions {
  /** Backend origin; null when the project profile has none (the page shows "not configured"). */
  baseUrl: string | null;
  locale: string;
  query: ManagerQuery;
  timeoutMs?: number;
}

export interface ManagerViewState {
  status: 'loading' | 'ready' | 'error';
  /** The last loaded view; kept while a new filter loads, so the page does not blank out. */
  view: ManagerView | null;
  error: PageApiError | null;
  reload: () => void;
}

function notConfigured(): PageApiError {
  return new PageApiError('NOT_CONFIGURED', 'BACKEND_URL is missing from the project profile.', null);
}

/** The manager page's data: one signed GET per filter change; stale answers are dropped. */
export function useManagerView({
  baseUrl,
  locale,
  query,
  timeoutMs,
}: UseManagerViewOptions): ManagerViewState {
  const [status, setStatus] = useState<ManagerViewState['status']>(baseUrl === null ? 'error' : 'loading');
  const [view, setView] = useState<ManagerView | null>(null);
  const [error, setError] = useState<PageApiError | null>(baseUrl === null ? notConfigured() : null);
  const [reloadToken, setReloadToken] = useState(0);
  const { pipeline, owner, team, from, to } = query;

  useEffect(() => {
    if (baseUrl === null) {
      setStatus('error');
      setError(notConfigured());
      return;
    }
    let cancelled = false;
    setStatus('loading');
    setError(null);
    const q: ManagerQuery = {
      ...(pipeline === undefined ? {} : { pipeline }),
      ...(owner === undefined ? {} : { owner }),
      ...(team === undefined ? {} : { team }),
      ...(from === undefined ? {} : { from }),
      ...(to === undefined ? {} : { to }),
    };
    fetchManagerView(baseUrl, locale, q, timeoutMs).then(
      (loaded) => {
        if (cancelled) return;
        setView(loaded);
        setStatus('ready');
      },
      (err: unknown) => {
        if (cancelled) return;
        setError(
          err instanceof PageApiError
            ? err
            : new PageApiError('INTERNAL', err instanceof Error ? err.message : String(err), null),
        );
        setStatus('error');
      },
    );
    return () => {
      cancelled = true;
    };
  }, [baseUrl, locale, pipeline, owner, team, from, to, timeoutMs, reloadToken]);

  const reload = useCallback(() => setReloadToken((n) => n + 1), []);
  return { status, view, error, reload };
}
