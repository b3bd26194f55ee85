import { isQtResponseCode, QT_SUCCESS_CODE } from './qt-response-codes';

/** Why a request may succeed if sent again: QT or the way to it is unwell, not the request. */
export type QtRetriableReason = 'timeout' | 'network' | 'http-5xx' | 'http-status' | 'not-json';

/** What QT made of one request, as a value: expected outcomes are not exceptions. */
export type QtAnswer =
  | { kind: 'accepted' }
  | { kind: 'rejected'; code: string; message: string }
  | { kind: 'retriable'; reason: QtRetriableReason; status?: number };

/**
 * Reads QT's HTTP answer. A 5xx, an unexpected status or a body that is not QT's JSON came
 * from something between us and QT (or QT in trouble) and is worth retrying; any QT code but
 * success, documented or not, is final, since the same bytes would earn the same code.
 */
export function readQtAnswer(status: number, text: string): QtAnswer {
  if (status >= 500) return { kind: 'retriable', reason: 'http-5xx', status };

  const parsed = parseJson(text);
  const code = parsed?.code;
  if (typeof code !== 'string' || code.length === 0) {
    return {
      kind: 'retriable',
      reason: status >= 200 && status < 300 ? 'not-json' : 'http-status',
      status,
    };
  }
  if (code === QT_SUCCESS_CODE) return { kind: 'accepted' };
  const message = typeof parsed?.message === 'string' ? parsed.message : '';
  return { kind: 'rejected', code, message };
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** A bounded metric label for an answer: QT's documented code, `other`, or the retriable reason. */
export function answerLabel(answer: QtAnswer): string {
  switch (answer.kind) {
    case 'accepted':
      return QT_SUCCESS_CODE;
    case 'rejected':
      return isQtResponseCode(answer.code) ? answer.code : 'other';
    case 'retriable':
      return answer.reason;
  }
}
