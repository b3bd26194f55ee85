import { Redis } from 'ioredis';
import { testRedisUrl, waitFor } from '@oa-relay/testing';
import type { StoredEvent } from '../../qt-sandbox/src/sandbox-store';
import {
  buildDispatcher,
  killQuietly,
  spawnDispatcher,
  type DispatcherProcess,
} from '../test/dispatcher-process';
import {
  interleave,
  startDispatcherStack,
  userStreams,
  type DispatcherStack,
} from '../test/dispatcher-stack';

jest.setTimeout(180_000);

const USERS = 8;
const PER_USER = 60;
const TOTAL = USERS * PER_USER;

/** Distinct MsgIds per sender in order of first arrival, and how many arrived more than once. */
function firstArrivals(events: StoredEvent[]) {
  const seen = new Map<string, number>();
  const order = new Map<string, string[]>();
  for (const event of events) {
    const id = event.msgId ?? '';
    seen.set(id, (seen.get(id) ?? 0) + 1);
    if (seen.get(id) === 1) order.set(event.openId, [...(order.get(event.openId) ?? []), id]);
  }
  const duplicated = [...seen].filter(([, count]) => count > 1).map(([id]) => id);
  return { order, duplicated, distinct: seen.size };
}

function expectedOrder(streams: ReturnType<typeof userStreams>): Map<string, string[]> {
  return new Map(streams.map((s) => [s[0].raw.openId, s.map((e) => e.push.msgId as string)]));
}

async function deliveredMarkers(prefix: string): Promise<Set<string>> {
  const redis = new Redis(testRedisUrl());
  try {
    const keys = await redis.keys(`${prefix}:delivered:*`);
    return new Set(keys.map((key) => key.slice(`${prefix}:delivered:evt-`.length)));
  } finally {
    await redis.quit();
  }
}

async function allDelivered(stack: DispatcherStack): Promise<StoredEvent[]> {
  return waitFor(
    async () => {
      const events = await stack.delivered();
      return firstArrivals(events).distinct === TOTAL ? events : undefined;
    },
    { timeoutMs: 90_000, intervalMs: 250, description: `${TOTAL} distinct events at the sandbox` },
  );
}

describe('the dispatcher as a process', () => {
  let stack: DispatcherStack;
  let running: DispatcherProcess | undefined;

  beforeAll(async () => {
    await buildDispatcher();
  });

  afterEach(async () => {
    await killQuietly(running);
    await stack?.close();
  });

  it('loses nothing and re-sends nothing that had succeeded when killed with SIGKILL mid-stream', async () => {
    stack = await startDispatcherStack(6);
    const env = stack.env({ LOG_LEVEL: 'warn' });
    const streams = userStreams(USERS, PER_USER);
    await stack.setFaults({ latencyMs: 15 });
    running = await spawnDispatcher(env);

    await stack.publish(interleave(streams));
    await waitFor(async () => (await stack.delivered()).length >= TOTAL / 4, {
      description: 'a quarter delivered',
    });
    running.child.kill('SIGKILL');
    const killed = await running.exited;
    const succeededBeforeKill = await deliveredMarkers(env.DISPATCHER_MARKER_PREFIX);
    const atKill = (await stack.delivered()).length;
    running = await spawnDispatcher(env);
    const { order, duplicated } = firstArrivals(await allDelivered(stack));

    expect(killed.signal).toBe('SIGKILL');
    expect(atKill).toBeLessThan(TOTAL);
    expect(succeededBeforeKill.size).toBeGreaterThan(0);
    expect(duplicated.filter((id) => succeededBeforeKill.has(id))).toEqual([]);
    // Only requests QT had answered while the process died can arrive twice.
    expect(duplicated.length).toBeLessThanOrEqual(atKill - succeededBeforeKill.size + 64);
    expect(order).toEqual(expectedOrder(streams));
  });

  it('on SIGTERM finishes what is in flight, commits and exits 0; the next process sends no copies', async () => {
    stack = await startDispatcherStack(6);
    const env = stack.env({ LOG_LEVEL: 'warn' });
    const streams = userStreams(USERS, PER_USER);
    await stack.setFaults({ latencyMs: 15 });
    running = await spawnDispatcher(env);

    await stack.publish(interleave(streams));
    await waitFor(async () => (await stack.delivered()).length >= TOTAL / 4, {
      description: 'a quarter delivered',
    });
    running.child.kill('SIGTERM');
    const stopped = await running.exited;
    const atStop = (await stack.delivered()).length;
    const committed = await stack.committed(env.DISPATCHER_GROUP_ID);
    running = await spawnDispatcher(env);
    const events = await allDelivered(stack);
    const { order, duplicated } = firstArrivals(events);

    expect(stopped).toEqual({ code: 0, signal: null });
    expect(atStop).toBeLessThan(TOTAL);
    expect(committed).toBeGreaterThan(0);
    expect(committed).toBeLessThanOrEqual(atStop);
    expect(duplicated).toEqual([]);
    expect(events).toHaveLength(TOTAL);
    expect(order).toEqual(expectedOrder(streams));
  });
});
