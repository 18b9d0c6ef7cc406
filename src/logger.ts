import { pino, type Logger } from 'pino';

/** Paths redacted from every log line: tokens, secrets, signatures, raw bodies. */
export const REDACT_PATHS = [
  'accessToken',
  'refreshToken',
  'access_token',
  'refresh_token',
  'token',
  'clientSecret',
  'client_secret',
  'code',
  'authorization',
  'signature',
  '*.accessToken',
  '*.refreshToken',
  '*.access_token',
  '*.refresh_token',
  '*.token',
  '*.clientSecret',
  '*.client_secret',
  '*.authorization',
  'req.headers.authorization',
  'req.headers["x-hubspot-signature"]',
  'req.headers["x-hubspot-signature-v3"]',
  'req.headers.cookie',
  'headers.authorization',
  'headers["x-hubspot-signature-v3"]',
];

export interface LoggerOptions {
  level?: string;
  /** Destination stream (tests capture logs here). Default stdout. */
  destination?: NodeJS.WritableStream;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    {
      name: 'stepwise',
      level: options.level ?? 'info',
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      base: { service: 'stepwise' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    options.destination ?? process.stdout,
  );
}

export type { Logger };
