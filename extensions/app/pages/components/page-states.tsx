import { Button, ErrorState, LoadingSpinner, Text } from '@hubspot/ui-extensions';
import type { PageApiError } from '../lib/api-client';
import type { PageStrings } from '../lib/i18n';

export function PageLoading({ strings }: { strings: PageStrings }) {
  return <LoadingSpinner testId="page-loading" label={strings.loading} showLabel layout="centered" />;
}

interface PageErrorProps {
  error: PageApiError;
  strings: PageStrings;
  onRetry: () => void;
}

/** Every failure a manager can meet, in words they can act on (retry, or ask an admin). */
export function PageError({ error, strings, onRetry }: PageErrorProps) {
  if (error.code === 'NOT_CONFIGURED') {
    return (
      <ErrorState testId="page-error" type="support" title={strings.notConfiguredTitle}>
        <Text>{strings.notConfiguredBody}</Text>
      </ErrorState>
    );
  }
  if (error.code === 'NOT_INSTALLED') {
    return (
      <ErrorState testId="page-error" type="lock" title={strings.notInstalledTitle}>
        <Text>{strings.notInstalledBody}</Text>
        <Button onClick={onRetry}>{strings.retry}</Button>
      </ErrorState>
    );
  }
  if (error.code === 'FORBIDDEN' || error.code === 'UNAUTHORIZED') {
    return (
      <ErrorState testId="page-error" type="lock" title={strings.forbiddenTitle}>
        <Text>{strings.forbiddenBody}</Text>
      </ErrorState>
    );
  }
  const message =
    error.code === 'NETWORK'
      ? strings.errorNetwork
      : error.status === null
        ? strings.errorGeneric
        : error.message;
  return (
    <ErrorState testId="page-error" type="error" title={strings.errorTitle}>
      <Text>{message}</Text>
      <Button onClick={onRetry}>{strings.retry}</Button>
    </ErrorState>
  );
}
