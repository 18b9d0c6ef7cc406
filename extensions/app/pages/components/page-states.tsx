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

interface ErrorSpec {
  type: 'support' | 'lock' | 'error';
  title: string;
  body: string;
  /** Whether trying again can help (it cannot while the profile or the grant is wrong). */
  retry: boolean;
}

function errorSpec(error: PageApiError, s: PageStrings): ErrorSpec {
  switch (error.code) {
    case 'NOT_CONFIGURED':
      return { type: 'support', title: s.notConfiguredTitle, body: s.notConfiguredBody, retry: false };
    case 'NOT_INSTALLED':
      return { type: 'lock', title: s.notInstalledTitle, body: s.notInstalledBody, retry: true };
    case 'FORBIDDEN':
    case 'UNAUTHORIZED':
      return { type: 'lock', title: s.forbiddenTitle, body: s.forbiddenBody, retry: false };
    case 'NETWORK':
      return { type: 'error', title: s.errorTitle, body: s.errorNetwork, retry: true };
    default:
      return {
        type: 'error',
        title: s.errorTitle,
        body: error.status === null ? s.errorGeneric : error.message,
        retry: true,
      };
  }
}

/** Every failure a manager can meet, in words they can act on (retry, or ask an admin). */
export function PageError({ error, strings, onRetry }: PageErrorProps) {
  const spec = errorSpec(error, strings);
  return (
    <ErrorState testId="page-error" type={spec.type} title={spec.title}>
      <Text>{spec.body}</Text>
      {spec.retry ? <Button onClick={onRetry}>{strings.retry}</Button> : null}
    </ErrorState>
  );
}
