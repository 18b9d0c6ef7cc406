import {
  Button,
  ErrorState,
  Flex,
  LoadingSpinner,
  Text,
  type ExtensionPointApiActions,
  type SettingsContext,
} from '@hubspot/ui-extensions';
import { useEffect, useMemo, useState } from 'react';
import type { PortalSettingsView } from '../../cards/lib/api-types';
import type { StageMapPreview } from '../../cards/lib/ops-api-types';
import { backendUrlFrom, callApi } from '../lib/api-client';
import { opsStrings } from '../lib/ops-i18n';
import { OpsSettings } from './ops-settings';
import { langFromLocale, settingsStrings } from '../lib/i18n';
import { useSettings } from '../lib/use-settings';
import { validateSettings, type FieldErrors } from '../lib/validate-settings';
import { SettingsForm, type SettingsFormProps } from './settings-form';

export interface StepwiseSettingsProps {
  context: SettingsContext;
  actions: ExtensionPointApiActions<'settings'>;
  /** Re-grade progress refresh interval (ms); tests shorten it. */
  pollMs?: number;
}

function formatter(locale: string, timeZone: string | undefined): (iso: string) => string {
  return (iso) => {
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
      return iso;
    }
  };
}

const same = (a: PortalSettingsView, b: PortalSettingsView): boolean =>
  JSON.stringify(a) === JSON.stringify(b);

/** The app's settings page: loads the portal's settings, edits and validates them, saves, re-grades. */
export function StepwiseSettings({ context, actions, pollMs }: StepwiseSettingsProps) {
  const locale = (context.user.locale ?? context.user.language ?? 'en').trim() || 'en';
  const strings = settingsStrings(langFromLocale(locale));
  const baseUrl = backendUrlFrom(context.variables);
  const formatTime = useMemo(
    () => formatter(locale, context.portal.timezone),
    [locale, context.portal.timezone],
  );
  const state = useSettings({
    baseUrl,
    locale,
    ...(pollMs === undefined ? {} : { pollMs }),
  });
  const [draft, setDraft] = useState<PortalSettingsView | null>(null);
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const [notice, setNotice] = useState<SettingsFormProps['notice']>(null);

  const saved = state.view?.settings ?? null;
  useEffect(() => {
    setDraft(saved);
    setServerErrors({});
  }, [saved]);

  if (state.status === 'error' && state.error !== null) {
    const e = state.error;
    if (e.code === 'NOT_CONFIGURED') {
      return (
        <ErrorState testId="settings-error" type="support" title={strings.notConfiguredTitle}>
          <Text>{strings.notConfiguredBody}</Text>
        </ErrorState>
      );
    }
    const notInstalled = e.code === 'NOT_INSTALLED';
    return (
      <ErrorState
        testId="settings-error"
        type={notInstalled ? 'lock' : 'error'}
        title={notInstalled ? strings.notInstalledTitle : strings.loadFailedTitle}
      >
        <Text>{notInstalled ? strings.notInstalledBody : e.message}</Text>
        <Button onClick={state.reload}>{strings.retry}</Button>
      </ErrorState>
    );
  }
  if (state.status !== 'ready' || state.view === null || draft === null || saved === null) {
    return <LoadingSpinner testId="settings-loading" label={strings.loading} showLabel layout="centered" />;
  }

  const errors: FieldErrors = { ...validateSettings(draft, strings), ...serverErrors };
  const dirty = !same(draft, saved);

  const onSave = () => {
    if (Object.keys(validateSettings(draft, strings)).length > 0) {
      setNotice({ variant: 'danger', title: strings.saveFailedTitle, message: strings.fixErrors });
      return;
    }
    setNotice(null);
    void state.save(draft).then((result) => {
      if (result.ok) {
        const message = result.relabelled ? strings.savedRelabelled : strings.saved;
        setNotice({ variant: 'success', title: strings.saved, message });
        actions.addAlert({ type: 'success', message });
        return;
      }
      const issues: FieldErrors = {};
      for (const issue of result.error.issues) issues[issue.path] = issue.message;
      setServerErrors(issues);
      setNotice({ variant: 'danger', title: strings.saveFailedTitle, message: result.error.message });
    });
  };

  const onRegrade = () => {
    void state.startRegrade().then((error) => {
      if (error !== null) {
        setNotice({ variant: 'danger', title: strings.regradeStartFailed, message: error.message });
      }
    });
  };

  const api = baseUrl ?? '';
  return (
    <Flex direction="column" gap="md">
      <SettingsForm
        view={state.view}
        draft={draft}
        errors={errors}
        dirty={dirty}
        saving={state.saving}
        notice={notice}
        strings={strings}
        formatTime={formatTime}
        onChange={(next) => {
          setDraft(next);
          setServerErrors({});
          setNotice(null);
        }}
        onSave={onSave}
        onDiscard={() => {
          setDraft(saved);
          setServerErrors({});
          setNotice(null);
        }}
        onRegrade={onRegrade}
      />
      <OpsSettings
        view={state.view}
        draft={draft}
        strings={opsStrings(langFromLocale(locale))}
        onChange={(next) => {
          setDraft(next);
          setServerErrors({});
          setNotice(null);
        }}
        previewPage={(settings, after) =>
          callApi<StageMapPreview>({
            baseUrl: api,
            path: '/settings/preview',
            locale,
            method: 'POST',
            body: {
              settings: settings as unknown as Record<string, unknown>,
              ...(after === null ? {} : { after }),
            },
          })
        }
        setPaused={async (paused) => {
          await callApi({
            baseUrl: api,
            path: paused ? '/write-back/pause' : '/write-back/resume',
            locale,
            method: 'POST',
          });
          state.reload();
        }}
      />
    </Flex>
  );
}
