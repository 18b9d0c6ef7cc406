import type { Response } from 'express';

/** A handler's answer as it was (or would have been) sent. */
export interface CapturedAnswer {
  status: number;
  contentType: string | null;
  body: string;
}

export interface CaptureOptions {
  /** When the handler has not answered within this many ms, `onDeadline` answers instead (0 = never). */
  deadlineMs: number;
  /** Sends the deadline answer (e.g. 503 + Retry-After); runs with the response's own send. */
  onDeadline: (res: Response) => void;
  /**
   * The handler's own answer, once. `late` = it came after the deadline answer went out: it was
   * not sent, but the caller may keep it (e.g. for HubSpot's retry of the same request).
   */
  onAnswer: (answer: CapturedAnswer, late: boolean) => void;
}

type Sender = (...args: unknown[]) => unknown;

function bodyText(body: unknown): string {
  if (body === undefined || body === null) return '';
  if (Buffer.isBuffer(body)) return body.toString('utf8');
  return typeof body === 'string' ? body : String(body);
}

/**
 * Watches an Express response: reports the handler's answer (status, type, body) and, past a
 * deadline, answers for the handler so the caller gets a retryable error before its own timeout
 * (HubSpot's `hubspot.fetch`: "Each request has a default timeout of 15 seconds … HubSpot will
 * automatically retry a request once … if the request fails with a 5XX status code within the
 * timeout window" — https://developers.hubspot.com/docs/apps/developer-platform/add-features/ui-extensibility/fetching-data).
 * After the deadline answer, the handler keeps running; whatever it sends or sets is captured
 * and reported, never written (the response is already complete).
 */
export function captureResponse(res: Response, options: CaptureOptions): void {
  const target = res as unknown as { send: Sender; end: Sender; setHeader: Sender; json: Sender };
  const send = target.send.bind(res);
  const end = target.end.bind(res);
  let answered = false;
  let late = false;
  let deadlineSending = false;

  const finish = (body: unknown): void => {
    if (answered) return;
    answered = true;
    if (timer !== undefined) clearTimeout(timer);
    const type = res.getHeader('content-type');
    options.onAnswer(
      { status: res.statusCode, contentType: typeof type === 'string' ? type : null, body: bodyText(body) },
      late,
    );
  };

  target.send = (body: unknown): unknown => {
    if (deadlineSending) return send(body);
    // res.send(object) re-enters through res.json, which calls send with the JSON text.
    if (body !== null && typeof body === 'object' && !Buffer.isBuffer(body)) return target.json(body);
    finish(body);
    return late ? res : send(body);
  };
  target.end = (...args: unknown[]): unknown => {
    if (deadlineSending || (answered && !late)) return end(...args);
    finish(typeof args[0] === 'function' ? '' : args[0]);
    return late ? res : end(...args);
  };

  const timer =
    options.deadlineMs > 0
      ? setTimeout(() => {
          if (answered || res.headersSent || res.writableEnded) return;
          late = true;
          const status = res.statusCode;
          deadlineSending = true;
          try {
            options.onDeadline(res);
          } finally {
            deadlineSending = false;
          }
          // The handler's later answer is recorded with its own status and headers go nowhere.
          res.statusCode = status;
          target.setHeader = (): unknown => res;
        }, options.deadlineMs)
      : undefined;
  timer?.unref();
  res.on('close', () => {
    if (timer !== undefined && !late) clearTimeout(timer);
  });
}
