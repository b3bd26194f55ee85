import type { FetchLike } from '@oa-relay/token';

/** Receives one observed request: the endpoint and WeChat's errcode (or a transport outcome). */
export type CallObserver = (endpoint: string, errcode: string) => void;

/**
 * Wraps the `fetch` the token library uses so that every request to WeChat is counted by
 * endpoint and errcode, without the library knowing. The observer can be attached after the
 * wrapper was handed out (the metrics registry comes from dependency injection).
 */
export class WechatCallMeter {
  private observer: CallObserver = () => undefined;

  constructor(private readonly inner: FetchLike = fetch) {}

  /** Where counts go from now on. */
  attach(observer: CallObserver): void {
    this.observer = observer;
  }

  /** The counting `fetch`. */
  readonly fetch: FetchLike = async (input, init) => {
    const endpoint = endpointOf(input);
    let response: Response;
    try {
      response = await this.inner(input, init);
    } catch (error) {
      const timedOut = (error as { name?: unknown } | null)?.name === 'TimeoutError';
      this.observer(endpoint, timedOut ? 'timeout' : 'network');
      throw error;
    }
    this.observer(endpoint, await errcodeOf(response));
    return response;
  };
}

/** `user/info/batchget`, `stable_token`, …; anything outside `cgi-bin/` is the token source. */
export function endpointOf(input: Parameters<FetchLike>[0]): string {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  const path = new URL(url).pathname;
  const at = path.indexOf('/cgi-bin/');
  return at < 0 ? 'token-source' : path.slice(at + '/cgi-bin/'.length).replace(/\/+$/, '');
}

async function errcodeOf(response: Response): Promise<string> {
  if (response.status >= 400) return `http_${response.status}`;
  try {
    const body = (await response.clone().json()) as { errcode?: unknown } | null;
    const errcode = body?.errcode;
    return typeof errcode === 'number' ? String(errcode) : '0';
  } catch {
    return 'not_json';
  }
}
