import { useCallback, useEffect, useRef, useState } from 'react';
import { asCardError, callApi, notConfigured, type CardApiError } from './api-client';
import type { DealCardView, TickRequest } from './api-types';
import { applyTick, isOlder, itemKey } from './optimistic';

export interface UseDealCardOptions {
  /** Backend origin (null when the project profile has none: the card shows "not configured"). */
  baseUrl: string | null;
  dealId: string;
  /** Sent as `locale`; picks the language of every label in the view. */
  locale: string;
  /** Called after a tick was rolled back (the card shows an alert). */
  onTickFailed?: (error: CardApiError, tick: TickRequest) => void;
  /** Called after a tick was saved (the card refreshes HubSpot's property panel). */
  onTickSaved?: (view: DealCardView) => void;
}

export interface DealCardState {
  status: 'loading' | 'ready' | 'error';
  view: DealCardView | null;
  error: CardApiError | null;
  /** Items whose tick is being saved (`playbook.step.item`); their checkboxes are read-only meanwhile. */
  pending: ReadonlySet<string>;
  reload: () => void;
  tick: (tick: TickRequest) => void;
}

/**
 * The deal card's data: loads the view model, ticks items optimistically (the checkbox and the
 * progress change at once), saves through the card API, and rolls a tick back when saving fails.
 * Answers that arrive out of order never undo a newer state; ticks still in flight stay applied
 * on top of any answer.
 */
export function useDealCard(options: UseDealCardOptions): DealCardState {
  const { baseUrl, dealId, locale } = options;
  const [status, setStatus] = useState<DealCardState['status']>(baseUrl === null ? 'error' : 'loading');
  const [view, setView] = useState<DealCardView | null>(null);
  const [error, setError] = useState<CardApiError | null>(baseUrl === null ? notConfigured() : null);
  const [pending, setPending] = useState<ReadonlySet<string>>(new Set());
  const [reloadToken, setReloadToken] = useState(0);
  const inFlight = useRef(new Map<string, TickRequest>());
  const callbacks = useRef(options);
  callbacks.current = options;

  useEffect(() => {
    let cancelled = false;
    setStatus('loading');
    setError(null);
    if (baseUrl === null) {
      setStatus('error');
      setError(notConfigured());
      return;
    }
    callApi<DealCardView>({ baseUrl, path: `/deals/${encodeURIComponent(dealId)}/card`, locale }).then(
      (loaded) => {
        if (cancelled) return;
        setView(loaded);
        setStatus('ready');
      },
      (err: unknown) => {
        if (cancelled) return;
        setError(asCardError(err));
        setStatus('error');
      },
    );
    return () => {
      cancelled = true;
    };
  }, [baseUrl, dealId, locale, reloadToken]);

  const reload = useCallback(() => setReloadToken((n) => n + 1), []);

  const tick = useCallback(
    (request: TickRequest) => {
      if (baseUrl === null) return;
      const key = itemKey(request);
      if (inFlight.current.has(key)) return;
      inFlight.current.set(key, request);
      setPending(new Set(inFlight.current.keys()));
      setView((v) => (v === null ? v : applyTick(v, request)));
      const body: Record<string, unknown> = { ...request };
      callApi<DealCardView>({
        baseUrl,
        path: `/deals/${encodeURIComponent(dealId)}/items`,
        locale,
        method: 'POST',
        body,
      }).then(
        (saved) => {
          inFlight.current.delete(key);
          setPending(new Set(inFlight.current.keys()));
          setView((current) => {
            if (isOlder(saved, current)) return current;
            let next = saved;
            for (const still of inFlight.current.values()) next = applyTick(next, still);
            return next;
          });
          callbacks.current.onTickSaved?.(saved);
        },
        (err: unknown) => {
          inFlight.current.delete(key);
          setPending(new Set(inFlight.current.keys()));
          setView((v) => (v === null ? v : applyTick(v, { ...request, checked: !request.checked })));
          callbacks.current.onTickFailed?.(asCardError(err), request);
        },
      );
    },
    [baseUrl, dealId, locale],
  );

  return { status, view, error, pending, reload, tick };
}
