/** The `fetch` this library calls; injectable so tests can count or fail requests. */
export type FetchLike = typeof fetch;

/** What a JSON request came to, as a value: callers map each case to their own error code. */
export type JsonResponse =
  | { kind: 'json'; status: number; body: unknown }
  | { kind: 'not-json'; status: number }
  | { kind: 'unreachable'; reason: 'timeout' | 'network' };

/** One HTTP request whose answer is expected to be JSON, bounded by a timeout. */
export async function requestJson(
  fetchImpl: FetchLike,
  url: string,
  init: RequestInit,
  timeoutMs: number,
): Promise<JsonResponse> {
  let response: Response;
  let text: string;
  try {
    response = await fetchImpl(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    text = await response.text();
  } catch (error) {
    // The abort reason is a DOMException, which is not always an Error of this realm.
    const timedOut = (error as { name?: unknown } | null)?.name === 'TimeoutError';
    return { kind: 'unreachable', reason: timedOut ? 'timeout' : 'network' };
  }

  try {
    return { kind: 'json', status: response.status, body: JSON.parse(text) as unknown };
  } catch {
    return { kind: 'not-json', status: response.status };
  }
}

/** WeChat's error envelope: errcode 0 or absent means success. */
export function wechatErrcode(body: unknown): number {
  if (typeof body !== 'object' || body === null) return 0;
  const code = (body as { errcode?: unknown }).errcode;
  return typeof code === 'number' ? code : 0;
}
