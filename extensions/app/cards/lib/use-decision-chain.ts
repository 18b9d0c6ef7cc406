import { useCallback, useEffect, useRef, useState } from 'react';
import { asCardError, callApi, notConfigured, type CardApiError } from './api-client';
import type { DecisionChainView } from './api-types';
import { applyContactEdit, contactFieldValue, type ContactField } from './optimistic';

export interface ContactEdit {
  contactId: string;
  field: ContactField;
  /** null clears the value. */
  value: string | null;
}

export interface UseDecisionChainOptions {
  baseUrl: string | null;
  dealId: string;
  locale: string;
  onEditFailed?: (error: CardApiError, edit: ContactEdit) => void;
  onEditSaved?: (view: DecisionChainView) => void;
}

export interface DecisionChainState {
  status: 'loading' | 'ready' | 'error';
  view: DecisionChainView | null;
  error: CardApiError | null;
  /** `contactId.field` being saved; those selects are read-only meanwhile. */
  pending: ReadonlySet<string>;
  reload: () => void;
  edit: (edit: ContactEdit) => void;
}

const editKey = (e: Pick<ContactEdit, 'contactId' | 'field'>): string => `${e.contactId}.${e.field}`;

/**
 * The decision-chain card's data: loads the deal's contacts and relationship levels, edits a
 * contact's role / stance / depth / personality optimistically, saves it through the card API
 * (which recomputes the relationship levels), and rolls the edit back when saving fails.
 */
export function useDecisionChain(options: UseDecisionChainOptions): DecisionChainState {
  const { baseUrl, dealId, locale } = options;
  const [status, setStatus] = useState<DecisionChainState['status']>(baseUrl === null ? 'error' : 'loading');
  const [view, setView] = useState<DecisionChainView | null>(null);
  const [error, setError] = useState<CardApiError | null>(baseUrl === null ? notConfigured() : null);
  const [pending, setPending] = useState<ReadonlySet<string>>(new Set());
  const [reloadToken, setReloadToken] = useState(0);
  const inFlight = useRef(new Map<string, ContactEdit>());
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
    callApi<DecisionChainView>({
      baseUrl,
      path: `/deals/${encodeURIComponent(dealId)}/decision-chain`,
      locale,
    }).then(
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

  const edit = useCallback(
    (change: ContactEdit) => {
      if (baseUrl === null || view === null) return;
      const key = editKey(change);
      if (inFlight.current.has(key)) return;
      const contact = view.contacts.find((c) => c.id === change.contactId);
      if (contact === undefined) return;
      const previous = contactFieldValue(contact, change.field);
      if (previous === change.value) return;
      inFlight.current.set(key, change);
      setPending(new Set(inFlight.current.keys()));
      setView((v) => (v === null ? v : applyContactEdit(v, change.contactId, change.field, change.value)));
      callApi<DecisionChainView>({
        baseUrl,
        path: `/deals/${encodeURIComponent(dealId)}/contacts/${encodeURIComponent(change.contactId)}`,
        locale,
        method: 'PATCH',
        body: { [change.field]: change.value },
      }).then(
        (saved) => {
          inFlight.current.delete(key);
          setPending(new Set(inFlight.current.keys()));
          let next = saved;
          for (const still of inFlight.current.values())
            next = applyContactEdit(next, still.contactId, still.field, still.value);
          setView(next);
          callbacks.current.onEditSaved?.(saved);
        },
        (err: unknown) => {
          inFlight.current.delete(key);
          setPending(new Set(inFlight.current.keys()));
          setView((v) => (v === null ? v : applyContactEdit(v, change.contactId, change.field, previous)));
          callbacks.current.onEditFailed?.(asCardError(err), change);
        },
      );
    },
    [baseUrl, dealId, locale, view],
  );

  return { status, view, error, pending, reload, edit };
}
