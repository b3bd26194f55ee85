import { setTimeout as sleep } from 'node:timers/promises';
import { FaultSwitches } from './fault-switches';
import { verdict, verifyQtRequest, type VerifierContext } from './request-verifier';
import type { SandboxStore } from './sandbox-store';

/** The HTTP answer to one request: QT's JSON, or an injected server error. */
export interface SandboxAnswer {
  status: number;
  body: { code: string; message: string };
}

/** Answers POST /server/thirdPartyDataSource: faults first, then QT's checks, then storage. */
export class QtSandboxService {
  constructor(
    private readonly context: VerifierContext,
    private readonly store: SandboxStore,
    private readonly faults: FaultSwitches,
  ) {}

  async receive(body: string): Promise<SandboxAnswer> {
    const faults = await this.faults.get();
    if (faults.latencyMs > 0) await sleep(faults.latencyMs);

    const fault = FaultSwitches.decide(faults);
    if (fault.kind === 'http') {
      await this.store.countResponse(`HTTP_${fault.status}`);
      return { status: fault.status, body: { code: 'SANDBOX_FAULT', message: 'injected fault' } };
    }
    const answer =
      fault.kind === 'force' ? verdict(fault.code) : verifyQtRequest(body, this.context);

    if (answer.push) await this.store.add(answer.push, new Date(), answer.code);
    else await this.store.countResponse(answer.code);
    return { status: 200, body: { code: answer.code, message: answer.message } };
  }
}
