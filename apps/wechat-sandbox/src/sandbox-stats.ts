/** The WeChat API endpoints the sandbox serves. */
export type SandboxEndpoint = 'token' | 'stable_token' | 'user_info' | 'batchget';

/** What tests read from GET /__admin/stats. */
export interface SandboxStatsView {
  calls: Record<SandboxEndpoint, number>;
  /** Calls per appId and endpoint (token endpoints by `appid`, user endpoints by token owner). */
  byApp: Record<string, Partial<Record<SandboxEndpoint, number>>>;
  /** New tokens issued per appId (a normal-mode stable_token answer that reuses one is not). */
  tokensIssued: Record<string, number>;
  /** Error answers by errcode. */
  errors: Record<string, number>;
}

/** Call counters of the sandbox. */
export class SandboxStats {
  private view: SandboxStatsView = emptyStats();

  call(endpoint: SandboxEndpoint, appId: string | undefined): void {
    this.view.calls[endpoint] += 1;
    if (!appId) return;
    const app = (this.view.byApp[appId] ??= {});
    app[endpoint] = (app[endpoint] ?? 0) + 1;
  }

  issued(appId: string): void {
    this.view.tokensIssued[appId] = (this.view.tokensIssued[appId] ?? 0) + 1;
  }

  error(errcode: number): void {
    this.view.errors[errcode] = (this.view.errors[errcode] ?? 0) + 1;
  }

  snapshot(): SandboxStatsView {
    return structuredClone(this.view);
  }

  reset(): void {
    this.view = emptyStats();
  }
}

function emptyStats(): SandboxStatsView {
  return {
    calls: { token: 0, stable_token: 0, user_info: 0, batchget: 0 },
    byApp: {},
    tokensIssued: {},
    errors: {},
  };
}
