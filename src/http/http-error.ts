import type { Response } from 'express';

/**
 * JSON error responses of the HTTP edge: `{ error: { code, message, issues? } }` — the
 * ApiErrorBody shape of the card API contract, also used by the webhook endpoint and 404s.
 * Messages are written for the person reading them; stacks never leave the process.
 */
export interface ErrorIssue {
  path: string;
  message: string;
}

/** An error answered over HTTP (the webhook intake, the card/page/action APIs): status, stable code, message. */
export class HttpError<Code extends string = string> extends Error {
  constructor(
    readonly status: number,
    readonly code: Code,
    message: string,
    readonly issues?: ErrorIssue[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export function sendJsonError(
  res: Response,
  status: number,
  code: string,
  message: string,
  issues?: ErrorIssue[],
  headers?: Record<string, string>,
): void {
  if (headers !== undefined) res.set(headers);
  res
    .status(status)
    .type('application/json')
    .send(JSON.stringify({ error: { code, message, ...(issues !== undefined ? { issues } : {}) } }));
}

/** Maps errors of express.raw/json (body-parser) to an HttpError; null when it is not one. */
export function fromBodyParserError(err: unknown, limitLabel: string): HttpError | null {
  if (typeof err !== 'object' || err === null) return null;
  const e = err as { type?: unknown; status?: unknown };
  switch (e.type) {
    case 'entity.too.large':
      return new HttpError(413, 'PAYLOAD_TOO_LARGE', `Request body exceeds ${limitLabel}.`);
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new HttpError(
        415,
        'UNSUPPORTED_MEDIA_TYPE',
        'Unsupported content encoding or charset; send UTF-8 JSON.',
      );
    case 'request.aborted':
      return new HttpError(400, 'REQUEST_ABORTED', 'The request body was not completely received.');
    case 'request.size.invalid':
      return new HttpError(400, 'BAD_REQUEST', 'Request body length does not match Content-Length.');
    case 'entity.parse.failed':
      return new HttpError(400, 'INVALID_JSON', 'Request body is not valid JSON.');
    default:
      break;
  }
  // A Content-Encoding (gzip/deflate/br) body that does not decompress: body-parser wraps the
  // zlib error as a 400 that would otherwise expose zlib's code and message.
  if (isDecompressionError(err)) {
    return new HttpError(
      400,
      'BAD_REQUEST',
      'The request body could not be decompressed: send it uncompressed, or as valid gzip, deflate or br.',
    );
  }
  return null;
}

function isDecompressionError(err: object): boolean {
  const e = err as { status?: unknown; errno?: unknown; code?: unknown };
  if (e.status !== 400) return false;
  return typeof e.errno === 'number' || (typeof e.code === 'string' && /^(Z_|ERR__)/.test(e.code));
}

/** Redis (or anything) that does not answer within `ms` counts as unavailable. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
