import { useCallback, useEffect, useRef, useState } from 'react';
import type { PortalSettingsView, RegradeStatus, SettingsView } from '../../cards/lib/api-types';
import { SettingsApiError, callApi } from './api-client';

export interface UseSettingsOptions {
  baseUrl: string | null;
  locale: string;
  /** How often to refresh the re-grade progress while it runs (ms). */
  pollMs?: number;
}

export type SaveResult = { ok: true; relabelled: boolean } | { ok: false; error: SettingsApiError };

export interface SettingsState {
  status: 'loading' | 'ready' | 'error';
  view: SettingsView | null;
  error: SettingsApiError | null;
  saving: boolean;
  reload: () => void;
  save: (settings: PortalSettingsView) => Promise<SaveResult>;
  /** Starts re-grading every deal; progress then refreshes by itself until done. */
  startRegrade: () => Promise<SettingsApiError | null>;
}

function asError(err: unknown): SettingsApiError {
  return err instanceof SettingsApiError
    ? err
    : new SettingsApiError('INTERNAL', err instanceof Error ? err.message : String(err), null);
}

/** The settings page's data: settings, pipelines, installation and re-grade status, via signed calls. */
export function useSettings({ baseUrl, locale, pollMs = 2000 }: UseSettingsOptions): SettingsState {
  const [status, setStatus] = useState<SettingsState['status']>(baseUrl === null ? 'error' : 'loading');
  const [view, setView] = useState<SettingsView | null>(null);
  const [error, setError] = useState<SettingsApiError | null>(
    baseUrl === null
      ? new SettingsApiError('NOT_CONFIGURED', 'BACKEND_URL is missing from the project profile.', null)
      : null,
  );
  const [saving, setSaving] = useState(false);
  const [reloadToken, setReloadToken] = useState(0);
  const viewRef = useRef<SettingsView | null>(null);
  viewRef.current = view;

  useEffect(() => {
    if (baseUrl === null) return;
    let cancelled = false;
    setStatus('loading');
    setError(null);
    callApi<SettingsView>({ baseUrl, path: '/settings', locale }).then(
      (loaded) => {
        if (cancelled) return;
        setView(loaded);
        setStatus('ready');
      },
      (err: unknown) => {
        if (cancelled) return;
        setError(asError(err));
        setStatus('error');
      },
    );
    return () => {
      cancelled = true;
    };
  }, [baseUrl, locale, reloadToken]);

  const regradeState = view?.regrade.state;
  useEffect(() => {
    if (baseUrl === null || regradeState !== 'running') return;
    let stopped = false;
    // One poll at a time: a tick while the previous answer is still on its way is skipped, so a
    // slow answer never overlaps the next request (and polling stops right after "done").
    let inFlight = false;
    const timer = setInterval(() => {
      if (inFlight) return;
      inFlight = true;
      callApi<RegradeStatus>({ baseUrl, path: '/regrade', locale })
        .then(
          (regrade) => {
            if (stopped) return;
            // Stop at once when the re-grade is over, before React re-renders and cleans up.
            if (regrade.state !== 'running') {
              stopped = true;
              clearInterval(timer);
            }
            setView((v) => (v === null ? v : { ...v, regrade }));
          },
          () => {
            // A missed poll is retried at the next tick.
          },
        )
        .finally(() => {
          inFlight = false;
        });
    }, pollMs);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [baseUrl, locale, pollMs, regradeState]);

  const reload = useCallback(() => setReloadToken((n) => n + 1), []);

  const save = useCallback(
    async (settings: PortalSettingsView): Promise<SaveResult> => {
      if (baseUrl === null)
        return { ok: false, error: new SettingsApiError('NOT_CONFIGURED', 'Not configured', null) };
      const before = viewRef.current?.settings.language;
      setSaving(true);
      try {
        const body: Record<string, unknown> = { ...settings };
        const saved = await callApi<SettingsView>({
          baseUrl,
          path: '/settings',
          locale,
          method: 'PUT',
          body,
        });
        setView(saved);
        return { ok: true, relabelled: before !== undefined && before !== saved.settings.language };
      } catch (err) {
        return { ok: false, error: asError(err) };
      } finally {
        setSaving(false);
      }
    },
    [baseUrl, locale],
  );

  const startRegrade = useCallback(async (): Promise<SettingsApiError | null> => {
    if (baseUrl === null) return new SettingsApiError('NOT_CONFIGURED', 'Not configured', null);
    try {
      const regrade = await callApi<RegradeStatus>({
        baseUrl,
        path: '/regrade',
        locale,
        method: 'POST',
        body: {},
      });
      setView((v) => (v === null ? v : { ...v, regrade }));
      return null;
    } catch (err) {
      return asError(err);
    }
  }, [baseUrl, locale]);

  return { status, view, error, saving, reload, save, startRegrade };
}
