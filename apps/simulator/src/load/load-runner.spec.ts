import type { SendOutcome, Sender } from '../wire/http-sender';
import type { WirePush } from '../wire/wire-push';
import { runLoad, type LoadResult, type PushSource } from './load-runner';

function wire(i: number): WirePush {
  const push = {
    kind: 'msg-text',
    appId: 'wx5a1e0000000000a1',
    toUserName: 'gh_1',
    openId: `o${i}`,
    createTime: '1',
    msgType: 'text',
    xml: `<xml>${i}</xml>`,
  };
  return { push, mode: 'plaintext', path: '/wechat/x', query: { n: String(i) }, body: push.xml };
}

function counter(limit = Infinity): PushSource {
  let i = 0;
  return () => (i < limit ? wire(i++) : undefined);
}

/** A gateway stand-in answering after `delayMs`, tracking how many requests overlap. */
function fakeGateway(delayMs = 0) {
  const state = { inFlight: 0, maxInFlight: 0 };
  const send: Sender = async () => {
    state.inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    state.inFlight--;
    return { status: 200, body: 'success', latencyMs: delayMs } satisfies SendOutcome;
  };
  return { send, state };
}

async function collect(plan: Parameters<typeof runLoad>[0], source: PushSource, send: Sender) {
  const results: LoadResult[] = [];
  const { elapsedMs } = await runLoad(plan, source, send, (r) => results.push(r));
  return { results, elapsedMs };
}

describe(runLoad.name, () => {
  describe('closed loop', () => {
    it('sends exactly the count with at most the concurrency in flight', async () => {
      const gateway = fakeGateway(2);
      const { results } = await collect({ concurrency: 8, count: 200 }, counter(), gateway.send);

      expect(results).toHaveLength(200);
      expect(gateway.state.maxInFlight).toBe(8);
      expect(new Set(results.map((r) => r.wire.body)).size).toBe(200);
    });

    it('stops when a finite source runs out', async () => {
      const { results } = await collect({ concurrency: 3 }, counter(29), fakeGateway().send);

      expect(results).toHaveLength(29);
    });

    it('stops after the duration', async () => {
      const { results, elapsedMs } = await collect(
        { concurrency: 2, durationMs: 150 },
        counter(),
        fakeGateway(5).send,
      );

      expect(elapsedMs).toBeGreaterThanOrEqual(150);
      expect(elapsedMs).toBeLessThan(1_000);
      expect(results.length).toBeGreaterThan(10);
    });

    it('stops sending once aborted', async () => {
      const abort = new AbortController();
      let n = 0;
      const results = await collect({ concurrency: 1, signal: abort.signal }, counter(), () => {
        if (++n === 10) abort.abort();
        return Promise.resolve({ status: 200, body: 'success', latencyMs: 0 });
      });

      expect(results.results).toHaveLength(10);
    });
  });

  describe('open loop', () => {
    it('holds the target rate whatever the answer time', async () => {
      const { results, elapsedMs } = await collect(
        { rate: 400, durationMs: 500 },
        counter(),
        fakeGateway(30).send,
      );
      const rate = (results.length * 1000) / elapsedMs;

      expect(results.length).toBeGreaterThan(170);
      expect(results.length).toBeLessThanOrEqual(202);
      expect(rate).toBeGreaterThan(250);
    });

    it('never has more than maxInFlight requests waiting', async () => {
      const gateway = fakeGateway(50);
      await collect({ rate: 2000, count: 300, maxInFlight: 20 }, counter(), gateway.send);

      expect(gateway.state.maxInFlight).toBeLessThanOrEqual(20);
    });
  });

  describe('retries', () => {
    it('resends about the asked share of earlier pushes, unchanged', async () => {
      const { results } = await collect(
        { concurrency: 4, count: 2000, retryShare: 0.2, seed: 3 },
        counter(),
        fakeGateway().send,
      );
      const retries = results.filter((r) => r.retry);
      const originals = new Map(results.filter((r) => !r.retry).map((r) => [r.wire.body, r.wire]));

      expect(retries.length / results.length).toBeGreaterThan(0.15);
      expect(retries.length / results.length).toBeLessThan(0.25);
      for (const r of retries) expect(originals.get(r.wire.body)).toBe(r.wire);
    });

    it('sends no retry when the share is zero', async () => {
      const { results } = await collect(
        { concurrency: 4, count: 300 },
        counter(),
        fakeGateway().send,
      );

      expect(results.some((r) => r.retry)).toBe(false);
    });
  });

  it('rethrows a failure of the result handler after the requests in flight finish', async () => {
    const gateway = fakeGateway(1);
    const run = runLoad({ rate: 500, count: 50 }, counter(), gateway.send, () => {
      throw new Error('disk full');
    });

    await expect(run).rejects.toThrow('disk full');
    expect(gateway.state.inFlight).toBe(0);
  });
});
