import { Button, ErrorState, LoadingSpinner, Text } from '@hubspot/ui-extensions';
import type { CardApiError } from '../lib/api-client';
import type { CardStrings } from '../lib/i18n';

export function CardLoading({ strings }: { strings: CardStrings }) {
  return <LoadingSpinner testId="card-loading" label={strings.loading} showLabel layout="centered" />;
}

interface CardErrorProps {
  error: CardApiError;
  strings: CardStrings;
  onRetry: () => void;
}

/** Every failure a rep can meet, in words they can act on (retry, or ask an admin). */
export function CardError({ error, strings, onRetry }: CardErrorProps) {
  if (error.code === 'NOT_CONFIGURED') {
    return (
      <ErrorState testId="card-error" type="support" title={strings.notConfiguredTitle}>
        <Text>{strings.notConfiguredBody}</Text>
      </ErrorState>
    );
  }
  if (error.code === 'NOT_INSTALLED') {
    return (
      <ErrorState testId="card-error" type="lock" title={strings.notInstalledTitle}>
        <Text>{strings.notInstalledBody}</Text>
        <Button onClick={onRetry}>{strings.retry}</Button>
      </ErrorState>
    );
  }
  if (error.code === 'FORBIDDEN' || error.code === 'UNAUTHORIZED') {
    return (
      <ErrorState testId="card-error" type="lock" title={strings.forbiddenTitle}>
        <Text>{strings.forbiddenBody}</Text>
      </ErrorState>
    );
  }
  if (error.code === 'DEAL_NOT_FOUND') {
    return (
      <ErrorState testId="card-error" type="error" title={strings.dealNotFoundTitle}>
        <Text>{strings.dealNotFoundBody}</Text>
        <Button onClick={onRetry}>{strings.retry}</Button>
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
    <ErrorState testId="card-error" type="error" title={strings.errorTitle}>
      <Text>{message}</Text>
      <Button onClick={onRetry}>{strings.retry}</Button>
    </ErrorState>
  );
}
