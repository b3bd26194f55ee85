import { Counter, type Registry } from 'prom-client';

/** The token-center's counters; labels are bounded by accounts, outcomes, errcodes and callers. */
export class CenterMetrics {
  private readonly refreshes: Counter<'app_id' | 'outcome'>;
  private readonly wechatErrors: Counter<'app_id' | 'errcode'>;
  private readonly requests: Counter<'caller' | 'route' | 'outcome'>;

  constructor(registry: Registry) {
    const registers = [registry];
    this.refreshes = new Counter({
      name: 'token_center_refreshes_total',
      help: 'stable_token fetches by outcome: refreshed, unchanged, *-forced, failed',
      labelNames: ['app_id', 'outcome'],
      registers,
    });
    this.wechatErrors = new Counter({
      name: 'token_center_wechat_errors_total',
      help: 'Failed stable_token fetches by WeChat errcode (or stable code when there is none)',
      labelNames: ['app_id', 'errcode'],
      registers,
    });
    this.requests = new Counter({
      name: 'token_center_requests_total',
      help: 'Requests by authenticated caller, route and outcome',
      labelNames: ['caller', 'route', 'outcome'],
      registers,
    });
  }

  refreshed(appId: string, outcome: string): void {
    this.refreshes.inc({ app_id: appId, outcome });
  }

  wechatError(appId: string, errcode: string): void {
    this.wechatErrors.inc({ app_id: appId, errcode });
  }

  request(caller: string, route: 'token' | 'invalid', outcome: string): void {
    this.requests.inc({ caller, route, outcome });
  }
}
